"""A field's value and the layer that gave it: the first of a field's layers to answer wins."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")

# A layer of one field: its name (recorded as the field's provenance) and its reader,
# which gives None when this layer has no answer for the page.
Layer = tuple[str, Callable[[], T | None]]


class Answer(NamedTuple, Generic[T]):
    value: T | None
    layer: str | None  # None: no layer answered


def first_answer(layers: Iterable[Layer[T]]) -> Answer[T]:
    """The answer of the first layer, in order, that gives one (readers after it never run)."""
    for name, read in layers:
        value = read()
        if value is not None:
            return Answer(value, name)
    return Answer(None, None)

"""Shingles and MinHash sketches: estimates track the exact Jaccard similarity, CJK text is
shingled by characters, and stored sketches stay comparable (a pinned value)."""

from __future__ import annotations

import pytest

from polwire.core.minhash import BANDS, SCHEME, SLOTS, Sketch, sketch_text
from polwire.core.shingles import CJK_SHINGLE, WORD_SHINGLE, shingle_hashes, tokens
from polwire.storage.stories import similarity
from tests.support.newsroom import BY_SLUG


def body(name: str) -> str:
    return BY_SLUG[name].body


def exact_jaccard(a: str, b: str) -> float:
    x, y = shingle_hashes(a), shingle_hashes(b)
    return len(x & y) / len(x | y)


def sketch(text: str) -> Sketch:
    made = sketch_text(text)
    assert made is not None
    return made


def test_tokens_ignore_case_and_punctuation_and_split_cjk_into_characters() -> None:
    assert tokens("The U.S.-Japan “alliance”, isn't over!") == (
        ["the", "u.s.-japan", "alliance", "isn't", "over"],
        False,
    )
    assert tokens("北朝鮮が発射") == (["北", "朝", "鮮", "が", "発", "射"], True)
    # Hangul is written with spaces: Korean is shingled by words.
    assert tokens("북한이 미사일을 발사했다") == (["북한이", "미사일을", "발사했다"], False)


def test_shingle_sizes() -> None:
    assert len(shingle_hashes("one two three four five")) == 5 - WORD_SHINGLE + 1
    assert len(shingle_hashes("北朝鮮が弾道ミサイル")) == 10 - CJK_SHINGLE + 1
    assert shingle_hashes("a b c") != shingle_hashes("c b a")
    assert len(shingle_hashes("short")) == 1
    assert sketch_text("  ...  ") is None


def test_identical_bodies_agree_on_every_slot() -> None:
    text = body("ldp-leadership-race")
    assert sketch(text).jaccard(sketch(text)) == 1.0
    # Spacing, case and punctuation do not matter.
    assert sketch(text).signature == sketch(text.upper().replace(",", " ,")).signature


@pytest.mark.parametrize(
    "name",
    [
        "ldp-leadership-race",
        "pension-reform-delay",
        "ja-lower-house-dissolution",
        "ko-assembly-budget",
    ],
)
def test_estimate_tracks_exact_jaccard_of_edited_copies(name: str) -> None:
    original = body(name)
    paragraphs = original.split("\n\n")
    edited = "\n\n".join(
        ["A new first paragraph written by the republishing outlet.", *paragraphs[:-1]]
    )
    exact = exact_jaccard(original, edited)
    estimate = sketch(original).jaccard(sketch(edited))
    assert exact > 0.5
    # 128 slots: the standard error is at most 0.045.
    assert abs(estimate - exact) < 0.15


def test_unrelated_articles_are_far_apart() -> None:
    names = [
        "ldp-leadership-race",
        "pension-reform-delay",
        "ja-lower-house-dissolution",
        "ko-assembly-budget",
        "zh-cna-legislative-yuan",
    ]
    sketches = [sketch(body(n)) for n in names]
    for i, a in enumerate(sketches):
        for b in sketches[i + 1 :]:
            assert a.jaccard(b) < 0.1


def test_storage_compares_stored_signatures_like_the_sketch_does() -> None:
    a, b = (
        sketch(body("pension-reform-delay")),
        sketch(body("pension-reform-delay") + "\n\nOne more closing paragraph here."),
    )
    assert similarity(a.to_bytes(), b.to_bytes()) == a.jaccard(b)
    assert Sketch.from_bytes(a.to_bytes(), a.shingles) == a
    assert len(a.to_bytes()) == 4 * SLOTS


def test_sketches_and_band_keys_are_stable() -> None:
    # Sketches are stored: a change to shingling or hashing must bump SCHEME (and this test).
    made = sketch("The prime minister said on Tuesday that the two countries agreed to talks.")
    assert SCHEME == 1
    assert made.shingles == 11
    assert made.signature[:4] == PINNED_SIGNATURE_START
    assert made.band_keys()[:2] == PINNED_BANDS_START
    assert len(made.band_keys()) == BANDS


PINNED_SIGNATURE_START = (664585914, 1926755899, 1926755899, 664585914)
PINNED_BANDS_START = [-2502008342354223845, 5547512348399233807]

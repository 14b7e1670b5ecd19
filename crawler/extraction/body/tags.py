"""Tags by what their content is to a story: never prose, one paragraph, inline, furniture."""

from __future__ import annotations

from crawler.extraction.tree import INVISIBLE_TAGS

# Blocks whose whole subtree is never article prose.
SKIP_TAGS = INVISIBLE_TAGS | {
    "figure",
    "figcaption",
    "aside",
    "nav",
    "footer",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "label",
    "picture",
    "img",
    "video",
    "audio",
    "h1",
    "dialog",
    "menu",
}
# Tables are not skipped: a table inside the story's container is its data (a
# comparison, a schedule, a recipe's quantities), and its cells read as lines.

# Elements that are one paragraph each (their inline children are read as one text).
BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dd", "dt"})
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
INLINE_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "span",
        "font",
        "small",
        "big",
        "sub",
        "sup",
        "mark",
        "abbr",
        "cite",
        "q",
        "time",
        "code",
        "s",
        "del",
        "ins",
        "ruby",
        "rb",
        "rt",
        "rp",
        "wbr",
        "br",
        "bdi",
        "bdo",
        "data",
        "var",
        "kbd",
        "tt",
        "strike",
    }
)


# Page furniture by its tag: prose inside them (a site disclaimer, a sidebar story) is never
# the article, however long, wherever a broken page's nesting puts them.
FURNITURE_TAGS = frozenset({"footer", "aside", "nav"})

"""An article body's paragraphs as blocks to show: sub-headings told apart from paragraphs,
and the first hit of the search given an anchor (`#first-hit`) that result links jump to.

Files carry no markup, so a sub-heading is recognised conservatively: a short single line
between two paragraphs, starting with a capital or a digit, without final punctuation, and
followed by a longer paragraph. Anything else stays a paragraph.
"""

import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

FIRST_HIT = "first-hit"
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 10
_TAGS = re.compile(r"<[^>]+>")
_FINAL_PUNCTUATION = tuple(".,;:!?…\"'”’)]»-–—")
_LIST_MARKERS = tuple("•·○●▪‣-–—*>")


@dataclass(frozen=True)
class Block:
    text: str | SafeString  # a str is escaped by the template; a SafeString is already
    heading: bool = False
    first_hit: bool = False  # holds the <mark id="first-hit">


def looks_like_subheading(text: str, following: str) -> bool:
    """Whether `text` (plain, unescaped) reads as a sub-heading before `following`."""
    line = text.strip()
    if not line or "\n" in line or len(line) > HEADING_MAX_CHARS:
        return False
    if len(line.split()) > HEADING_MAX_WORDS or line.endswith(_FINAL_PUNCTUATION):
        return False
    if line.startswith(_LIST_MARKERS) or not (line[0].isupper() or line[0].isdigit()):
        return False
    return len(following.strip()) > max(2 * len(line), 100)


def _plain(paragraph: str | SafeString) -> str:
    # Marked paragraphs are escaped HTML: their marks are dropped to judge the words only.
    if isinstance(paragraph, SafeString):
        return _TAGS.sub("", paragraph).replace("&amp;", "&")
    return paragraph


def body_blocks(paragraphs: list[str | SafeString]) -> list[Block]:
    """`paragraphs` as blocks, with sub-headings found and the first <mark> anchored."""
    plain = [_plain(p) for p in paragraphs]
    blocks, anchored = [], False
    for i, paragraph in enumerate(paragraphs):
        heading = 0 < i < len(paragraphs) - 1 and looks_like_subheading(plain[i], plain[i + 1])
        first = not anchored and isinstance(paragraph, SafeString) and "<mark>" in paragraph
        if first:
            paragraph = mark_safe(paragraph.replace("<mark>", f'<mark id="{FIRST_HIT}">', 1))
            anchored = True
        blocks.append(Block(paragraph, heading, first))
    return blocks

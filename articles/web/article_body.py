"""An article body shown in parts, so that no page sends megabytes of text.

Parts are cut at paragraph breaks when there is one in reach, else at a space, so that a
single huge paragraph is cut too. Hits are marked in the shown part only.
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from articles.search import SearchQuery, render_marked, search_for
from articles.search.base import START, STOP

PART_CHARS = 40_000


@dataclass(frozen=True)
class BodyPart:
    number: int  # 1-based
    count: int
    start: int  # character offsets into the body
    stop: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def part_bounds(body: str, size: int = PART_CHARS) -> list[tuple[int, int]]:
    """(start, stop) offsets of consecutive parts of at most `size` characters."""
    bounds, start = [], 0
    while len(body) - start > size:
        window = body[start : start + size]
        cut = window.rfind("\n\n")
        if cut < size // 2:
            cut = max(window.rfind(" "), window.rfind("\n"))
        if cut < size // 2:
            cut = size
        bounds.append((start, start + cut))
        start += cut
    bounds.append((start, len(body)))
    return bounds


def body_part(body: str, requested, size: int = PART_CHARS) -> BodyPart:
    """The requested part (a 1-based number from the URL); the first for anything invalid."""
    bounds = part_bounds(body, size)
    try:
        number = min(max(int(requested), 1), len(bounds))
    except (TypeError, ValueError):
        number = 1
    start, stop = bounds[number - 1]
    return BodyPart(number, len(bounds), start, stop)


def part_paragraphs(article, part: BodyPart, query: SearchQuery) -> list[str | SafeString]:
    """The paragraphs of `part`, with the query's hits marked when it has any."""
    text = article.body[part.start : part.stop].strip("\n")
    marked = _marked_part(article, part, query) if query else None
    if marked is not None:
        return [render_marked(paragraph) for paragraph in marked.strip("\n").split("\n\n")]
    return text.split("\n\n")


def _marked_part(article, part: BodyPart, query: SearchQuery) -> str | None:
    # Only the part shown is marked: bounded work whatever the whole body holds.
    rows = type(article).objects.using(article._state.db or "default").filter(pk=article.pk)
    marked = search_for(rows, query).marked_range(article.pk, part.start, part.stop)
    expected = article.body[part.start : part.stop]
    if not marked or START not in marked or marked.replace(START, "").replace(STOP, "") != expected:
        return None
    return marked

from pathlib import Path, PurePath

from django import template
from django.conf import settings

from articles.analysis.languages import language_name as name_of_language
from articles.weblinks import http_url

register = template.Library()


@register.filter(name="http_url")
def http_url_filter(value):
    """The URL when it may be linked (http or https), else "": use it for every href that
    comes from data."""
    return http_url(value)


@register.filter
def language_name(code: str) -> str:
    """ "ru" -> "Russian"; "unknown" for an article whose language is not known."""
    return name_of_language(code) or "unknown"


@register.filter
def ingest_relative(file_name: str) -> str:
    """An ingested file's path without the server's folders: relative to the ingest root
    (ARCHIVE_SEEDS_DIR) or the project, else its last folder and name."""
    path = PurePath(file_name or "")
    for root in (Path(settings.ARCHIVE_SEEDS_DIR), Path(settings.BASE_DIR)):
        for base in {root, root.resolve()}:
            if path.is_absolute() and path.is_relative_to(base):
                return str(path.relative_to(base))
    if not path.is_absolute():
        return str(path)
    return str(PurePath("…", *path.parts[-2:]))


LEAD_CHARS = 240


@register.filter
def lead(body: str, chars: int = LEAD_CHARS) -> str:
    """The start of a body as one line of at most `chars` characters, cut at a word: the
    snippet of a result found without a query. Only the start is read, whatever its size."""
    text = " ".join((body or "")[: chars * 2].split())
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[: cut if cut > chars // 2 else chars].rstrip(" ,;:") + " …"

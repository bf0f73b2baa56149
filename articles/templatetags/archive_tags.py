from django import template

from articles import provenance
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
def shown_file(article) -> str:
    """The article's file as staff see it (articles.provenance): never a server path."""
    return provenance.shown_file(article.file_name, article.import_ref)


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

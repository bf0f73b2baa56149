"""The language a text's alphabet gives away, for articles whose language nobody stated."""

import re

_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SAMPLE = 5_000  # characters read: the alphabet of a text shows in its first page


def language_of_script(text: str) -> str:
    """ "ru" for a text written mostly in Cyrillic, else "" (unknown: the analysis reads it
    as English). A cheap fallback, not a language detector: it never tells French from
    English."""
    sample = text[:SAMPLE]
    letters = len(_LETTER.findall(sample))
    if letters and len(_CYRILLIC.findall(sample)) > letters / 2:
        return "ru"
    return ""

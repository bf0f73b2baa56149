"""Finding what the analysis returned (a date's or a quote's text) back in the source text.

The analysis returns text, not offsets into the file it was given, and cleaning may change
whitespace; a gold set's spans are offsets into the file. `FlatText` searches a copy of the
text with whitespace collapsed and maps what it finds back to the original offsets.
"""

from __future__ import annotations


class FlatText:
    def __init__(self, text: str):
        chars, where = [], []
        previous_space = True
        for i, char in enumerate(text):
            if char.isspace():
                if previous_space:
                    continue
                char = " "
            previous_space = char == " "
            chars.append(char)
            where.append(i)
        self.text = text
        self.flat = "".join(chars)
        self._where = where

    @staticmethod
    def collapse(snippet: str) -> str:
        return " ".join(snippet.split())

    def find(self, snippet: str, start: int = 0, end: int | None = None) -> int:
        """Where collapsed `snippet` is in the collapsed text (from `start`), or -1."""
        end = len(self.flat) if end is None else end
        return self.flat.find(self.collapse(snippet), start, end)

    def span(self, at: int, length: int) -> tuple[int, int]:
        """The original offsets of `length` collapsed characters found at `at`."""
        return self._where[at], self._where[at + length - 1] + 1

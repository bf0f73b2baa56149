"""Undoing the Penn Treebank tokenisation of Timeline17's texts ("the world 's", "-LRB-",
"`` quoted ''"), so that the analysis and the ingest read them as an outlet published them."""

import re

_PTB = [
    (re.compile(r"-LRB-"), "("),
    (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["),
    (re.compile(r"-RSB-"), "]"),
    (re.compile(r"-LCB-"), "{"),
    (re.compile(r"-RCB-"), "}"),
    (re.compile(r"``\s*"), "\u201c"),
    (re.compile(r"\s*''"), "\u201d"),
    (re.compile(r"([(\[{])\s+"), r"\1"),
    (re.compile(r"\s+([)\]}])"), r"\1"),
    (re.compile(r"\s+([.,;:!?%])"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"\$\s+(?=\d)"), "$"),
    (re.compile(r"[ \t]+"), " "),
]


def detokenise(text: str) -> str:
    for pattern, replacement in _PTB:
        text = pattern.sub(replacement, text)
    return text

"""Finding the files to ingest under the paths an operator names, without ever stopping on
one: a folder that cannot be entered, a broken or looping link, a FIFO or a file of another
type each becomes its own line in the report, and the walk goes on.

No Django here, so it can be tested in a process of its own (as an unprivileged user).
"""

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SKIPPED, FAILED = "skipped", "failed"


@dataclass(frozen=True)
class Problem:
    path: Path
    status: str  # skipped (nothing to do) or failed (the operator should look)
    message: str


def printable_name(name: str) -> str:
    """A file name safe to store and print: bytes that are not UTF-8 and control characters
    (newlines, terminal escapes) become backslash escapes."""
    try:
        text = os.fsencode(name).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that did not come from a file name
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def discover(paths: Iterable[Path], suffixes: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    """Regular files with one of `suffixes` under `paths` (folders recursively, sorted), and
    one problem per path that was not ingestible."""
    suffixes = {s.lower() for s in suffixes}
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        kind = _kind(path)
        if kind in ("folder", "linked-folder"):  # a link named on the command line is meant
            found: list[Path] = []
            _walk(path, suffixes, found, problems)
            files.extend(sorted(found))
        elif kind == "file" and path.suffix.lower() in suffixes:
            files.append(path)
        elif kind == "file":
            problems.append(Problem(path, SKIPPED, _unsupported(path)))
        elif kind == "missing":
            problems.append(Problem(path, FAILED, "no such file or folder"))
        else:
            problems.append(_problem(path, kind))
    return files, problems


def _walk(root: Path, suffixes: set[str], files: list[Path], problems: list[Problem]) -> None:
    def unreadable(exc: OSError) -> None:
        problems.append(Problem(Path(exc.filename), FAILED, f"cannot open folder: {exc.strerror}"))

    # followlinks=False: a link to a folder is listed as skipped, so a loop cannot trap us.
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders.sort()
        for name in sorted(names) + [d for d in subfolders if os.path.islink(Path(folder, d))]:
            path = Path(folder, name)
            kind = _kind(path)
            if kind == "file" and path.suffix.lower() in suffixes:
                files.append(path)
            elif kind == "file":
                problems.append(Problem(path, SKIPPED, _unsupported(path)))
            else:
                problems.append(_problem(path, kind))


def _kind(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode  # follows links
    except FileNotFoundError:
        return "broken-link" if os.path.islink(path) else "missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "link-loop"
        return f"error:{exc.strerror}"
    if stat.S_ISDIR(mode):
        return "linked-folder" if os.path.islink(path) else "folder"
    if stat.S_ISREG(mode):
        return "file"
    return "special"


def _problem(path: Path, kind: str) -> Problem:
    if kind.startswith("error:"):
        return Problem(path, FAILED, f"cannot read: {kind.removeprefix('error:')}")
    reasons = {
        "broken-link": "broken symbolic link",
        "link-loop": "symbolic link loop",
        "linked-folder": "symbolic link to a folder (not followed)",
        "special": "not a regular file (FIFO, socket or device)",
        "missing": "no such file or folder",
    }
    return Problem(path, FAILED if kind == "missing" else SKIPPED, reasons[kind])


def _unsupported(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}"

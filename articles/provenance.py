"""Which file an article came from, as it may be shown: never a server's absolute path.

Staff who may view articles see the file's path within the folder that was ingested, with the
line or item of a feed ("feeds/wire.jsonl#line-42"); everyone else sees no path at all. The
article page, the exports and the API all ask here.
"""

from pathlib import Path, PurePath

from django.conf import settings


def may_see_files(user) -> bool:
    return bool(
        user is not None
        and user.is_staff
        and (user.has_perm("articles.view_article") or user.has_perm("articles.change_article"))
    )


def shown_file(file_name: str, import_ref: str | None) -> str:
    """The file as staff see it: the article's import ref (its path within the folder
    ingested, plus "#line-N" or "#item-N"), else the file name without the server's folders."""
    if import_ref and not PurePath(import_ref.partition("#")[0]).is_absolute():
        return import_ref
    return ingest_relative(file_name)


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


def file_for(user, file_name: str, import_ref: str | None) -> str:
    """What `user` is shown of an article's file: its relative path for staff, else ""."""
    return shown_file(file_name, import_ref) if may_see_files(user) else ""

"""System checks: `manage.py check` (and every command) says what is missing before ingest."""

import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def ner_model_installed(app_configs, **kwargs):
    name = settings.ARCHIVE_NER_MODEL
    if not name or Path(name).is_dir() or _importable(name):
        return []
    return [
        Warning(
            f"The NER model {name!r} (ARCHIVE_NER_MODEL) is not installed: ingest and "
            "reanalyze will fail.",
            hint="Run `make install` (it installs requirements/model.txt), install the model "
            "you named, or set ARCHIVE_NER_MODEL to an empty value for rules only.",
            id="articles.W001",
        )
    ]


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" whose "a" is missing, or an empty part
        return False

import os
import subprocess
import sys

from django.conf import settings


def run_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "archive.settings", **env},
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_it_uses_sqlite_when_database_url_is_unset_or_empty():
    for value in [None, ""]:
        env = {"DJANGO_SECRET_KEY": "k"} | ({} if value is None else {"DATABASE_URL": value})
        result = run_settings(**env)
        assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_it_reads_database_url():
    result = run_settings(DJANGO_SECRET_KEY="k", DATABASE_URL="postgres://u:p@db:5432/archive")
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_a_bad_boolean_fails_loudly():
    result = run_settings(DJANGO_DEBUG="maybe")
    assert "DJANGO_DEBUG must be a boolean" in result.stderr

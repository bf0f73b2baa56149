import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed static files; a file missing from the manifest (run
    `manage.py collectstatic`, see the README) gets its plain name and a warning instead of
    turning every page into a 500."""

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            logger.warning("static file %r is not collected: run manage.py collectstatic", name)
            return name

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ForgivingManifestStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed static files. When `collectstatic` has not run at all
    (no manifest; see the README), files get their plain names and one warning instead of
    turning every page into a 500. With a manifest it is as strict as WhiteNoise's own, whose
    start-up probes of names rely on the ValueError."""

    warned = False

    def stored_name(self, name):
        if self.hashed_files:
            return super().stored_name(name)
        if not ForgivingManifestStorage.warned:
            ForgivingManifestStorage.warned = True
            logger.warning("static files are not collected: run manage.py collectstatic")
        return name

"""Static files in production: compressed, with content-hashed names, served by WhiteNoise."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    return tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in patterns
    )


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage (``fazhi.css`` → ``fazhi.1a2b3c4d5e6f.css``).

    Not strict: a name missing from the manifest (a file added since the last ``collectstatic``)
    is hashed from the collected file, or left unhashed when not collected at all, instead of
    failing the page with a 500. ``fazhi serve`` collects the files before it starts, so the
    manifest is complete in a running server.

    Source-map comments are left as they are: the vendored minified files name ``.map`` files
    that are not shipped, and a browser without them only loses its debugging aid.
    """

    manifest_strict = False
    patterns = _without_source_maps(ManifestStaticFilesStorage.patterns)

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)
        except ValueError:
            return name

"""Which release of the package this is (`addin-server --version`, GET /healthz)."""
import functools


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The installed package's version ("unknown" in a source checkout never installed); read
    once (reading the package metadata costs more than a whole GET /healthz)."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("addin-server")
    except PackageNotFoundError:
        return "unknown"

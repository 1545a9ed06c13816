"""Meeting frameworks (dimension sets and required sections), loaded from data files."""
from .loader import (
    Dimension,
    Framework,
    FrameworkError,
    Section,
    default_framework,
    get_framework,
    list_frameworks,
    load_framework_file,
    parse_framework,
)

__all__ = [
    "Dimension", "Framework", "FrameworkError", "Section", "default_framework", "get_framework",
    "list_frameworks", "load_framework_file", "parse_framework",
]

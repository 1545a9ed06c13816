"""Meeting frameworks (dimension sets and required sections), loaded from data files.

loader.py parses and validates one file; registry.py finds the files (package, organisation
folder, user folder); names.py derives the names a heading may use from an aspect's wording; thesaurus.py holds the
genre's words that say the same thing (data, extendable from the same folders).
Which framework a document was written for is a check of the document: checks/recognise.py.
"""
from ..datafiles import origin_label
from .loader import (
    AUTO,
    ORIGINS,
    Dimension,
    Framework,
    FrameworkError,
    Section,
    load_framework_file,
    parse_framework,
)
from .registry import (
    configured_default,
    current_thesaurus,
    default_framework,
    export_framework,
    get_framework,
    install_framework,
    list_frameworks,
    remove_framework,
    user_frameworks_dir,
)

__all__ = [
    "AUTO", "ORIGINS", "Dimension", "Framework", "FrameworkError",
    "Section", "configured_default", "default_framework", "export_framework", "get_framework",
    "install_framework", "list_frameworks", "load_framework_file",
    "origin_label", "parse_framework", "remove_framework", "current_thesaurus",
    "user_frameworks_dir",
]

"""Meeting frameworks (dimension sets and required sections), loaded from data files.

loader.py parses and validates one file; registry.py finds the files (package, organisation
folder, user folder); names.py derives the names a heading may use from an aspect's wording; thesaurus.py holds the
genre's words that say the same thing (data, extendable from the same folders);
recognise.py chooses the framework a document was written for.
"""
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
    LoadProblem,
    configured_default,
    current_thesaurus,
    default_framework,
    export_framework,
    get_framework,
    install_framework,
    list_frameworks,
    load_problems,
    origin_label,
    remove_framework,
    user_frameworks_dir,
)
from .recognise import Recognition, recognise

__all__ = [
    "AUTO", "ORIGINS", "Dimension", "Framework", "FrameworkError", "LoadProblem", "Recognition",
    "Section", "configured_default", "default_framework", "export_framework", "get_framework",
    "install_framework", "list_frameworks", "load_framework_file", "load_problems",
    "origin_label", "parse_framework", "recognise", "remove_framework", "current_thesaurus",
    "user_frameworks_dir",
]

"""The remedy library (整改措施) as data, filling its parameters, and ranking it against problems."""
from .library import (
    Parameter,
    Remedy,
    RemedyDataError,
    RemedyParameterError,
    UnknownRemedyError,
    all_remedies,
    fill,
    get_remedy,
    list_remedies,
    load_remedy_file,
    parse_remedies,
)
from .rank import Suggestion, rank_remedies

__all__ = [
    "Parameter", "Remedy", "RemedyDataError", "RemedyParameterError", "Suggestion",
    "UnknownRemedyError", "all_remedies", "fill", "get_remedy", "list_remedies",
    "load_remedy_file", "parse_remedies", "rank_remedies",
]

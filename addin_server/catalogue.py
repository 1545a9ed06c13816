"""The catalogue of data files: every kind of knowledge the organisation and user folders may add
to, and the files among them that were skipped.

Each kind reads and validates its own files — frameworks and thesaurus files
(frameworks.registry), remedy files (remedies.library), proofreading rule files
(checks.proof.rules), back-matter words (checks.material_parts) — and keeps its own list of the files it skipped. This module sits above
all of them and only gathers those lists: `serve` logs them at start, `check` and `frameworks`
print them, the pane's framework list shows them.
"""
from __future__ import annotations

from .checks import material_parts, proof
from .datafiles import LoadProblem
from .frameworks import registry
from .remedies import library

__all__ = ["LoadProblem", "load_problems"]


def load_problems() -> tuple[LoadProblem, ...]:
    """Every data file in the organisation or user folders that was skipped, and why: framework
    and thesaurus files, remedy files, proofreading rule files, then back-matter words files."""
    rules = proof.proofreader().rules
    return (registry.load_problems() + library.load_problems()
            + tuple(LoadProblem(*p) for p in rules.problems) + material_parts.load_problems())

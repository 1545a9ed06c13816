"""Themes of remedies (理论武装, 担当作为, 廉洁自律, …), so any framework's aspects get remedies.

Remedy texts are written for one framework's aspect; a framework a user made from a new notice has
none of its own. Its aspects are matched to remedies by theme instead: the aspect's wording and
each remedy's title, keywords and original aspect are scored against the words of each theme in
themes.toml, and remedies sharing the aspect's strongest themes are offered, best first.
"""
from __future__ import annotations

import functools
from importlib import resources

from ..datafiles import DataFileError, require, tomllib

# How many remedies an aspect without its own gets (enough to choose from, few enough to read).
MAX_BORROWED = 8


class ThemeDataError(DataFileError):
    """themes.toml is malformed; names the field."""


@functools.lru_cache(maxsize=1)
def themes() -> dict[str, tuple[str, ...]]:
    source = "themes.toml"
    data = tomllib.loads((resources.files(__package__) / source).read_text(encoding="utf-8"))
    out = {}
    for i, entry in enumerate(require(data, "themes", list, "themes", source, error=ThemeDataError)):
        name = require(entry, "name", str, f"themes[{i}].name", source, error=ThemeDataError)
        words = require(entry, "words", list, f"themes[{i}].words", source, error=ThemeDataError)
        if not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise ThemeDataError("must list non-empty strings", f"themes[{i}].words", source)
        out[name] = tuple(words)
    return out


def theme_scores(text: str) -> dict[str, float]:
    """Each theme's weight in `text`: its words found, longer words counting more."""
    scores = {}
    for name, words in themes().items():
        score = sum(len(w) for w in words if w in text)
        if score:
            scores[name] = float(score)
    return scores


def affinity(aspect: dict[str, float], remedy: dict[str, float]) -> float:
    """How well a remedy's themes answer an aspect's: shared theme weight, the aspect's strongest
    themes counting most."""
    if not aspect or not remedy:
        return 0.0
    top = max(aspect.values())
    return sum(min(weight, remedy[name]) * (weight / top) for name, weight in aspect.items() if name in remedy)

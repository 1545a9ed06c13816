"""Renderers: framework + remedy data → .docx (docxtpl templates in addin_server.templates),
formatted per GB/T 9704-2012 (gbt9704)."""
from .remedies import Selection, SelectionError, render_checklist, render_remedies
from .scaffold import ScaffoldOptions, ScaffoldOptionsError, default_title, render_scaffold

__all__ = [
    "ScaffoldOptions", "ScaffoldOptionsError", "Selection", "SelectionError", "default_title",
    "render_checklist", "render_remedies", "render_scaffold",
]

"""Fill a docxtpl template from `addin_server.templates` with blocks of paragraphs.

The renderers (scaffold, remedies) decide *what* to write as a list of `Block`s; the templates
decide how each kind of paragraph looks (their styles come from gbt9704 via
templates/build_templates.py). Template bytes are read once per process; docxtpl itself has to
re-parse them on every render because it edits the document in place.
"""
from __future__ import annotations

import functools
import io
import os
import threading
from dataclasses import dataclass

from ..memory import HeapTrimmer
from ..resources import data_folder
from ..text import clean_text

BODY, HEADING_1, HEADING_2, HEADING_3 = 0, 1, 2, 3
SIGNATURE = 4   # the name and date lines at the end, set to the right (落款)


@dataclass(frozen=True)
class Segment:
    text: str
    placeholder: bool = False

    def context(self) -> dict:
        return {"text": clean_text(self.text, strip=False), "placeholder": self.placeholder}


@dataclass(frozen=True)
class Block:
    """One paragraph: its level (0 body, 1–3 the heading levels 一、/（一）/1., 4 a 落款 line) and its runs."""

    level: int
    segments: tuple[Segment, ...]

    def context(self) -> dict:
        return {"level": self.level, "runs": [s.context() for s in self.segments]}

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


def block(level: int, *parts: str | Segment) -> Block:
    return Block(level, tuple(p if isinstance(p, Segment) else Segment(p) for p in parts if p))


@functools.lru_cache(maxsize=None)
def template_bytes(name: str) -> bytes:
    """A template shipped with the package (`resources.data_folder`; never looked up via the cwd)."""
    return (data_folder("templates") / name).read_bytes()


# Distinct XML sources docxtpl hands to Jinja: a few parts per shipped template.
COMPILED_CACHE_SIZE = 64


@functools.lru_cache(maxsize=1)
def _jinja_env():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class CachingEnvironment(SandboxedEnvironment):
        """docxtpl calls from_string() with each part's XML on every render; the XML of a template
        is the same each time, and compiling it was a third of a render. Compiled templates are
        immutable and safe to render from several threads."""

        @functools.lru_cache(maxsize=COMPILED_CACHE_SIZE)
        def _compiled(self, source: str):
            return super().from_string(source)

        def from_string(self, source, globals=None, template_class=None):
            if globals is None and template_class is None and isinstance(source, str):
                return self._compiled(source)
            return super().from_string(source, globals, template_class)

    # Autoescape: values go into XML. Strict: a misspelt tag in an edited template fails loudly.
    return CachingEnvironment(autoescape=True, undefined=StrictUndefined)


# A render is CPU-bound and holds the GIL nearly throughout, so more renders at once than cores
# only adds parsed documents in memory (and glibc keeps each thread arena's peak). Requests
# beyond this wait their turn.
RENDER_SLOTS = max(1, os.cpu_count() or 1)
_render_slots = threading.BoundedSemaphore(RENDER_SLOTS)


def render_template(name: str, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    from docxtpl import Listing

    if isinstance(context.get("title"), str) and "\n" in context["title"]:
        # Listing turns the newline into a line break inside the one title paragraph.
        context = dict(context, title=Listing(context["title"]))
    with _render_slots:
        template = DocxTemplate(io.BytesIO(template_bytes(name)))
        template.render(context, jinja_env=_jinja_env(), autoescape=True)
        _drop_empty_runs(template.docx.element.body)
        out = io.BytesIO()
        template.save(out)
        del template
    _heap_trimmer.after_work()
    return out.getvalue()


# lxml and python-docx allocate and free many small blocks per render; glibc kept the freed memory
# in its arenas, so a server's RSS crept up under concurrent renders (docs/performance.md, soak).
# Trimming after every render cost ~15% of render throughput; once a second costs nothing measurable.
_heap_trimmer = HeapTrimmer(interval=1.0)


def _drop_empty_runs(body) -> None:
    """docxtpl leaves an empty run where each {%r %} tag stood; Word shows nothing for them but
    they clutter the XML the pane reads back and a maintainer inspects."""
    from docx.oxml.ns import qn

    text_tag, props_tag = qn("w:t"), qn("w:rPr")
    for run in list(body.iter(qn("w:r"))):
        children = [c for c in run if c.tag != props_tag]
        if len(children) == 1 and children[0].tag == text_tag and not children[0].text:
            run.getparent().remove(run)

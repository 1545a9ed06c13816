"""Find the python-docx paragraph behind each paragraph index of the document model.

Findings carry model indexes from `readers.read_docx`, which walks body paragraphs in its own
order (tables, content controls, text boxes after their anchor, tracked deletions dropped,
paragraphs whose mark was deleted joined to the next one). Rather than re-implement that walk and
let the two drift apart, the reader itself is asked: every `w:p` gets an invisible marker run,
the marked package is read with `read_docx`, and each model paragraph's leading marker names the
`w:p` it starts with. The markers exist only in a scratch copy; the caller's document is left as
it was.
"""
from __future__ import annotations

import copy
import io
import re

from ..readers import read_docx
from ..readers.errors import UnsupportedDocumentError

# Private-use code points: never in real text, kept verbatim by the reader.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def open_docx(data: bytes):
    """python-docx Document for bytes the reader has already accepted, with a clear error for
    the kinds python-docx cannot open (macro-enabled files, templates, ISO Strict)."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        _one_part_per_type(document.part)
        return document
    except Exception as exc:  # python-docx raises ValueError/KeyError/etc. for foreign packages
        raise UnsupportedDocumentError(
            "这个文件可以检查，但无法在其中添加批注或检查格式（可能是启用宏的文档、模板或 Strict 格式）。"
            "请在 Word 中另存为普通的 .docx 后再试。",
            "The file can be checked, but comments and format checks need a plain .docx (this looks "
            "like a macro-enabled file, a template or ISO Strict). Save it as a normal .docx in Word "
            "and try again.",
        ) from exc


def _one_part_per_type(part) -> None:
    """Leave the main part at most one usable relationship of each type python-docx looks up by
    type (styles, comments, numbering, settings): the first internal one whose part is of the
    kind the type names. The reader accepts a package whose styles relationship points outside
    it, has no content type it knows, or comes twice, and OPC lets a consumer ignore what it
    cannot use; python-docx instead fails on first use (ValueError for two, an external target,
    AttributeError for a part of the wrong kind), which answered 500. A relationship left out is
    as if absent: python-docx makes a default part where one is needed, and the part it
    pointed to is not written back."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.parts.comments import CommentsPart
    from docx.parts.numbering import NumberingPart
    from docx.parts.settings import SettingsPart
    from docx.parts.styles import StylesPart

    kinds = {RT.STYLES: StylesPart, RT.COMMENTS: CommentsPart, RT.NUMBERING: NumberingPart,
             RT.SETTINGS: SettingsPart}
    kept = set()
    for rId, rel in list(part.rels.items()):
        kind = kinds.get(rel.reltype)
        if kind is None:
            continue
        if rel.reltype in kept or rel.is_external or not isinstance(rel.target_part, kind):
            del part.rels[rId]
        else:
            kept.add(rel.reltype)


def paragraph_elements(document) -> list:
    """`w:p` elements of a python-docx Document's main part, in document order."""
    from docx.oxml.ns import qn

    return list(document.element.iter(qn("w:p")))


def model_to_elements(document, model_paragraph_count: int | None = None) -> list:
    """For each model paragraph index, the `w:p` element where that paragraph starts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    scratch = copy.deepcopy(document.element)
    originals = paragraph_elements(document)
    marked = list(scratch.iter(qn("w:p")))
    for ordinal, p in enumerate(marked):
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = f"{_OPEN}{ordinal}{_CLOSE}"
        run.append(text)
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(run)
        else:
            p.insert(0, run)
    model = read_docx(_with_main_part(document, scratch))
    elements = []
    for paragraph in model.paragraphs:
        found = _MARK.search(paragraph.text)
        # Every model paragraph starts with some w:p, so a missing marker means the reader and
        # this mapping disagree: fail loudly rather than comment on the wrong paragraph.
        if found is None:
            raise RuntimeError(f"paragraph {paragraph.index} has no marker")
        elements.append(originals[int(found.group(1))])
    if model_paragraph_count is not None and model_paragraph_count != len(elements):
        raise RuntimeError(f"reader gave {model_paragraph_count} paragraphs, mapping {len(elements)}")
    return elements


def _with_main_part(document, element) -> bytes:
    """The package saved with `element` standing in for the main document part."""
    part = document.part
    original = part._element
    part._element = element
    try:
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        part._element = original
    return buffer.getvalue()


def text_runs(p) -> list:
    """Runs of a w:p that show text in it: not those of a text box it anchors, nor deleted ones."""
    from docx.oxml.ns import qn

    skip = {qn("w:txbxContent"), qn("w:del"), qn("w:moveFrom"), qn("w:pict"), qn("w:drawing"),
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
    runs = []
    for r in p.iter(qn("w:r")):
        ancestor = r.getparent()
        hidden = False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag in skip:
                hidden = True
                break
            ancestor = ancestor.getparent()
        if not hidden:
            runs.append(r)
    return runs

"""Build the docxtpl templates (scaffold.docx, remedies.docx, checklist.docx) in this folder.

Run `python templates/build_templates.py` after changing the format in
addin_server/render/gbt9704.py or the layout below, and commit the regenerated .docx files.
The templates can also be edited in Word directly (see README.md); rerunning this script
overwrites such edits, so port them here first.

Template grammar (docxtpl, i.e. Jinja inside Word paragraphs):
  {%p ... %}  a control paragraph: removed on rendering, it wraps the paragraphs between
  {%r ... %}  a control run: removed, it wraps the runs between
  {%tr ... %} a control table row
Every paragraph the renderers produce is a block {level, runs: [{text, placeholder}]}; level 0 is
body text, 1–3 the heading levels, 4 a 落款 line (name, date) set to the right. A run with placeholder=true gets the 待填写 character style.
"""
from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from addin_server.render import gbt9704  # noqa: E402

CONTROL_STYLE = "模板标记"  # the {%p %} paragraphs: small and grey, so the layout stays readable
LEVEL_STYLES = {1: gbt9704.HEADING_1, 2: gbt9704.HEADING_2, 3: gbt9704.HEADING_3, 4: gbt9704.SIGNATURE}
TABLE_COLUMNS = (("序号", 14, "row.number"), ("问题", 48, "row.problem"), ("措施", 54, "row.measure"),
                 ("责任人", 20, "row.owner"), ("时限", 20, "row.deadline"))  # widths in mm, 156 in all


def new_document() -> docx.Document:
    document = docx.Document()
    gbt9704.apply(document)
    control = document.styles.add_style(CONTROL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    control.style_id = "TemplateControl"
    control.font.size = Pt(9)
    control.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    body = document.element.body
    for paragraph in list(body.iterchildren("{*}p")):
        body.remove(paragraph)
    return document


def control(document, tag: str) -> None:
    document.add_paragraph(tag, style=CONTROL_STYLE)


def runs_paragraph(document, style: str, runs: str) -> None:
    """A paragraph whose runs come from `runs`; placeholder runs carry the 待填写 style."""
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run("{%r for s in " + runs + " %}")
    paragraph.add_run("{%r if s.placeholder %}")
    paragraph.add_run("{{ s.text }}", style=gbt9704.PLACEHOLDER_STYLE.name)
    paragraph.add_run("{%r else %}")
    paragraph.add_run("{{ s.text }}")
    paragraph.add_run("{%r endif %}")
    paragraph.add_run("{%r endfor %}")


def title_block(document) -> None:
    control(document, "{%p if title %}")
    document.add_paragraph("{{ title }}", style=gbt9704.TITLE)
    control(document, "{%p endif %}")
    control(document, "{%p if byline %}")
    runs_paragraph(document, gbt9704.BYLINE, "byline")
    control(document, "{%p endif %}")


def blocks(document, name: str = "blocks") -> None:
    control(document, "{%p for b in " + name + " %}")
    for level, style in LEVEL_STYLES.items():
        control(document, ("{%p if " if level == 1 else "{%p elif ") + f"b.level == {level} %}}")
        runs_paragraph(document, style, "b.runs")
    control(document, "{%p else %}")
    runs_paragraph(document, gbt9704.BODY, "b.runs")
    control(document, "{%p endif %}")
    control(document, "{%p endfor %}")


def checklist_table(document, with_title: bool = True) -> None:
    if with_title:
        document.add_paragraph("{{ table_title }}", style=gbt9704.TABLE_TITLE)
    table = document.add_table(rows=4, cols=len(TABLE_COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header, loop_start, row, loop_end = table.rows
    # LibreOffice lays columns out from tblGrid, Word from the cells' widths: set both.
    for column, (_, width_mm, _) in zip(table._tbl.tblGrid.gridCol_lst, TABLE_COLUMNS):
        column.w = Mm(width_mm)
    _repeat_header(header)
    for i, (label, width_mm, expression) in enumerate(TABLE_COLUMNS):
        for r in table.rows:
            r.cells[i].width = Mm(width_mm)
        header.cells[i].paragraphs[0].style = document.styles[gbt9704.TABLE_HEADER]
        header.cells[i].paragraphs[0].add_run(label)
        row.cells[i].paragraphs[0].style = document.styles[gbt9704.TABLE_TEXT]
        row.cells[i].paragraphs[0].add_run("{{ " + expression + " }}")
    loop_start.cells[0].paragraphs[0].add_run("{%tr for row in table %}")
    loop_end.cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "1")
    tr_pr.append(element)


def end_paragraph(document) -> None:
    # insertFileFromBase64 drops the last paragraph's style: this empty one absorbs the loss.
    document.add_paragraph(style=gbt9704.BODY)


def build_scaffold(path: Path) -> None:
    document = new_document()
    title_block(document)
    blocks(document)
    end_paragraph(document)
    _save(document, path, "对照检查材料框架")


def build_remedies(path: Path) -> None:
    document = new_document()
    blocks(document)
    control(document, "{%p if table %}")
    checklist_table(document)
    control(document, "{%p endif %}")
    end_paragraph(document)
    _save(document, path, "整改措施")


def build_checklist(path: Path) -> None:
    document = new_document()
    title_block(document)
    checklist_table(document, with_title=False)
    end_paragraph(document)
    _save(document, path, "整改清单")


# Parts python-docx's default document carries that the templates never use. Every render parses
# the template again (docxtpl edits it in place), and these were ~800 KB of its ~830 KB of XML.
UNUSED_PART_SUFFIXES = ("/stylesWithEffects.xml", "/thumbnail.jpeg")
_STYLE_REFERENCES = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink")
_STYLE_CHAIN = ("basedOn", "link", "next")


def slim(document) -> None:
    """Drop the unused parts and the styles nothing refers to (the defaults, ours and every style
    the body, footers or numbering name, with their basedOn/link/next chains, stay)."""
    from docx.oxml.ns import qn

    for owner in (document.part.package, document.part):
        for rel_id, rel in list(owner.rels.items()):
            if not rel.is_external and str(rel.target_part.partname).endswith(UNUSED_PART_SUFFIXES):
                owner.rels.pop(rel_id)
    referring = [document.element] + [rel.target_part.element for rel in document.part.rels.values()
                                      if not rel.is_external and hasattr(rel.target_part, "element")
                                      and rel.target_part is not document.part._styles_part]
    wanted = {style.style_id for style in document.styles
              if style.name in (*gbt9704.STYLES, gbt9704.PLACEHOLDER_STYLE.name, CONTROL_STYLE)}
    for root in referring:
        for name in _STYLE_REFERENCES:
            wanted.update(e.get(qn("w:val")) for e in root.iter(qn(f"w:{name}")))
    styles = document.styles.element
    by_id = {e.get(qn("w:styleId")): e for e in styles.iterchildren(qn("w:style"))}
    wanted.update(i for i, e in by_id.items() if e.get(qn("w:default")) in ("1", "true", "on"))
    pending = list(wanted)
    while pending:
        element = by_id.get(pending.pop())
        for name in _STYLE_CHAIN if element is not None else ():
            child = element.find(qn(f"w:{name}"))
            if child is not None and child.get(qn("w:val")) not in wanted:
                wanted.add(child.get(qn("w:val")))
                pending.append(child.get(qn("w:val")))
    for style_id, element in by_id.items():
        if style_id not in wanted:
            styles.remove(element)


def _save(document, path: Path, title: str) -> None:
    slim(document)
    properties = document.core_properties
    properties.title, properties.author, properties.comments = title, "addin-server", (
        "docxtpl template generated by templates/build_templates.py")
    properties.last_modified_by = "addin-server"
    properties.revision = 1
    # Fixed timestamps keep the generated files byte-stable across rebuilds.
    import datetime as _dt

    fixed = _dt.datetime(2024, 1, 1, tzinfo=_dt.timezone.utc)
    properties.created = properties.modified = fixed
    properties.last_printed = fixed
    document.save(path)


def main(out_dir: Path = HERE) -> list[Path]:
    targets = {"scaffold.docx": build_scaffold, "remedies.docx": build_remedies,
               "checklist.docx": build_checklist}
    written = []
    for name, build in targets.items():
        build(out_dir / name)
        written.append(out_dir / name)
    return written


if __name__ == "__main__":
    for written_path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written_path)

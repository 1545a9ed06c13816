"""A material laid out as a table: a header row 对照方面 | 存在问题 | 整改措施 (原因剖析, 序号, 完成时限 …)
and a row per aspect.

Read in document order, such a table interleaves the sections row by row (an aspect, its
problems, its measures, the next aspect …), so the checker would find no sections. Here it is read
column by column instead — the 存在问题 column with each row's aspect cell as its heading, then the
原因剖析 and 整改措施 columns — as a material written in prose would be, and the report is told in
the document's own paragraphs again (soft_breaks.Lines does the mapping). Only a table whose
columns name the problems and the measures (or causes) counts, and only when the prose around it
does not already hold the aspects (an appended 整改清单 repeats what the text says).
"""
from __future__ import annotations

import dataclasses
import re

from .. import regexes
from ..model import Document
from . import numbering as nb
from .material_parts import announces_attachment
from .soft_breaks import SOFT_BREAKS, Lines
from .analysis.lines import text_reading

ASPECT = regexes.compile(r"方面|对照|内容|类别|项目|领域")
PROBLEMS = regexes.compile(r"问题|不足|差距|表现")
CAUSES = regexes.compile(r"原因|根源|剖析")
MEASURES = regexes.compile(r"措施|整改|举措|方向|打算")
MAX_HEADER_CELL = 12


def _role(text: str) -> str | None:
    folded = nb.fold(text).strip()
    if not folded or len(folded) > MAX_HEADER_CELL:
        return None
    if MEASURES.search(folded):
        return "measures"
    if CAUSES.search(folded):
        return "causes"
    if PROBLEMS.search(folded):
        return "problems"
    if ASPECT.search(folded):
        return "aspect"
    return None


def _tables(document: Document):
    """Each run of table paragraphs with known columns, as a list of rows; a row is a list of
    (column, [paragraph indices])."""
    paragraphs = document.paragraphs
    i = 0
    while i < len(paragraphs):
        if not (paragraphs[i].in_table and paragraphs[i].table_column is not None):
            i += 1
            continue
        rows, row, cell_column, last = [], [], None, -1
        while i < len(paragraphs) and paragraphs[i].in_table and paragraphs[i].table_column is not None:
            column = paragraphs[i].table_column
            if column < last or (column == 0 and last > 0):
                rows.append(row)
                row, cell_column = [], None
            if column != cell_column:
                row.append((column, []))
                cell_column = column
            row[-1][1].append(i)
            last = column
            i += 1
        rows.append(row)
        yield rows


def column_layout(document: Document) -> Lines | None:
    """The document with its column-laid-out table read column by column; None when it has no
    such table."""
    if not any(p.table_column is not None for p in document.paragraphs):
        return None
    for rows in _tables(document):
        rows = _from_header_row(document, rows)
        if len(rows) < 2 or _attached(document, rows[0][0][1][0]):
            continue
        header = {column: _role(" ".join(document.paragraphs[k].text for k in cell))
                  for column, cell in rows[0]}
        roles = {role: column for column, role in header.items() if role}
        if "problems" not in roles or not ({"measures", "causes"} & set(roles)):
            continue
        return _read_by_columns(document, rows, roles)
    return None


def _from_header_row(document: Document, rows):
    """`rows` starting at the header row's own first cell. The model does not tell two tables
    apart: a material written in a one-cell table and the 整改清单 table after it come as one run
    of first-column paragraphs, the header's 「序号」 last among them. A header cell is one line,
    so only the last paragraph with text of the first cell is the header's; the ones before it are
    the material's."""
    column, cell = rows[0][0]
    written = [k for k in cell if document.paragraphs[k].text.strip()]
    if len(written) <= 1:
        return rows
    return [[(column, [written[-1]]), *rows[0][1:]], *rows[1:]]


def _attached(document: Document, first: int) -> bool:
    """Whether the table starting at paragraph `first` is an attachment (「附件：整改清单」 or the
    closing lines before it): its 存在问题 | 整改措施 columns repeat the material, they are not it."""
    before = next((p for p in reversed(document.paragraphs[:first]) if p.text.strip()), None)
    if before is None or (before.in_table and before.table_column):
        return False   # (another table's column; a one-cell table's text can announce it)
    # Its last line: a writer of soft breaks has 「附件：整改清单」 end the paragraph before the table.
    last_line = [line for line in re.split(f"[{SOFT_BREAKS}]", before.text) if line.strip()][-1]
    return announces_attachment(text_reading(last_line)[0])


def _numbered_per_row(document: Document, rows, column: int) -> bool:
    """Whether the cells of `column` each start again at 一是 / 第一 / 1."""
    firsts = 0
    for row in rows[1:]:
        cell = dict(row).get(column)
        if not cell:
            continue
        folded, prefix, starts_with_item, _ = text_reading(document.paragraphs[cell[0]].text)
        if (starts_with_item and nb.item_marks(folded[:6])[0].number == 1) or (prefix and prefix.number == 1):
            firsts += 1
    return firsts >= 2


def _read_by_columns(document: Document, rows, roles: dict) -> Lines:
    paragraphs = document.paragraphs
    table = [k for row in rows for _, cell in row for k in cell]
    first, last = table[0], table[-1]
    order: list[int] = list(range(first))
    header_cells = dict(rows[0])
    for role in ("problems", "causes", "measures"):
        column = roles.get(role)
        if column is None:
            continue
        order += header_cells.get(column, [])     # the column's title stands as the section heading
        # The row's aspect heads its problems; its measures (causes) too when each row numbers
        # them from 一是 again, as a material grouping its measures by aspect does.
        headed = "aspect" in roles and (role == "problems" or _numbered_per_row(document, rows, column))
        if not headed:
            for row in rows[1:]:
                order += dict(row).get(column, [])
            continue
        # Rows of one aspect (a second problem of it in a row of its own, wherever it stands)
        # are read under one heading, the first row's aspect cell.
        # A row whose aspect cell is empty (merged with the one above) goes on the row before's.
        groups: dict[str, tuple[list[int], list[int]]] = {}
        name = f"#{len(groups)}"
        for row in rows[1:]:
            cells = dict(row)
            aspect = cells.get(roles["aspect"], [])
            name = nb.fold("".join(paragraphs[k].text for k in aspect)).strip() or name
            heading, body = groups.setdefault(name, (aspect, []))
            body += cells.get(column, [])
        for heading, body in groups.values():
            if body:
                order += heading + body
    order += range(last + 1, len(paragraphs))
    read = tuple(dataclasses.replace(paragraphs[k], index=n, in_table=False, table_column=None)
                 for n, k in enumerate(order))
    return Lines(Document(read), tuple((k, 0) for k in order), document)

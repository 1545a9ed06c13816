"""The document model every reader produces and every check consumes.

Kept to plain frozen dataclasses so the core never depends on where a document came from
(the Word pane, a .docx upload, a test) and so a model can be shared safely between threads.
"""
from __future__ import annotations

from collections import deque
from dataclasses import MISSING, dataclass, field, fields
from itertools import repeat


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    text: str
    style: str = ""
    # 1..9 for headings (from the style or the paragraph's own outline level); None for body text.
    outline_level: int | None = None
    is_list_item: bool = False
    in_table: bool = False
    # The number Word's automatic numbering shows before the text ("（一）", "1."), which is not
    # part of the text; empty when there is none (or a bullet).
    list_label: str = ""
    # In a table: which cell of its row the paragraph is in (0 the first); None outside tables or
    # where the reader could not tell. Lets a material laid out in columns (对照方面 | 存在问题 |
    # 整改措施) be read column by column.
    table_column: int | None = None


def paragraphs_from_columns(*columns) -> tuple[Paragraph, ...]:
    """`tuple(Paragraph(*row) for row in zip(*columns))`: one column per field in field order,
    fields left out at the end taking their defaults. Built at about a third of the cost: a
    reader makes thousands at once, and a frozen dataclass's `__init__` sets each field through
    `object.__setattr__` in Python. Here each field's slot is filled for all paragraphs by one
    `map` in C; the objects are the same (equal, hashable, frozen afterwards)."""
    if not columns or len(columns) > len(_SLOTS):
        raise TypeError(f"expected 1 to {len(_SLOTS)} columns, got {len(columns)}")
    count = len(columns[0])
    made = list(map(object.__new__, repeat(Paragraph, count)))
    for (setter, default), column in zip(_SLOTS, columns + (None,) * (len(_SLOTS) - len(columns))):
        if column is None:
            if default is MISSING:
                raise TypeError("a field without a default needs its column")
            column = repeat(default, count)
        elif len(column) != count:
            raise ValueError("columns of different lengths")
        deque(map(setter, made, column), 0)
    return tuple(made)


# (the slot's setter, which bypasses the frozen __setattr__; the field's default)
_SLOTS = tuple((Paragraph.__dict__[f.name].__set__, f.default) for f in fields(Paragraph))


@dataclass(frozen=True, slots=True)
class Document:
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)

    @classmethod
    def from_texts(cls, texts, **common) -> "Document":
        return cls(tuple(Paragraph(i, t, **common) for i, t in enumerate(texts)))

    def __len__(self) -> int:
        return len(self.paragraphs)

    @property
    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

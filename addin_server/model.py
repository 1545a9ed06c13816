"""The document model every reader produces and every check consumes.

Kept to plain frozen dataclasses so the core never depends on where a document came from
(the Word pane, a .docx upload, a test) and so a model can be shared safely between threads.
"""
from __future__ import annotations

from dataclasses import dataclass, field


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

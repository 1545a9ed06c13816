"""Readers turn untrusted input (pane JSON, .docx bytes) into the document model."""
from .errors import DocumentError
from .json_paragraphs import read_paragraphs

__all__ = ["DocumentError", "read_paragraphs", "read_docx"]


def read_docx(data: bytes, **limits):
    """Imported lazily so the core stays usable without lxml loaded."""
    from .docx_file import read_docx as _read_docx

    return _read_docx(data, **limits)

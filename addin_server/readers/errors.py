"""Errors raised when untrusted input cannot become a document model.

Every rejection has a stable code (used by the API's JSON errors and the CLI's exit status)
and a message in Chinese and English that tells the user what is wrong and what to do.
"""
from __future__ import annotations


class DocumentError(ValueError):
    """Input that cannot be read as a document. `code` is stable; messages are for people."""

    code = "document.unreadable"
    http_status = 422

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en

    @property
    def message(self) -> str:
        return str(self)


class NotDocxError(DocumentError):
    code = "document.not_docx"


class LegacyDocError(DocumentError):
    code = "document.legacy_doc"


class EncryptedDocumentError(DocumentError):
    code = "document.encrypted"


class MissingPartError(DocumentError):
    code = "document.missing_part"


class DuplicatePartError(DocumentError):
    """Two zip entries with one part name: readers disagree on which one is the document."""

    code = "document.duplicate_part"


class UnsupportedDocumentError(DocumentError):
    code = "document.unsupported"


class TooLargeError(DocumentError):
    """Too big once unpacked (zip bomb), too many parts, or too many paragraphs."""

    code = "document.too_large"
    http_status = 413


class UnsafeXmlError(DocumentError):
    code = "document.unsafe_xml"


class MalformedXmlError(DocumentError):
    code = "document.malformed_xml"


class InvalidParagraphsError(DocumentError):
    """JSON paragraphs from the pane that do not fit the expected shape."""

    code = "paragraphs.invalid"
    http_status = 400

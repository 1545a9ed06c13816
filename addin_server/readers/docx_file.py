"""Read an uploaded .docx (untrusted bytes) into the document model: the layers in order.

The reader is built like python-docx (package `opc`, XML elements `oxml`, friendly objects), each
module knowing only the layers below it:

    docx_xml.py       hardened parsing of one XML part, as a tree or streamed
    docx_package.py   the zip and its limits, parts by name, relationships (OPC)
    docx_tags.py      WordprocessingML's tag names (transitional or Strict), what the root says
    docx_styles.py    paragraph styles, basedOn inheritance resolved
    list_labels.py    lists: the numbers Word's automatic numbering shows
    docx_body.py      the body walk → paragraphs of the document model (addin_server/model.py)
    docx_stream.py    a main part too large for one tree, walked in batches
    docx_file.py      this entry: which main part, tree or stream, which styles and lists

This module only chooses: it may touch the layers' entry points, not zip members, XML elements or
the model's fields. Where a change goes: a new kind of hostile file or package limit in
docx_package.py (or docx_xml.py for what is inside a part); a new element of the body to read, its
name in docx_tags.py and what it means in docx_body.py; a style property in docx_styles.py; a
number format of Word's lists in list_labels.py. tests/test_docx_layers.py checks the order above.
"""
from __future__ import annotations

import functools
import io

from ..model import Document
from .docx_body import Walker
from .docx_package import (
    DEFAULT_MAX_ENTRIES,
    DEFAULT_MAX_RATIO,
    DEFAULT_MAX_UNCOMPRESSED,
    missing_document,
    open_package,
)
from .docx_stream import read_streaming
from .docx_styles import read_styles
from .docx_tags import tags_for
from .docx_xml import MAX_TREE_MARKUP, CountingStream, parse_tree, refuse_doctype
from .list_labels import read_numbering

DEFAULT_MAX_PARAGRAPHS = 20_000
DEFAULT_MAX_CHARS = 5_000_000
# A part of n bytes cannot make more than 0.4·n nodes whatever it holds (`<a/>x`, 5 bytes, is the
# densest: comments and processing instructions are dropped, CDATA and entities merge into text,
# unclosed elements stop at libxml2's depth limit), so up to this many bytes per MAX_TREE_MARKUP
# the tree is as small as the markup count would allow and the count (a pass over the bytes) is
# skipped.
_TREE_BYTES_PER_MARKUP = 2.5
# A main part larger than this is never inflated whole (the bytes alone would be up to 64 MB).
MAX_TREE_BYTES = 8 * 1024 * 1024


def read_docx(
    data: bytes,
    *,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_paragraphs: int = DEFAULT_MAX_PARAGRAPHS,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_tree_markup: int | None = None,
) -> Document:
    """Body paragraphs of a .docx/.docm/.dotx/.dotm in document order, or a DocumentError.

    `max_tree_markup` (tests only) moves the point above which the main part is streamed."""
    if max_tree_markup is None:
        max_tree_markup = MAX_TREE_MARKUP
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError("read_docx expects the file's bytes")
    package = open_package(data, max_uncompressed, max_entries, max_ratio)
    main_name = package.main_document_name()
    info = package.info(main_name)
    if info is None:
        raise missing_document(main_name)
    make_walker = functools.partial(_walker, package, main_name, max_paragraphs, max_chars)
    if info.file_size > MAX_TREE_BYTES:
        # Too large to hold even as bytes: parsed as it is inflated.
        with package.open_member(info) as member:
            return read_streaming(CountingStream(member, info.filename), make_walker).finish()
    content = package.read(info)
    if not content.strip():
        raise missing_document(info.filename, empty=True)
    refuse_doctype(content, info.filename)
    if len(content) <= _TREE_BYTES_PER_MARKUP * max_tree_markup or content.count(b"<") <= max_tree_markup:
        # The common case: a tree this size is small (see MAX_TREE_MARKUP), and one C parse plus
        # two C-filtered passes is the fastest way through it.
        root = parse_tree(content, info.filename)  # DTD and size checked just above
        return make_walker(root).read(root)
    return read_streaming(CountingStream(io.BytesIO(content), info.filename), make_walker).finish()


def _walker(package, main_name: str, max_paragraphs: int, max_chars: int, root) -> Walker:
    """The walker of the main part whose root element is `root` (the whole tree, or the first
    element of a stream), with the package's styles and list definitions."""
    tags = tags_for(root, main_name)
    return Walker(tags, read_styles(package, main_name, tags), max_paragraphs, max_chars,
                  functools.partial(read_numbering, package, main_name))

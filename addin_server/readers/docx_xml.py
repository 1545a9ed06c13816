"""Hardened parsing of one XML part of a .docx, held as a tree or streamed: the layer below the
package, as lxml (behind python-docx's `oxml.parse_xml`) is below python-docx's `opc`.

May touch: a part's bytes (or a stream of them) and its name, lxml's parser. May not touch: the
zip (docx_package.py), WordprocessingML's vocabulary (docx_tags.py), the document model.

Why it looks like this: XML parts carrying a DTD or entity declarations are refused outright
(XXE, billion laughs), and the parser is hardened anyway (no entity resolution, no DTD loading,
no network, libxml2's default size and depth limits kept). A tree is held only for a part whose
markup is bounded (MAX_TREE_MARKUP); a larger main part is streamed through `CountingStream`,
which refuses a DTD and a block that never completes as the parser takes the bytes in.
"""
from __future__ import annotations

import threading

from lxml import etree

from .errors import MalformedXmlError, TooLargeError, UnsafeXmlError

# Memory: libxml2 spends ~130 bytes on a node, so a tree is held only for parts with at most this
# many '<' (each element has at most two): ≤ ~40 MB. A larger main part is streamed (below), and
# any other part that large (styles, relationships) is refused: no real one comes near.
MAX_TREE_MARKUP = 300_000
# Streaming: a single block (a paragraph, a table row) holding more markup than this is refused,
# which bounds the tree held at any time whatever the file's shape (docx_stream.py reads and frees
# completed blocks in batches).
MAX_PENDING_MARKUP = 300_000

READ_CHUNK = 256 * 1024

# An entity can only be declared inside a DOCTYPE, so finding the DOCTYPE is enough; UTF-16 parts
# (rare, but legal) get their own byte patterns, and the parsed tree is checked again after.
_DOCTYPE_UTF8 = b"<!DOCTYPE"
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))

_parsers = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers must not be shared between threads; the Flask server is threaded.
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
            huge_tree=False, collect_ids=False, remove_comments=True, remove_pis=True,
        )
        _parsers.parser = parser
    return parser


# What a part of the package is, in the writer's words (its zip path stays in the English half).
_PART_WORDS = {"word/document.xml": "正文部分", "word/styles.xml": "样式部分", "word/numbering.xml": "编号部分",
               "[Content_Types].xml": "类型清单", "_rels/.rels": "内部关系表"}


def part_zh(name: str) -> str:
    name = str(name).lstrip("/")
    if name in _PART_WORDS:
        return _PART_WORDS[name]
    if name.endswith(".rels"):
        return "内部关系表"
    if name.startswith("word/media/"):
        return "图片"
    return "一个内部部件"


def parse_xml(content: bytes, part_name: str):
    """Parse one XML part with the hardened parser; DTDs and entity declarations are refused, and
    so is a part too large to hold as a tree (only the main part is ever streamed)."""
    refuse_doctype(content, part_name)
    if content.count(b"<") > MAX_TREE_MARKUP:
        raise part_too_complex(part_name)
    return parse_tree(content, part_name)


def refuse_doctype(content: bytes, part_name: str) -> None:
    if b"\x00" in content[:4]:  # UTF-16 (rare): the whole part is searched
        if _DOCTYPE_UTF8 in content or any(m in content for m in _DOCTYPE_UTF16):
            raise unsafe(part_name)
    elif _doctype_in_prolog(content):
        raise unsafe(part_name)


def _doctype_in_prolog(content: bytes) -> bool:
    """Whether a DOCTYPE opens where XML allows one: after the XML declaration, processing
    instructions and comments, before the root element. Anywhere else the parser refuses it as
    malformed, so only the prolog (a few hundred bytes) is searched, not the whole part (which
    costs as much as a tenth of its parse). Any doubt (an unclosed comment) searches it all;
    the parsed tree is checked for a DTD in any case (`refuse_dtd`)."""
    pos = 0
    while True:
        pos = content.find(b"<", pos)
        if pos < 0:
            return False
        if content.startswith(b"<?", pos):
            end = content.find(b"?>", pos + 2)
        elif content.startswith(b"<!--", pos):
            end = content.find(b"-->", pos + 4)
        else:
            return content.startswith(_DOCTYPE_UTF8, pos)
        if end < 0:
            return _DOCTYPE_UTF8 in content
        pos = end


def parse_tree(content: bytes, part_name: str):
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, part_name) from None
    except ValueError:  # lxml refuses some encodings declarations it cannot honour
        raise unknown_encoding(part_name) from None
    refuse_dtd(root, part_name)
    return root


def refuse_dtd(root, part_name: str) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise unsafe(part_name)


def syntax_error(exc: etree.XMLSyntaxError, part_name: str):
    text = str(exc).lower()
    if "huge" in text or "excessive depth" in text or "too large" in text or "limit" in text:
        return TooLargeError(
            f"文件中的{part_zh(part_name)}超出解析限制（单个段落过长或表格嵌套过深），不像正常的对照检查材料。请拆分或简化后另存为 .docx 再上传。",
            f"Part {part_name} exceeds the parser's limits (a single paragraph far too long, or tables "
            "nested too deeply). Split or simplify the document, save it as .docx, and upload again.",
        )
    return MalformedXmlError(
        f"文件中的{part_zh(part_name)}已损坏，无法读取。请在 Word 或 WPS 中打开后另存为新的 .docx 再上传。",
        f"The XML of part {part_name} is damaged and cannot be read. Open the file in Word or WPS, save "
        "it as a new .docx, and upload again.",
    )


def unknown_encoding(part_name: str) -> MalformedXmlError:
    return MalformedXmlError(
        f"文件中的{part_zh(part_name)}编码无法识别。请在 Word 中另存为 .docx 后再上传。",
        f"The encoding of part {part_name} is not recognised. Save the file as .docx in Word and upload again.",
    )


def part_too_complex(part_name: str) -> TooLargeError:
    return TooLargeError(
        f"文件中的{part_zh(part_name)}结构异常庞大（内部标记过多），不像 Word 或 WPS 保存的文档，已拒绝。请在 Word 中另存为新的 .docx 后再上传。",
        f"Part {part_name} is abnormally large (far too many XML elements) for a document saved by Word "
        "or WPS; rejected. Save it as a new .docx in Word and upload again.",
    )


def unsafe(part_name: str) -> UnsafeXmlError:
    return UnsafeXmlError(
        f"文件中的{part_zh(part_name)}含有实体声明，Word 不会这样保存，可能是恶意构造的文件，已拒绝。"
        "请上传由 Word 或 WPS 正常保存的 .docx。",
        f"Part {part_name} contains a DTD or entity declarations (<!DOCTYPE>/<!ENTITY>), which Word never "
        "writes; the file may be crafted to attack the reader and was rejected. Upload a .docx saved "
        "normally by Word or WPS.",
    )



class CountingStream:
    """The main part's bytes for iterparse, read from `source` (a member stream or the inflated
    bytes). As the parser takes them in, it refuses a DTD (the pattern may straddle two chunks)
    and counts markup ('<'), so a block that keeps the parser building a tree without ever
    completing is refused early."""

    _CARRY = 2 * len(_DOCTYPE_UTF16[0])

    def __init__(self, source, part_name: str):
        self.source, self.part_name = source, part_name
        self.markup = 0
        self.flushed = 0  # markup count when the last batch was read and freed
        self.size = 0
        self.flushed_size = 0  # bytes read when the last batch was read and freed
        self.tail = b""
        self.utf16 = None

    def read(self, size: int = READ_CHUNK) -> bytes:
        chunk = self.source.read(max(size, READ_CHUNK))
        if self.utf16 is None and chunk:
            self.utf16 = b"\x00" in chunk[:4]
        window = self.tail + chunk
        if _DOCTYPE_UTF8 in window or (self.utf16 and any(m in window for m in _DOCTYPE_UTF16)):
            raise unsafe(self.part_name)
        self.tail = window[-self._CARRY:]
        self.markup += chunk.count(b"<")
        self.size += len(chunk)
        if self.markup - self.flushed > MAX_PENDING_MARKUP:
            raise part_too_complex(self.part_name)
        return chunk


def iterparse(source, **options):
    return etree.iterparse(
        source, resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, collect_ids=False, remove_comments=True, remove_pis=True, **options)


"""Read an uploaded .docx (untrusted bytes) into the document model.

Why it looks like this:

* Hostile input is rejected *before* any XML is parsed: the magic bytes tell a legacy .doc or a
  password-protected file (both OLE2 containers) from a zip; the zip's end-of-central-directory
  record gives the entry count before `zipfile` builds its index; declared sizes and compression
  ratios are checked before anything is inflated; and members are inflated through a bounded
  reader, so a header that lies about its size cannot exhaust memory.
* XML parts carrying a DTD or entity declarations are refused outright (XXE, billion laughs), and
  the parser is hardened anyway (no entity resolution, no DTD loading, no network, libxml2's
  default size and depth limits kept).
* Speed: the target is .docx → report within ~1.3× of "unzip + lxml parse of document.xml".
  python-docx's object model creates a Python proxy per element and reparses every part (≈4-5 ms
  per file before any text is read), so the reader uses lxml directly: one `iter(tags…)` pass,
  filtered in C, removes what is not visible text (deleted runs and rows, mc:Fallback duplicates,
  ruby text, tab stops, former properties) and detaches text boxes; a second such pass reads the
  now-flat paragraphs, each ending where the next starts, doing per element only what that
  element needs (see _Walker), and the model is built column by column. On a 1,000-paragraph
  material the reader costs ~1.9× the floor (it was ~2.6×; docs/performance.md): what remains is
  the Python per element (a proxy, its tag, its text) and per paragraph (the model object). Style
  tables and relationships are cached by a digest of the *compressed* part, because documents
  made from the same template (python-docx's default styles.xml alone is 350 KB, ~3 ms to parse)
  would otherwise pay more for styles than for text.
* ISO Strict OOXML (purl.oclc.org namespaces) is read by using the same tag names in its
  namespace. Macro-enabled files and templates (.docm/.dotx/.dotm) are read like .docx; macros are
  never run or even opened.
"""
from __future__ import annotations

import codecs
import functools
import hashlib
import io
import posixpath
import re
import struct
import threading
import zipfile
import zlib
from urllib.parse import unquote

from lxml import etree

from ..lru import LruCache
from .list_labels import ListCounter, NumberingDefinitions
from ..model import Document, Paragraph, paragraphs_from_columns
from .errors import (
    DocumentError,
    DuplicatePartError,
    EncryptedDocumentError,
    LegacyDocError,
    MalformedXmlError,
    MissingPartError,
    NotDocxError,
    TooLargeError,
    UnsafeXmlError,
)
from .json_paragraphs import heading_level_from_style

DEFAULT_MAX_UNCOMPRESSED = 64 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 2_000
# Ratio limit applies only to members above RATIO_CHECK_MIN_SIZE: small XML parts legitimately
# compress 50-100×, but a large member inflating past this ratio is a bomb, not a document.
DEFAULT_MAX_RATIO = 200
RATIO_CHECK_MIN_SIZE = 1024 * 1024
DEFAULT_MAX_PARAGRAPHS = 20_000
DEFAULT_MAX_CHARS = 5_000_000
# Memory: libxml2 spends ~130 bytes on a node, so a tree is held only for parts with at most this
# many '<' (each element has at most two): ≤ ~40 MB. A larger main part is streamed (below), and
# any other part that large (styles, relationships) is refused: no real one comes near.
MAX_TREE_MARKUP = 300_000
# A part of n bytes cannot make more than 0.4·n nodes whatever it holds (`<a/>x`, 5 bytes, is the
# densest: comments and processing instructions are dropped, CDATA and entities merge into text,
# unclosed elements stop at libxml2's depth limit), so up to this many bytes per MAX_TREE_MARKUP
# the tree is as small as the markup count would allow and the count (a pass over the bytes) is
# skipped.
_TREE_BYTES_PER_MARKUP = 2.5
# A main part larger than this is never inflated whole (the bytes alone would be up to 64 MB).
MAX_TREE_BYTES = 8 * 1024 * 1024
# Streaming: completed blocks are read and freed in batches of this many, or sooner when this much
# markup is waiting; a single block (a paragraph, a table row) holding more markup than
# MAX_PENDING_MARKUP is refused, which bounds the tree held at any time whatever the file's shape.
_STREAM_BATCH = 256
_STREAM_FLUSH_MARKUP = 50_000
# … or this many bytes: the walk checks the character limit per batch, so a batch's text is bounded.
_STREAM_FLUSH_BYTES = 1024 * 1024
MAX_PENDING_MARKUP = 300_000

_MIB = 1024 * 1024
_READ_CHUNK = 256 * 1024

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_EOCD = b"PK\x05\x06"

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_OFFICE_DOCUMENT = "/officeDocument"
_REL_STYLES = "/styles"
_REL_NUMBERING = "/numbering"

# An entity can only be declared inside a DOCTYPE, so finding the DOCTYPE is enough; UTF-16 parts
# (rare, but legal) get their own byte patterns, and the parsed tree is checked again after.
_DOCTYPE_UTF8 = b"<!DOCTYPE"
_DOCTYPE_UTF16 = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


class _Tags:
    """Clark names of the WordprocessingML tags the reader uses, built once per namespace."""

    def __init__(self, ns: str):
        def q(local: str) -> str:
            return f"{{{ns}}}{local}"

        self.document = q("document")
        self.p = q("p")
        self.t = q("t")
        self.tab = q("tab")
        self.ptab = q("ptab")
        self.tabs = q("tabs")
        self.br = q("br")
        self.cr = q("cr")
        self.no_break_hyphen = q("noBreakHyphen")
        self.tc = q("tc")
        self.tr = q("tr")
        self.trPr = q("trPr")
        self.body = q("body")
        self.pPr = q("pPr")
        self.rPr = q("rPr")
        self.pStyle = q("pStyle")
        self.outlineLvl = q("outlineLvl")
        self.numPr = q("numPr")
        self.numId = q("numId")
        self.ilvl = q("ilvl")
        self.del_ = q("del")
        self.moveFrom = q("moveFrom")
        self.rt = q("rt")
        self.pPrChange = q("pPrChange")
        self.txbxContent = q("txbxContent")
        self.style = q("style")
        self.name = q("name")
        self.basedOn = q("basedOn")
        self.val = q("val")
        self.type = q("type")
        self.styleId = q("styleId")
        self.default = q("default")
        self.fallback = f"{{{MC_NS}}}Fallback"


_TAGS = {W_TRANSITIONAL: _Tags(W_TRANSITIONAL), W_STRICT: _Tags(W_STRICT)}

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


# ----------------------------------------------------------------------------- public entry


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
    _reject_non_zip(data)
    _check_entry_count(data, max_entries)
    package = _Package(data, max_uncompressed, max_entries, max_ratio)
    main_name = package.main_document_name()
    info = package.info(main_name)
    if info is None:
        raise _missing_document(main_name)
    if info.file_size > MAX_TREE_BYTES:
        # Too large to hold even as bytes: parsed as it is inflated.
        with package.open_member(info) as member:
            return _read_streaming(package, _CountingStream(member, info.filename), main_name,
                                   max_paragraphs, max_chars)
    content = package.read(info)
    if not content.strip():
        raise _missing_document(info.filename, empty=True)
    _refuse_doctype(content, info.filename)
    if len(content) <= _TREE_BYTES_PER_MARKUP * max_tree_markup or content.count(b"<") <= max_tree_markup:
        # The common case: a tree this size is small (see MAX_TREE_MARKUP), and one C parse plus
        # two C-filtered passes is the fastest way through it.
        root = _parse_tree(content, info.filename)  # DTD and size checked just above
        return _walker(package, root, main_name, max_paragraphs, max_chars).read(root)
    return _read_streaming(package, _CountingStream(io.BytesIO(content), info.filename), main_name,
                           max_paragraphs, max_chars)


# ----------------------------------------------------------------------------- what is it?


# What a part of the package is, in the writer's words (its zip path stays in the English half).
_PART_WORDS = {"word/document.xml": "正文部分", "word/styles.xml": "样式部分", "word/numbering.xml": "编号部分",
               "[Content_Types].xml": "类型清单", "_rels/.rels": "内部关系表"}


def _part_zh(name: str) -> str:
    name = str(name).lstrip("/")
    if name in _PART_WORDS:
        return _PART_WORDS[name]
    if name.endswith(".rels"):
        return "内部关系表"
    if name.startswith("word/media/"):
        return "图片"
    return "一个内部部件"


def _reject_non_zip(data: bytes) -> None:
    if not data:
        raise NotDocxError("文件是空的（0 字节）。请重新选择或重新保存 .docx 文件后再上传。",
                           "The file is empty (0 bytes). Choose the file again or re-save it as .docx.")
    if data.startswith(_OLE2_MAGIC):
        _reject_ole2(data)
    if data.startswith(_ZIP_MAGICS):
        return
    what_zh, what_en = _sniff_non_zip(data)
    raise NotDocxError(
        f"这不是 Word 文档（.docx），看起来是{what_zh}。请在 Word 或 WPS 中打开原稿，另存为“Word 文档 (*.docx)”后再上传。",
        f"This is not a Word document (.docx); it looks like {what_en}. Open the original in Word or "
        "WPS and save it as 'Word Document (*.docx)', then upload that file.",
    )


def _reject_ole2(data: bytes) -> None:
    # OLE2/CFB directory entries store stream names in UTF-16LE; scanning for them is enough to
    # tell an encrypted OOXML package from a Word 97-2003 file without a CFB parser.
    names = lambda *ns: any(n.encode("utf-16-le") in data for n in ns)  # noqa: E731
    if names("EncryptionInfo", "EncryptedPackage"):
        raise EncryptedDocumentError(
            "文档设置了打开密码（已加密），无法读取。请在 Word 中打开它，依次选择“文件 → 信息 → 保护文档 → 用密码进行加密”，"
            "清空密码后保存，再上传。",
            "The document is password-protected (encrypted) and cannot be read. Open it in Word, go to "
            "File → Info → Protect Document → Encrypt with Password, clear the password, save, and upload again.",
        )
    if names("Workbook", "Book") and not names("WordDocument"):
        raise NotDocxError("这是旧版 Excel 工作簿（.xls），不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                           "This is a legacy Excel workbook (.xls), not a Word document. Upload the material as .docx.")
    if names("PowerPoint Document") and not names("WordDocument"):
        raise NotDocxError("这是旧版 PowerPoint 演示文稿（.ppt），不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                           "This is a legacy PowerPoint file (.ppt), not a Word document. Upload the material as .docx.")
    raise LegacyDocError(
        "这是旧版 Word 97-2003 文档（.doc），暂不支持。请在 Word 或 WPS 中打开，选择“另存为 → Word 文档 (*.docx)”后再上传。",
        "This is a legacy Word 97-2003 document (.doc), which is not supported. Open it in Word or WPS, "
        "choose Save As → 'Word Document (*.docx)', and upload the .docx.",
    )


def _sniff_non_zip(data: bytes) -> tuple[str, str]:
    head = data[:1024]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF"):
        return "PDF 文件", "a PDF file"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG 图片", "a PNG image"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG 图片", "a JPEG image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF 图片", "a GIF image"
    if stripped.startswith(b"{\\rtf"):
        return "RTF 文档", "an RTF document"
    if stripped.startswith((b"<html", b"<!doctype html")) or b"<html" in stripped[:512]:
        return "网页（HTML）", "a web page (HTML)"
    if stripped.startswith(b"mime-version:"):
        return "单个网页文件（.mht）", "a single-file web page (.mht)"
    if stripped.startswith(b"<?xml"):
        if b"wordDocument" in data[:4096] or b"pkg:package" in data[:4096]:
            return "Word XML 文档（.xml）", "a Word XML document (.xml)"
        return "XML 文件", "an XML file"
    if head.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf\x27\x1c")):
        return "压缩包", "a compressed archive"
    if _looks_like_text(head):
        return "纯文本文件", "a plain text file"
    return "无法识别的文件", "an unrecognised file"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for codec in ("utf-8", "gb18030"):
        try:
            # incremental, because the sample may end inside a multi-byte character
            text = codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return printable >= 0.95 * max(len(text), 1)
    return False


def _check_entry_count(data: bytes, max_entries: int) -> None:
    """Read the entry count from the end-of-central-directory record before zipfile indexes it."""
    declared = declared_zip_index(data)
    if declared is not None and declared[0] > max_entries:
        raise _too_many_entries(declared[0], max_entries)


def declared_zip_index(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of a zip's central directory as its end record declares them, read
    before `zipfile` builds its index (which costs ~800 bytes an entry, whatever the entries
    hold); None where there is no end record (zipfile reports the damage in its own words).
    A ZIP64 archive's figures are in its own end record, found through the locator just before
    the classic one; where that cannot be read the classic record's 0xFFFF stands."""
    start = max(0, len(data) - (22 + 0xFFFF))
    pos = data.rfind(_EOCD, start)
    if pos < 0 or pos + 22 > len(data):
        return None
    entries, size = struct.unpack_from("<HI", data, pos + 10)
    locator = pos - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 \
            and data[locator:locator + 4] == _ZIP64_LOCATOR:
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if record + 56 <= locator and data[record:record + 4] == _ZIP64_EOCD:
            entries, size = struct.unpack_from("<QQ", data, record + 32)
    return entries, size


_ZIP64_LOCATOR, _ZIP64_EOCD = b"PK\x06\x07", b"PK\x06\x06"


def _too_many_entries(count: int, limit: int) -> TooLargeError:
    return TooLargeError(
        f"文件包含 {count} 个内部部件，超过上限 {limit}，不像正常的 Word 文档（可能是恶意构造的压缩包）。"
        "请在 Word 中另存为新的 .docx 后再上传。",
        f"The file contains {count} internal parts, more than the limit of {limit}; this is not a normal "
        "Word document (possibly a crafted archive). Save it as a new .docx in Word and upload that.",
    )


def _damaged() -> NotDocxError:
    return NotDocxError(
        "文件已损坏或不完整（可能下载或复制时被截断），无法作为 .docx 打开。请重新从原处获取文件，或在 Word 中打开后另存为 .docx。",
        "The file is damaged or incomplete (perhaps truncated while downloading or copying) and cannot be "
        "opened as .docx. Get the file again, or open it in Word and save it as .docx.",
    )


# ----------------------------------------------------------------------------- the package


class _Package:
    def __init__(self, data: bytes, max_uncompressed: int, max_entries: int, max_ratio: float):
        self.data = data
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
                struct.error, UnicodeDecodeError, NotImplementedError):  # NotImplemented: bogus version fields
            raise _damaged() from None
        if len(infos) > max_entries:
            raise _too_many_entries(len(infos), max_entries)
        total = sum(info.file_size for info in infos)
        if total > max_uncompressed:
            raise TooLargeError(
                f"文件解压后约 {total // _MIB} MB，超过上限 {max_uncompressed // _MIB} MB（可能是“压缩炸弹”或包含大量图片）。"
                "请删除不必要的图片或附件后另存为 .docx 再上传。",
                f"The file unpacks to about {total // _MIB} MB, more than the {max_uncompressed // _MIB} MB limit "
                "(a zip bomb, or many large images). Remove unneeded images or attachments, save as .docx, "
                "and upload again.",
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_CHECK_MIN_SIZE and ratio > max_ratio:
                raise TooLargeError(
                    f"文件中的{_part_zh(info.filename)}压缩比异常（{ratio:.0f} 倍），疑似“压缩炸弹”，已拒绝。"
                    "请上传由 Word 或 WPS 正常保存的 .docx。",
                    f"Part {info.filename!r} has an abnormal compression ratio ({ratio:.0f}×) and looks like "
                    "a zip bomb; rejected. Upload a .docx saved normally by Word or WPS.",
                )
        self.budget = max_uncompressed
        # OPC part names are case-insensitive; some writers also use backslashes.
        self.by_name = {}
        for info in infos:
            name = info.filename.replace("\\", "/").lstrip("/").lower()
            if name in self.by_name:
                # Word refuses such a file; python-docx and LibreOffice take the last entry, a
                # plain zip reader the first: the same file would read as two documents.
                raise DuplicatePartError(
                    f"文件中有两个同名的{_part_zh(info.filename)}，不同软件会读出不同的内容（可能是被篡改或拼接的文件），已拒绝。"
                    "请在 Word 或 WPS 中打开确认内容后另存为新的 .docx 再上传。",
                    f"The file holds two parts named {info.filename!r}; different programs would read "
                    "different content (a tampered or spliced file); rejected. Open it in Word or WPS, "
                    "check the content, save it as a new .docx and upload that.",
                )
            self.by_name[name] = info
        self._classify_foreign_zip()

    def _classify_foreign_zip(self) -> None:
        names = self.by_name
        if "[content_types].xml" in names or "_rels/.rels" in names:
            if "xl/workbook.xml" in names and "word/document.xml" not in names:
                raise NotDocxError("这是 Excel 工作簿（.xlsx），不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                                   "This is an Excel workbook (.xlsx), not a Word document. Upload the material as .docx.")
            if "ppt/presentation.xml" in names and "word/document.xml" not in names:
                raise NotDocxError("这是 PowerPoint 演示文稿（.pptx），不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                                   "This is a PowerPoint presentation (.pptx), not a Word document. Upload the material as .docx.")
            return
        mimetype = names.get("mimetype")
        if mimetype is not None and mimetype.file_size < 200:
            kind = self.read(mimetype).decode("ascii", "replace")
            if kind.startswith("application/vnd.oasis.opendocument.text"):
                raise NotDocxError(
                    "这是 OpenDocument 文本（.odt），不是 .docx。请在 WPS、LibreOffice 或 Word 中打开，另存为“Word 文档 (*.docx)”后再上传。",
                    "This is an OpenDocument text file (.odt), not .docx. Open it in WPS, LibreOffice or Word, "
                    "save it as 'Word Document (*.docx)', and upload that.",
                )
            if kind.startswith("application/vnd.oasis.opendocument") or kind.startswith("application/epub"):
                raise NotDocxError(f"这是 {kind} 格式的文件，不是 Word 文档（.docx）。",
                                   f"This is a {kind} file, not a Word document (.docx).")
        if "word/document.xml" in names:
            return  # a package without content types; still worth reading
        raise NotDocxError(
            "这是一个普通压缩包（zip），不是 Word 文档（.docx）。请上传 Word 或 WPS 保存的 .docx 文件。",
            "This is an ordinary zip archive, not a Word document (.docx). Upload a .docx saved by Word or WPS.",
        )

    def info(self, name: str):
        return self.by_name.get(name.lower())

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """Inflate one member, never more than its declared size nor the remaining budget."""
        chunks = []
        with self.open_member(info) as stream:
            # One read asks for all that may come (the limit and a byte to see it passed), so a
            # well-formed member is inflated in one go rather than in chunks.
            size = stream.limit + 1
            while True:
                chunk = stream.read(size)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def open_member(self, info: zipfile.ZipInfo) -> "_MemberStream":
        """A bounded reader of one member (see _MemberStream)."""
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(
                "文件内部被加密（压缩包密码保护），无法读取。请上传未加密的 .docx。",
                "Parts of the file are encrypted (zip password), so it cannot be read. Upload an unencrypted .docx.",
            )
        return _MemberStream(self, info)

    def _opened(self, info: zipfile.ZipInfo):
        try:
            return self.zip.open(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error):
            raise _damaged() from None
        except NotImplementedError:
            raise _unsupported_compression(info) from None

    def _over_budget(self) -> TooLargeError:
        return TooLargeError(
            "文件解压后超过大小上限（压缩包头信息与实际内容不符，疑似“压缩炸弹”），已拒绝。",
            "The file unpacks to more than the size limit (its headers understate the content; looks like a "
            "zip bomb); rejected.",
        )

    def raw_digest(self, info) -> bytes:
        """Digest of a member's compressed bytes: a cache key that needs no inflating."""
        offset = info.header_offset
        header = self.data[offset:offset + 30]
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise _damaged()
        name_len, extra_len = struct.unpack_from("<HH", header, 26)
        start = offset + 30 + name_len + extra_len
        raw = memoryview(self.data)[start:start + info.compress_size]
        return hashlib.blake2b(raw, digest_size=16).digest()

    # -- parts --------------------------------------------------------------------------

    def parse(self, name: str, *, required: bool = False):
        info = self.info(name)
        if info is None:
            if required:
                raise _missing_document(name)
            return None
        return self._parse_info(info, required=required)

    def _parse_info(self, info: zipfile.ZipInfo, *, required: bool = False):
        content = self.read(info)
        if not content.strip():
            if required:
                raise _missing_document(info.filename, empty=True)
            return None
        return parse_xml(content, info.filename)

    def main_document_name(self) -> str:
        rels = self._relationships("_rels/.rels", base="")
        for rel_type, target in rels:
            if rel_type.endswith(_REL_OFFICE_DOCUMENT):
                return target
        return "word/document.xml"

    def _related_part(self, main_name: str, rel_suffix: str, default_name: str):
        """The main part's related part of this relationship type (its conventional name when
        the relationship is missing), or None."""
        folder, base = posixpath.split(main_name)
        name = None
        for rel_type, target in self._relationships(posixpath.join(folder, "_rels", base + ".rels"), base=folder):
            if rel_type.endswith(rel_suffix):
                name = target
                break
        info = self.info(name) if name else None
        if info is None:
            info = self.info(posixpath.join(folder, default_name))
        return info if info is not None and info.file_size else None

    def numbering(self, main_name: str) -> NumberingDefinitions:
        """The list definitions Word's automatic numbering draws its numbers from."""
        info = self._related_part(main_name, _REL_NUMBERING, "numbering.xml")
        if info is None:
            return NumberingDefinitions.empty()
        key = (info.compress_type, info.file_size, info.CRC, self.raw_digest(info))
        definitions = _NUMBERING_CACHE.get(key)
        if definitions is None:
            definitions = NumberingDefinitions.from_xml(self._parse_info(info))
            _NUMBERING_CACHE.put(key, definitions)
        return definitions

    def styles(self, main_name: str, tags: _Tags) -> "_StyleTable":
        info = self._related_part(main_name, _REL_STYLES, "styles.xml")
        if info is None:
            return _StyleTable.empty()
        key = (info.compress_type, info.file_size, info.CRC, self.raw_digest(info), tags.p)
        table = _STYLE_CACHE.get(key)
        if table is None:
            root = self._parse_info(info)
            table = _StyleTable.from_xml(root, tags) if root is not None else _StyleTable.empty()
            _STYLE_CACHE.put(key, table)
        return table

    def _relationships(self, rels_name: str, base: str) -> tuple[tuple[str, str], ...]:
        info = self.info(rels_name)
        if info is None or info.file_size == 0:
            return ()
        # Two parts read for every file and nearly always the same bytes (a template's): cached
        # like the styles, by a digest of the compressed bytes.
        key = (info.compress_type, info.flag_bits, info.file_size, info.CRC, self.raw_digest(info), base)
        found = _RELATIONSHIP_CACHE.get(key)
        if found is None:
            found = self._parse_relationships(info, base)
            _RELATIONSHIP_CACHE.put(key, found)
        return found

    def _parse_relationships(self, info: zipfile.ZipInfo, base: str) -> tuple[tuple[str, str], ...]:
        root = self._parse_info(info)
        if root is None:
            return ()
        found = []
        for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode", "Internal") != "Internal":
                continue
            rel_type, target = rel.get("Type") or "", rel.get("Target") or ""
            if target:
                found.append((rel_type, _resolve_target(base, target)))
        return tuple(found)


class _MemberStream:
    """Inflates one member chunk by chunk, never more than its declared size nor the package's
    remaining budget (a header that understates the size cannot exhaust memory), mapping zip
    damage to a DocumentError."""

    def __init__(self, package: "_Package", info: zipfile.ZipInfo):
        self.package, self.info = package, info
        self.limit = min(info.file_size, package.budget)
        self.got = 0
        self.stream = package._opened(info)

    def read(self, size: int = _READ_CHUNK) -> bytes:
        try:
            chunk = self.stream.read(min(size, self.limit - self.got + 1))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error):
            raise _damaged() from None
        except NotImplementedError:
            raise _unsupported_compression(self.info) from None
        self.got += len(chunk)
        if self.got > self.limit:
            raise self.package._over_budget()
        self.package.budget -= len(chunk)
        return chunk

    def close(self) -> None:
        self.stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _unsupported_compression(info: zipfile.ZipInfo) -> NotDocxError:
    return NotDocxError(
        f"文件中的{_part_zh(info.filename)}使用了不支持的压缩方式。请在 Word 中另存为 .docx 后再上传。",
        f"Part {info.filename!r} uses an unsupported compression method. Save the file as .docx in Word "
        "and upload again.",
    )


def _resolve_target(base: str, target: str) -> str:
    target = unquote(target.replace("\\", "/"))
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(path).lstrip("/")


def _missing_document(name: str, empty: bool = False) -> MissingPartError:
    what_zh = "是空的" if empty else "不存在"
    what_en = "is empty" if empty else "is missing"
    return MissingPartError(
        f"文件缺少正文：正文部分{what_zh}，文件可能已损坏或不是由 Word 保存的。请在 Word 或 WPS 中打开并另存为 .docx 后再上传。",
        f"The document body is missing: part {name} {what_en}; the file may be damaged or was not saved by "
        "Word. Open it in Word or WPS, save it as .docx, and upload again.",
    )


def parse_xml(content: bytes, part_name: str):
    """Parse one XML part with the hardened parser; DTDs and entity declarations are refused, and
    so is a part too large to hold as a tree (only the main part is ever streamed)."""
    _refuse_doctype(content, part_name)
    if content.count(b"<") > MAX_TREE_MARKUP:
        raise _part_too_complex(part_name)
    return _parse_tree(content, part_name)


def _refuse_doctype(content: bytes, part_name: str) -> None:
    if b"\x00" in content[:4]:  # UTF-16 (rare): the whole part is searched
        if _DOCTYPE_UTF8 in content or any(m in content for m in _DOCTYPE_UTF16):
            raise _unsafe(part_name)
    elif _doctype_in_prolog(content):
        raise _unsafe(part_name)


def _doctype_in_prolog(content: bytes) -> bool:
    """Whether a DOCTYPE opens where XML allows one: after the XML declaration, processing
    instructions and comments, before the root element. Anywhere else the parser refuses it as
    malformed, so only the prolog (a few hundred bytes) is searched, not the whole part (which
    costs as much as a tenth of its parse). Any doubt (an unclosed comment) searches it all;
    the parsed tree is checked for a DTD in any case (`_refuse_dtd`)."""
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


def _parse_tree(content: bytes, part_name: str):
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, part_name) from None
    except ValueError:  # lxml refuses some encodings declarations it cannot honour
        raise _unknown_encoding(part_name) from None
    _refuse_dtd(root, part_name)
    return root


def _refuse_dtd(root, part_name: str) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _unsafe(part_name)


def _syntax_error(exc: etree.XMLSyntaxError, part_name: str):
    text = str(exc).lower()
    if "huge" in text or "excessive depth" in text or "too large" in text or "limit" in text:
        return TooLargeError(
            f"文件中的{_part_zh(part_name)}超出解析限制（单个段落过长或表格嵌套过深），不像正常的对照检查材料。请拆分或简化后另存为 .docx 再上传。",
            f"Part {part_name} exceeds the parser's limits (a single paragraph far too long, or tables "
            "nested too deeply). Split or simplify the document, save it as .docx, and upload again.",
        )
    return MalformedXmlError(
        f"文件中的{_part_zh(part_name)}已损坏，无法读取。请在 Word 或 WPS 中打开后另存为新的 .docx 再上传。",
        f"The XML of part {part_name} is damaged and cannot be read. Open the file in Word or WPS, save "
        "it as a new .docx, and upload again.",
    )


def _unknown_encoding(part_name: str) -> MalformedXmlError:
    return MalformedXmlError(
        f"文件中的{_part_zh(part_name)}编码无法识别。请在 Word 中另存为 .docx 后再上传。",
        f"The encoding of part {part_name} is not recognised. Save the file as .docx in Word and upload again.",
    )


def _part_too_complex(part_name: str) -> TooLargeError:
    return TooLargeError(
        f"文件中的{_part_zh(part_name)}结构异常庞大（内部标记过多），不像 Word 或 WPS 保存的文档，已拒绝。请在 Word 中另存为新的 .docx 后再上传。",
        f"Part {part_name} is abnormally large (far too many XML elements) for a document saved by Word "
        "or WPS; rejected. Save it as a new .docx in Word and upload again.",
    )


def _unsafe(part_name: str) -> UnsafeXmlError:
    return UnsafeXmlError(
        f"文件中的{_part_zh(part_name)}含有实体声明，Word 不会这样保存，可能是恶意构造的文件，已拒绝。"
        "请上传由 Word 或 WPS 正常保存的 .docx。",
        f"Part {part_name} contains a DTD or entity declarations (<!DOCTYPE>/<!ENTITY>), which Word never "
        "writes; the file may be crafted to attack the reader and was rejected. Upload a .docx saved "
        "normally by Word or WPS.",
    )


def _tags_for(root, main_name: str) -> _Tags:
    return _tags_for_tag(root.tag if isinstance(root.tag, str) else "", main_name)


def _tags_for_tag(tag: str, main_name: str) -> _Tags:
    ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    tags = _TAGS.get(ns)
    if tags is not None and local == "document":
        return tags
    if local == "workbook":
        raise NotDocxError("这是 Excel 工作簿，不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                           "This is an Excel workbook, not a Word document. Upload the material as .docx.")
    if local == "presentation":
        raise NotDocxError("这是 PowerPoint 演示文稿，不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                           "This is a PowerPoint presentation, not a Word document. Upload the material as .docx.")
    raise MissingPartError(
        f"文件中找不到 Word 正文：文件的主体不是 Word 文档内容。请在 Word 或 WPS 中打开并另存为 .docx 后再上传。",
        f"No Word document body found: the main part {main_name} is not Word content (<{local or '?'}>). "
        "Open the file in Word or WPS, save it as .docx, and upload again.",
    )


# ----------------------------------------------------------------------------- styles


class _StyleInfo:
    __slots__ = ("name", "outline_level", "is_list_item", "numbering")

    def __init__(self, name: str, outline_level: int | None, is_list_item: bool,
                 numbering: tuple | None = None):
        self.name = name
        self.outline_level = outline_level
        self.is_list_item = is_list_item
        self.numbering = numbering   # (numId, ilvl) of the list the style numbers its paragraphs in


_ID_DIGIT = re.compile(r"(?<=\D)(\d)$")


class _StyleTable:
    """Paragraph styles by styleId with basedOn chains already resolved."""

    __slots__ = ("by_id", "default")

    def __init__(self, by_id: dict, default: _StyleInfo):
        self.by_id = by_id
        self.default = default

    @classmethod
    def empty(cls) -> "_StyleTable":
        return cls({}, _StyleInfo("", None, False))

    def get(self, style_id: str) -> _StyleInfo:
        info = self.by_id.get(style_id)
        if info is None:
            # A style id with no definition: the id is the best name there is (Word shows the same).
            # Built-in ids drop the space of their names ("Heading1" for "heading 1").
            spaced = _ID_DIGIT.sub(r" \1", style_id)
            info = _StyleInfo(style_id, heading_level_from_style(spaced), False)
        return info

    @classmethod
    def from_xml(cls, root, tags: _Tags) -> "_StyleTable":
        # One pass filtered in C over the few tags that matter (a styles part may hold thousands
        # of styles); parents are checked so only a paragraph style's own w:name, w:basedOn and
        # w:pPr settings count (not those of table-style parts or former properties).
        raw = {}
        default_id = None
        record = style_el = None
        STYLE, NAME, BASED, OUTLINE, NUMPR, PPR = (
            tags.style, tags.name, tags.basedOn, tags.outlineLvl, tags.numPr, tags.pPr)
        for el in root.iter(STYLE, NAME, BASED, OUTLINE, NUMPR):
            tag = el.tag
            if tag == STYLE:
                record = style_el = None
                if el.getparent() is not root or el.get(tags.type, "paragraph") != "paragraph":
                    continue
                style_id = el.get(tags.styleId)
                if not style_id:
                    continue
                style_el = el
                # [name, basedOn, outline, numbered]
                record = raw[style_id] = [None, None, None, None]
                if el.get(tags.default) in ("1", "true", "on") and default_id is None:
                    default_id = style_id
                continue
            if record is None:
                continue
            parent = el.getparent()
            if tag == NAME:
                if parent is style_el and record[0] is None:
                    record[0] = el.get(tags.val, "")
            elif tag == BASED:
                if parent is style_el and record[1] is None:
                    record[1] = el.get(tags.val)
            elif parent.tag == PPR and parent.getparent() is style_el:
                if tag == OUTLINE:
                    if record[2] is None:
                        record[2] = _outline_value(el, tags)
                elif record[3] is None:
                    record[3] = _num_pr_list(el, tags)
        for style_id, record in raw.items():
            raw[style_id] = (_ui_name(record[0] if record[0] is not None else style_id),
                             record[1], record[2], record[3])
        resolved = _resolve_styles(raw)
        default = resolved.get(default_id) if default_id else None
        return cls(resolved, default or _StyleInfo("", None, False))


_NOT_SET = object()


def _resolve_styles(raw: dict) -> dict:
    """Each style's outline level and list numbering, inherited along basedOn, each style
    resolved once: a chain is followed until a style already resolved, and every style on the
    way is resolved from there back (a chain of n styles costs n steps, not n²/2). A cycle in a
    crafted file ends the chain where it closes."""
    inherited: dict = {}  # style id → (outline, numbered), either possibly _NOT_SET
    for start in raw:
        path = []
        on_path = set()
        current = start
        while current in raw and current not in inherited and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = raw[current][1]
        outline, numbered = inherited.get(current, (_NOT_SET, _NOT_SET))
        for style_id in reversed(path):
            _, _, style_outline, style_numbered = raw[style_id]
            if style_outline is not None:
                outline = style_outline
            if style_numbered is not None:
                numbered = style_numbered
            inherited[style_id] = (outline, numbered)
    resolved = {}
    for style_id, (outline, numbered) in inherited.items():
        name = raw[style_id][0]
        level = heading_level_from_style(name) if outline is _NOT_SET else outline
        listed = numbered is not _NOT_SET and numbered is not False
        resolved[style_id] = _StyleInfo(name, level, listed, numbered if listed else None)
    return resolved


def _outline_value(element, tags: _Tags):
    """w:outlineLvl is 0-based with 9 meaning body text: → 1..9, 0 for 'explicitly body', None."""
    if element is None:
        return None
    value = element.get(tags.val, "")
    if value.isdigit():
        level = int(value) + 1
        return level if 1 <= level <= 9 else 0
    return None


def _num_pr_list(num_pr, tags: _Tags):
    """A style's w:numPr: False when it removes numbering (numId 0), else (numId, ilvl), either
    None when not given."""
    num_id = num_pr.find(tags.numId)
    value = num_id.get(tags.val, "").strip() if num_id is not None else None
    if value == "0":
        return False
    ilvl = num_pr.find(tags.ilvl)
    level = ilvl.get(tags.val, "").strip() if ilvl is not None else ""
    return (value or None, int(level) if level.isdigit() else None)


def _ui_name(name: str) -> str:
    # Word stores built-in names in lower case ("heading 1") and shows them capitalised; follow
    # python-docx's table so the names match what the task pane reports.
    return _ui_names().get(name, name)


@functools.lru_cache(maxsize=1)
def _ui_names() -> dict:
    try:
        from docx.styles import BabelFish
    except ImportError:  # pragma: no cover - python-docx is a dependency
        return {}
    return dict(BabelFish.ui_style_names)  # what BabelFish.internal2ui looks up


_STYLE_CACHE = LruCache(64)
_RELATIONSHIP_CACHE = LruCache(256)
_NUMBERING_CACHE = LruCache(64)


# ----------------------------------------------------------------------------- the body


# Paragraph boundaries in the walk's flat list of text pieces: U+0000 cannot occur in XML text.
_PARAGRAPH_START = "\x00"
# A paragraph's own properties while it is read: [styleId, outline level, numbered, numId, ilvl],
# each None until set. Most paragraphs have none of them and get no list (see _Walker.props).
_STYLE_ID, _OUTLINE, _NUMBERED, _NUM_ID, _ILVL = range(5)


class _Walker:
    """Two passes over the main part (or a batch of it when streaming), both `iter(tags…)`
    filtered in C.

    The first (`_prune`) finds the few elements that change what the second must do: subtrees
    that are not visible text are removed, paragraphs whose mark was deleted are noted, text
    boxes (paragraphs inside a paragraph) are detached and remembered by their anchor paragraph,
    and whether there are table cells at all. The second (`_walk`) then sees flat paragraphs:
    each ends where the next one starts.

    Speed: this walk is the reader's cost beyond unzip + parse, so it does per element only what
    that element needs. Text goes into one flat list with a marker per paragraph (joined and
    split once at the end, in C); a paragraph's properties get a list only when it has some;
    ancestors are looked at (in a table cell?) only when the batch has table cells, deleted
    paragraph marks or text boxes; the character limit is checked per batch (bounded, see
    _read_streaming) and when the paragraph limit trips; the model is built column by column
    (`paragraphs_from_columns`), each distinct set of properties resolved against the styles once.
    """

    def __init__(self, tags: _Tags, styles: _StyleTable, max_paragraphs: int, max_chars: int,
                 numbering=NumberingDefinitions.empty):
        self.tags = tags
        self.styles = styles
        self.numbering = numbering   # () -> NumberingDefinitions, read only if a paragraph is numbered
        self.max_paragraphs = max_paragraphs
        self.max_chars = max_chars
        self.walk_tags = (tags.t, tags.p, tags.tab, tags.br, tags.cr, tags.ptab, tags.no_break_hyphen,
                          tags.pStyle, tags.outlineLvl, tags.numPr, tags.numId, tags.ilvl)
        self.prune_tags = (tags.del_, tags.moveFrom, tags.fallback, tags.rt, tags.tabs, tags.pPrChange,
                           tags.txbxContent, tags.tc)
        # Per batch, keyed by elements of the batch (keeping them would keep its tree alive).
        self.mark_deleted: set = set()
        self.boxes: dict = {}
        self.has_cells = False
        # The document so far: `count` paragraphs, their text in `pieces` (each after a marker),
        # the property lists of those that have any by ordinal.
        self.count = 0
        self.pieces: list[str] = []
        self.props: dict[int, list] = {}
        # ordinals of the paragraphs in a table cell → the cell's place in its row (None: unknown)
        self.in_table: dict[int, int | None] = {}
        self.deleted_marks: set[int] = set()  # ordinals of the paragraphs whose mark was deleted
        self.specials = 0  # pieces that are not w:t text (tabs, breaks, hyphens): one character each
        self.counted = 0  # pieces already counted in `piece_chars`
        self.piece_chars = 0

    def read(self, root) -> Document:
        self.read_batch(root)
        return self.finish()

    def read_batch(self, container) -> None:
        """Read the paragraphs of `container` (the whole document, or a batch of completed
        blocks when streaming) after those read before."""
        self._prune(container)
        self._walk(container, False)
        self.mark_deleted = set()
        self.boxes = {}
        self.has_cells = False
        self._check_chars()

    def finish(self) -> Document:
        texts = "".join(self.pieces).split(_PARAGRAPH_START)
        return Document(self._paragraphs(texts[1:]))

    def _check_chars(self) -> None:
        pieces = self.pieces
        self.piece_chars += sum(map(len, pieces[self.counted:]))
        self.counted = len(pieces)
        # the w:t text read so far: all pieces but the paragraph markers and the special pieces
        if self.piece_chars - self.count - self.specials > self.max_chars:
            raise _too_much_text(self.max_chars)

    def _prune(self, root) -> None:
        tags = self.tags
        doomed = []
        boxes = []
        for el in root.iter(self.prune_tags):
            tag = el.tag
            if tag == tags.tc:
                self.has_cells = True
            elif tag == tags.txbxContent:
                boxes.append(el)
            elif tag == tags.del_ or tag == tags.moveFrom:
                parent = el.getparent()
                if parent.tag == tags.rPr:
                    grand = parent.getparent()
                    if grand is not None and grand.tag == tags.pPr and grand.getparent() is not None:
                        self.mark_deleted.add(grand.getparent())
                elif parent.tag == tags.trPr:
                    row = parent.getparent()
                    if row is not None:
                        doomed.append(row)  # a deleted table row
                else:
                    doomed.append(el)
            else:
                # mc:Fallback (duplicate of the mc:Choice content), w:rt (ruby annotation),
                # w:tabs (tab stops, not tab characters), w:pPrChange (former properties).
                doomed.append(el)
        for el in doomed:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
        for box in boxes:
            anchor = next(box.iterancestors(tags.p), None)
            # a box inside a removed subtree (a Fallback copy, deleted text) is not shown
            if anchor is None or not _attached(box, root):
                continue
            box.getparent().remove(box)
            self.boxes.setdefault(anchor, []).append(box)

    def _walk(self, container, in_box_table: bool) -> None:
        """Append the paragraphs of `container` in document order: each paragraph's text is the
        pieces after its marker, its properties the first of each kind before the next one.
        `in_box_table`: `container` is a text box anchored in a table cell."""
        tags = self.tags
        T, P = tags.t, tags.p
        TAB, PTAB, BR, CR, NBH = tags.tab, tags.ptab, tags.br, tags.cr, tags.no_break_hyphen
        PSTYLE, OUTLINE, NUMPR, VAL = tags.pStyle, tags.outlineLvl, tags.numPr, tags.val
        ILVL = tags.ilvl
        props = self.props
        count = self.count
        pieces_append = self.pieces.append
        max_paragraphs = self.max_paragraphs
        # Looking at a paragraph's ancestors or identity is needed only for these.
        all_boxes, mark_deleted = self.boxes, self.mark_deleted
        careful = bool(all_boxes or mark_deleted or self.has_cells or in_box_table)
        body_like = (tags.body, tags.document)
        TC = tags.tc
        append = _ignore  # nothing counts before the first paragraph
        prop = None
        anchored = None
        for el in container.iter(self.walk_tags):
            tag = el.tag
            if tag == T:
                text = el.text
                if text:
                    append(text)
            elif tag == P:
                if anchored:
                    self.count = count
                    self._walk_boxes(anchored, count - 1 in self.in_table)
                    count = self.count
                    anchored = None
                append = pieces_append
                append(_PARAGRAPH_START)
                count += 1
                prop = None
                if count > max_paragraphs:
                    self.count = count
                    self._check_chars()  # the text limit, if it was passed first
                    raise _too_many_paragraphs(max_paragraphs)
                if careful:
                    ordinal = count - 1
                    if in_box_table:
                        self.in_table[ordinal] = None
                    else:
                        parent = el.getparent()
                        cell = next(el.iterancestors(TC), None) if (
                            parent is not None and parent.tag not in body_like) else None
                        if cell is not None:
                            self.in_table[ordinal] = sum(1 for _ in cell.itersiblings(TC, preceding=True))
                    if all_boxes:
                        anchored = all_boxes.get(el)
                    if mark_deleted and el in mark_deleted:
                        self.deleted_marks.add(ordinal)
            elif append is _ignore:
                continue
            elif tag == TAB or tag == PTAB:
                append("\t")
                self.specials += 1
            elif tag == BR or tag == CR:
                append("\n")
                self.specials += 1
            elif tag == NBH:
                append("-")
                self.specials += 1
            else:
                if prop is None:
                    prop = props[count - 1] = [None, None, None, None, None]
                if tag == PSTYLE:
                    if prop[_STYLE_ID] is None:
                        prop[_STYLE_ID] = el.get(VAL)
                elif tag == OUTLINE:
                    if prop[_OUTLINE] is None:
                        prop[_OUTLINE] = _outline_value(el, tags)
                elif tag == NUMPR:
                    if prop[_NUMBERED] is None:
                        prop[_NUMBERED] = True
                elif tag == ILVL:
                    if prop[_ILVL] is None:
                        level = (el.get(VAL) or "").strip()
                        prop[_ILVL] = int(level) if level.isdigit() else None
                else:  # w:numId
                    num_id = (el.get(VAL) or "").strip()
                    if num_id == "0":
                        # numId 0 switches off numbering that the style would otherwise give.
                        prop[_NUMBERED] = False
                    elif prop[_NUM_ID] is None:
                        prop[_NUM_ID] = num_id
        self.count = count
        if anchored:
            self._walk_boxes(anchored, count - 1 in self.in_table)

    def _walk_boxes(self, boxes: list, anchor_in_table: bool) -> None:
        for box in boxes:
            self.has_cells = next(box.iter(self.tags.tc), None) is not None
            self._walk(box, anchor_in_table)

    def _paragraphs(self, texts: list[str]) -> tuple[Paragraph, ...]:
        """The model of the paragraphs read: each paragraph's properties, or its style's where it
        has none of its own (resolved once per distinct set), built column by column."""
        styles = self.styles
        default = styles.default
        plain = (default.name, default.outline_level or None, default.is_list_item, "")
        resolved = {}
        count = self.count
        rows = [plain] * count
        listed = default.is_list_item
        for ordinal, prop in self.props.items():
            key = (prop[0], prop[1], prop[2])
            row = resolved.get(key)
            if row is None:
                style_id, outline, numbered = key
                style = styles.get(style_id) if style_id else default
                if outline is None:
                    outline = style.outline_level
                if numbered is None:
                    numbered = style.is_list_item
                row = resolved[key] = (style.name, outline or None, numbered, "")
                listed = listed or numbered
            rows[ordinal] = row
        if listed:
            self._label(rows)
        cells = self.in_table
        in_table = list(map(cells.__contains__, range(count))) if cells else [False] * count
        columns = list(map(cells.get, range(count))) if cells else [None] * count
        if self.deleted_marks:
            joined = list(zip(in_table, columns))
            texts, rows, joined = _join_deleted_marks(texts, rows, joined, self.deleted_marks, plain)
            in_table = [bool(j and j[0]) for j in joined]
            columns = [j[1] if j else None for j in joined]
            count = len(rows)
        names, outlines, numbered, labels = zip(*rows) if rows else ((), (), (), ())
        return paragraphs_from_columns(range(count), texts, names, outlines, numbered, in_table, labels,
                                       columns)

    def _label(self, rows: list) -> None:
        """Give each numbered paragraph the number Word shows for it (rows[ordinal][3]), counted
        in document order; the list and level are the paragraph's own, else its style's."""
        counter = ListCounter(self.numbering())
        styles, props = self.styles, self.props
        default = styles.default
        ordinals = range(len(rows)) if default.is_list_item else sorted(props)
        for ordinal in ordinals:
            row = rows[ordinal]
            if not row[2]:
                continue
            prop = props.get(ordinal)
            num_id, ilvl = (prop[_NUM_ID], prop[_ILVL]) if prop is not None else (None, None)
            if num_id is None or ilvl is None:
                style = styles.get(prop[_STYLE_ID]) if prop is not None and prop[_STYLE_ID] else default
                own_id, own_level = style.numbering or (None, None)
                num_id = num_id if num_id is not None else own_id
                ilvl = ilvl if ilvl is not None else own_level
            label = counter.label(num_id, ilvl or 0)
            if label:
                rows[ordinal] = row[:3] + (label,)


def _ignore(_piece) -> None:
    pass


def _join_deleted_marks(texts, rows, in_table, deleted: set, plain: tuple):
    """A deleted paragraph mark joins the paragraph's text to the next paragraph, which keeps
    its own properties; text left over at the end is a paragraph of the default style."""
    joined_texts, joined_rows, joined_in_table = [], [], []
    pending = ""
    for ordinal, text in enumerate(texts):
        if pending:
            text = pending + text
            pending = ""
        if ordinal in deleted:
            pending = text
            continue
        joined_texts.append(text)
        joined_rows.append(rows[ordinal])
        joined_in_table.append(in_table[ordinal])
    if pending:
        joined_texts.append(pending)
        joined_rows.append(plain)
        joined_in_table.append(False)
    return joined_texts, joined_rows, joined_in_table


# ----------------------------------------------------------------------------- streaming


class _CountingStream:
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

    def read(self, size: int = _READ_CHUNK) -> bytes:
        chunk = self.source.read(max(size, _READ_CHUNK))
        if self.utf16 is None and chunk:
            self.utf16 = b"\x00" in chunk[:4]
        window = self.tail + chunk
        if _DOCTYPE_UTF8 in window or (self.utf16 and any(m in window for m in _DOCTYPE_UTF16)):
            raise _unsafe(self.part_name)
        self.tail = window[-self._CARRY:]
        self.markup += chunk.count(b"<")
        self.size += len(chunk)
        if self.markup - self.flushed > MAX_PENDING_MARKUP:
            raise _part_too_complex(self.part_name)
        return chunk


def _iterparse(source, **options):
    return etree.iterparse(
        source, resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, collect_ids=False, remove_comments=True, remove_pis=True, **options)


def _read_streaming(package, stream: _CountingStream, main_name: str, max_paragraphs: int,
                    max_chars: int) -> Document:
    """Read a large main part without holding its tree: completed top-level blocks (paragraphs,
    rows of top-level tables, also inside content controls) are moved into a batch, read by the
    same walker as a whole tree would be, and freed; the limits stop the read as soon as they are
    passed. Gives the same paragraphs as `_Walker.read` on the whole tree."""
    part_name = stream.part_name
    walker = None
    try:
        # Any namespace: the root (read at the first event) says which one the file uses.
        events = _iterparse(stream, events=("end",), tag=("{*}p", "{*}tr"))
        units = 0
        for _, el in events:
            if walker is None:
                walker = _walker(package, el.getroottree().getroot(), main_name,
                                 max_paragraphs, max_chars)
                tags = walker.tags
                wanted = (tags.p, tags.tr)
                blocking = (tags.tc, tags.txbxContent, tags.p)
                body_tag = tags.body
            if el.tag not in wanted:
                continue  # a DrawingML a:p, say
            for ancestor in el.iterancestors():
                tag = ancestor.tag
                if tag == body_tag:
                    break
                if tag in blocking:
                    ancestor = None
                    break
            else:
                ancestor = None
            if ancestor is None:
                continue  # inside a table cell, a text box or another paragraph: read with it
            units += 1
            if (units >= _STREAM_BATCH or stream.markup - stream.flushed > _STREAM_FLUSH_MARKUP
                    or stream.size - stream.flushed_size > _STREAM_FLUSH_BYTES):
                walker.read_batch(_detach_completed(el, ancestor))
                stream.flushed, stream.flushed_size = stream.markup, stream.size
                units = 0
        root = events.root
    except DocumentError:
        raise
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, part_name) from None
    except ValueError:
        raise _unknown_encoding(part_name) from None
    _refuse_dtd(root, part_name)
    if walker is None:
        walker = _walker(package, root, main_name, max_paragraphs, max_chars)
    walker.read_batch(root)
    return walker.finish()


def _walker(package, root, main_name: str, max_paragraphs: int, max_chars: int) -> "_Walker":
    """The walker of the main part whose root element is `root` (the whole tree, or the first
    element of a stream), with the package's styles and list definitions."""
    tags = _tags_for(root, main_name)
    return _Walker(tags, package.styles(main_name, tags), max_paragraphs, max_chars,
                   functools.partial(package.numbering, main_name))


def _detach_completed(element, body):
    """A new container holding, in document order, everything before `element` (at every level
    up to `body`) and `element` itself: all of it complete, none of it needed again."""
    chain = [element]
    for ancestor in element.iterancestors():
        if ancestor is body:
            break
        chain.append(ancestor)
    batch = etree.Element(body.tag)
    for node in reversed(chain):
        for sibling in reversed(list(node.itersiblings(preceding=True))):
            _move(sibling, batch)
    batch.append(element)
    return batch


def _move(element, into) -> None:
    """`into.append(element)`, a table row by row: lxml's namespace fix-up when an element moves
    to another document grows with the square of the subtree's size (a 25,000-node table took
    1.6 s, the same nodes as 250 paragraphs 15 ms). The table element itself is re-made
    (its own attributes are never read), its children moved one by one."""
    if element.tag.endswith("}tbl") and len(element) > 1:
        table = etree.SubElement(into, element.tag)
        for child in list(element):
            _move(child, table)
    else:
        into.append(element)


def _attached(element, root) -> bool:
    return any(ancestor is root for ancestor in element.iterancestors())


def _too_much_text(limit: int) -> TooLargeError:
    return TooLargeError(
        f"文档正文超过 {limit} 个字符，远超对照检查材料的正常篇幅，已拒绝。请只上传需要检查的材料。",
        f"The document text exceeds {limit} characters, far beyond a normal material; rejected. "
        "Upload only the material to be checked.",
    )


def _too_many_paragraphs(limit: int) -> TooLargeError:
    return TooLargeError(
        f"文档超过 {limit} 个段落，远超对照检查材料的正常篇幅，已拒绝。请只上传需要检查的材料。",
        f"The document has more than {limit} paragraphs, far beyond a normal material; rejected. "
        "Upload only the material to be checked.",
    )

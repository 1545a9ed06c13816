"""The .docx as an OPC package (ISO/IEC 29500-2), the layer python-docx calls `opc`: untrusted
bytes → a zip within limits → parts by name → relationships by type and target → a part's
parsed XML, or a DocumentError saying in Chinese what the file is and what to do.

May touch: the file's bytes, zipfile, the hardened parser (docx_xml.py), the parts' names and
relationships. May not touch: WordprocessingML's vocabulary (paragraphs, styles, lists: the
layers above hand in how to build their model of a part), the document model.

Why it looks like this: hostile input is rejected *before* any XML is parsed. The magic bytes
tell a legacy .doc or a password-protected file (both OLE2 containers) from a zip; the zip's
end-of-central-directory record gives the entry count before `zipfile` builds its index; declared
sizes and compression ratios are checked before anything is inflated; and members are inflated
through a bounded reader, so a header that lies about its size cannot exhaust memory. Two parts
of one name (case-insensitively, as OPC compares them) are refused. Relationships and the models
built from related parts (styles, lists) are cached by a digest of the *compressed* part:
documents made from one template would otherwise pay more for them than for their text.
Macro-enabled files and templates (.docm/.dotx/.dotm) are read like .docx; macros are never run
or even opened.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import posixpath
import struct
import zipfile
import zlib
from urllib.parse import unquote

from ..lru import LruCache
from .docx_xml import READ_CHUNK, parse_xml, part_zh
from .errors import (
    DuplicatePartError,
    EncryptedDocumentError,
    LegacyDocError,
    MissingPartError,
    NotDocxError,
    TooLargeError,
)

DEFAULT_MAX_UNCOMPRESSED = 64 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 2_000
# Ratio limit applies only to members above RATIO_CHECK_MIN_SIZE: small XML parts legitimately
# compress 50-100×, but a large member inflating past this ratio is a bomb, not a document.
DEFAULT_MAX_RATIO = 200
RATIO_CHECK_MIN_SIZE = 1024 * 1024

_MIB = 1024 * 1024

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_EOCD = b"PK\x05\x06"

PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_OFFICE_DOCUMENT = "/officeDocument"

_RELATIONSHIP_CACHE = LruCache(256)


def open_package(data: bytes, max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
                 max_entries: int = DEFAULT_MAX_ENTRIES, max_ratio: float = DEFAULT_MAX_RATIO) -> "Package":
    """The package of a file's bytes, once they are known to be a zip of acceptable size."""
    _reject_non_zip(data)
    _check_entry_count(data, max_entries)
    return Package(data, max_uncompressed, max_entries, max_ratio)


# ----------------------------------------------------------------------------- what is it?


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


class Package:
    """A zip package within the limits: its parts by name, inflated within a budget."""

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
                    f"文件中的{part_zh(info.filename)}压缩比异常（{ratio:.0f} 倍），疑似“压缩炸弹”，已拒绝。"
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
                    f"文件中有两个同名的{part_zh(info.filename)}，不同软件会读出不同的内容（可能是被篡改或拼接的文件），已拒绝。"
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

    def open_member(self, info: zipfile.ZipInfo) -> "MemberStream":
        """A bounded reader of one member (see MemberStream)."""
        if info.flag_bits & 0x1:
            raise EncryptedDocumentError(
                "文件内部被加密（压缩包密码保护），无法读取。请上传未加密的 .docx。",
                "Parts of the file are encrypted (zip password), so it cannot be read. Upload an unencrypted .docx.",
            )
        return MemberStream(self, info)

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

    def parse(self, info: zipfile.ZipInfo):
        """The parsed XML of one member, None when it holds nothing but white space."""
        content = self.read(info)
        if not content.strip():
            return None
        return parse_xml(content, info.filename)

    def main_document_name(self) -> str:
        """The main part: the target of the package's officeDocument relationship, else where
        Word puts it."""
        rels = self._relationships("_rels/.rels", base="")
        for rel_type, target in rels:
            if rel_type.endswith(_REL_OFFICE_DOCUMENT):
                return target
        return "word/document.xml"

    def related_part(self, main_name: str, rel_suffix: str, default_name: str):
        """The main part's related part of this relationship type (its conventional name when
        the relationship is missing), or None (also when it is empty)."""
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

    def related_model(self, main_name: str, rel_suffix: str, default_name: str, build, cache: LruCache,
                      *key: object):
        """`build(root)` of the main part's related part of this type (root None when the part
        holds only white space), cached in `cache` by the part's compressed bytes and `key`; None
        when there is no such part."""
        info = self.related_part(main_name, rel_suffix, default_name)
        if info is None:
            return None
        cache_key = (info.compress_type, info.file_size, info.CRC, self.raw_digest(info), *key)
        model = cache.get(cache_key)
        if model is None:
            model = build(self.parse(info))
            cache.put(cache_key, model)
        return model

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
        root = self.parse(info)
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


class MemberStream:
    """Inflates one member chunk by chunk, never more than its declared size nor the package's
    remaining budget (a header that understates the size cannot exhaust memory), mapping zip
    damage to a DocumentError."""

    def __init__(self, package: "Package", info: zipfile.ZipInfo):
        self.package, self.info = package, info
        self.limit = min(info.file_size, package.budget)
        self.got = 0
        self.stream = package._opened(info)

    def read(self, size: int = READ_CHUNK) -> bytes:
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
        f"文件中的{part_zh(info.filename)}使用了不支持的压缩方式。请在 Word 中另存为 .docx 后再上传。",
        f"Part {info.filename!r} uses an unsupported compression method. Save the file as .docx in Word "
        "and upload again.",
    )


def _resolve_target(base: str, target: str) -> str:
    target = unquote(target.replace("\\", "/"))
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(path).lstrip("/")


def missing_document(name: str, empty: bool = False) -> MissingPartError:
    what_zh = "是空的" if empty else "不存在"
    what_en = "is empty" if empty else "is missing"
    return MissingPartError(
        f"文件缺少正文：正文部分{what_zh}，文件可能已损坏或不是由 Word 保存的。请在 Word 或 WPS 中打开并另存为 .docx 后再上传。",
        f"The document body is missing: part {name} {what_en}; the file may be damaged or was not saved by "
        "Word. Open it in Word or WPS, save it as .docx, and upload again.",
    )

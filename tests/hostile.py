"""Crafted hostile and wrong-kind files, built in memory, for the reader, API, CLI and fuzz tests.

Every builder returns the file's bytes and is cached (the big ones take a moment to compress), so
any test module may call them freely. `CASES` lists them with the DocumentError subclass the
reader must raise, or None where the right outcome is a normal read (a .docm: macros are never
run; an embedded zip bomb: embedded packages are never opened). Nothing here is written to disk.
"""
from __future__ import annotations

import functools
import io
import os
import re
import struct
import zipfile
import zlib

from addin_server.readers.errors import (
    DuplicatePartError,
    EncryptedDocumentError,
    LegacyDocError,
    MissingPartError,
    NotDocxError,
    TooLargeError,
    UnsafeXmlError,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MIB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str, prolog: str = "") -> bytes:
    """A word/document.xml around `body` (raw WordprocessingML), with an optional prolog (DOCTYPE)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog
        + f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode("utf-8")


def paragraph_xml(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def package(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with the given members, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def minimal_docx(document: bytes | None = None, extra: dict | None = None) -> bytes:
    """The smallest package Word accepts: content types, package rels, document.xml (+ extra parts)."""
    parts: dict = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document if document is not None else document_xml(paragraph_xml("正文")),
    }
    parts.update(extra or {})
    return package(parts)


def _zeros_member(archive: zipfile.ZipFile, name: str, size: int, head: bytes = b"", tail: bytes = b"") -> None:
    """Stream `size` bytes (mostly spaces) into a member without holding them in memory."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=size > 0x7FFFFFFF) as member:
        member.write(head)
        chunk = b" " * _MIB
        left = size - len(head) - len(tail)
        while left > 0:
            member.write(chunk[:min(left, _MIB)])
            left -= _MIB
        member.write(tail)


def _bomb_package(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        head = document_xml("").split(b"<w:body>")[0] + b"<w:body>"
        _zeros_member(archive, "word/document.xml", size, head=head, tail=b"</w:body></w:document>")
    return buffer.getvalue()


@functools.lru_cache(maxsize=None)
def zip_bomb() -> bytes:
    """document.xml inflates to 200 MiB of whitespace (~200 KB on disk): over the total-size limit.

    Expected: TooLargeError, decided from the zip directory before anything is inflated."""
    return _bomb_package(200 * _MIB)


@functools.lru_cache(maxsize=None)
def high_ratio_zip() -> bytes:
    """document.xml of 24 MiB (under the 64 MiB total) that compresses ~1000:1.

    Expected: TooLargeError from the compression-ratio check, not from the total."""
    return _bomb_package(24 * _MIB)


def _deflated_kernel(size: int, fill: bytes = b"\0") -> tuple[bytes, int]:
    """Raw-deflate `size` bytes of `fill` in 1 MiB steps; returns (compressed, crc32)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = fill * _MIB
    crc, out, left = 0, [], size
    while left > 0:
        piece = chunk[:min(left, _MIB)]
        crc = zlib.crc32(piece, crc)
        out.append(compressor.compress(piece))
        left -= len(piece)
    out.append(compressor.flush())
    return b"".join(out), crc


def _raw_zip(entries: list[tuple[str, int]], kernel: bytes, crc: int, size: int) -> bytes:
    """A zip whose central directory lists `entries` (name, local-header offset index) that all
    share one deflated kernel: entry i points at local header number `index`."""
    local_headers, offsets = [], []
    position = 0
    distinct = sorted({index for _, index in entries})
    names = {index: name for name, index in reversed(entries)}
    for index in distinct:
        name = names[index].encode()
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(kernel), size,
                             len(name), 0) + name
        offsets.append(position)
        local_headers.append(header + kernel)
        position += len(header) + len(kernel)
    offset_of = dict(zip(distinct, offsets))
    central = b"".join(
        struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(kernel), size,
                    len(name.encode()), 0, 0, 0, 0, 0, offset_of[index]) + name.encode()
        for name, index in entries)
    body = b"".join(local_headers)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0)
    return body + central + end


@functools.lru_cache(maxsize=None)
def nested_zip_bomb() -> bytes:
    """A valid .docx embedding a zip whose 16 members each inflate to 64 MiB (1 GiB in all).

    The outer package is honest (the inner zip is stored, ratio 1:1), so the right outcome is a
    normal read: the reader never opens embedded packages. Expected: a Document, quickly."""
    kernel, crc = _deflated_kernel(64 * _MIB)
    inner = _raw_zip([(f"layer{i}.bin", i) for i in range(16)], kernel, crc, 64 * _MIB)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document_xml(paragraph_xml("附件见嵌入对象")))
        archive.writestr(zipfile.ZipInfo("word/embeddings/package1.zip"), inner,
                         compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


@functools.lru_cache(maxsize=None)
def overlapping_zip_bomb(entries: int = 1_000) -> bytes:
    """A non-recursive "overlapping" bomb: 1,000 central-directory entries share one local file
    whose 4 MiB kernel they all point at. Declared sizes add up to ~4 GiB.
    Expected: TooLargeError from the directory alone."""
    kernel, crc = _deflated_kernel(4 * _MIB)
    names = ["word/document.xml"] + [f"word/media/copy{i}.bin" for i in range(1, entries)]
    return _raw_zip([(name, 0) for name in names], kernel, crc, 4 * _MIB)


@functools.lru_cache(maxsize=None)
def lying_size_zip() -> bytes:
    """document.xml really inflates to 32 MiB but both headers claim 2 KB.

    The size checks pass; the reader must stop inflating at the declared size. Expected:
    NotDocxError (damaged: the data does not match its CRC), with memory never near 32 MiB."""
    good = _bomb_package(32 * _MIB)
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("word/document.xml")
    data = bytearray(good)
    claimed = 2048
    struct.pack_into("<L", data, info.header_offset + 22, claimed)  # local header: uncompressed size
    position = data.find(b"PK\x01\x02", info.header_offset + 30 + info.compress_size)
    while position >= 0:  # central directory entry: uncompressed size at +24
        name_len = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46:position + 46 + name_len]) == b"word/document.xml":
            struct.pack_into("<L", data, position + 24, claimed)
            break
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


@functools.lru_cache(maxsize=None)
def many_entries_zip(entries: int = 10_000) -> bytes:
    """A valid .docx plus 10,000 tiny members. Expected: TooLargeError (entry count), read from the
    end-of-central-directory record before the zip is indexed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document_xml(paragraph_xml("正文")))
        for i in range(entries):
            archive.writestr(f"customXml/item{i}.xml", b"<a/>")
    return buffer.getvalue()


def xxe_docx() -> bytes:
    """document.xml declares an external entity reading /etc/passwd (XXE). Expected: UnsafeXmlError."""
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return minimal_docx(document_xml(paragraph_xml("&xxe;"), prolog))


def xxe_network_docx() -> bytes:
    """document.xml pulls an external DTD over the network. Expected: UnsafeXmlError, no request."""
    prolog = '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd">'
    return minimal_docx(document_xml(paragraph_xml("外部 DTD"), prolog))


def billion_laughs_docx() -> bytes:
    """The classic exponential entity expansion (10^9 "lol"s). Expected: UnsafeXmlError."""
    entities = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = f"&lol{level - 1};" if level > 1 else "&lol;"
        entities.append(f'<!ENTITY lol{level} "{previous * 10}">')
    prolog = "<!DOCTYPE w:document [" + "".join(entities) + "]>"
    return minimal_docx(document_xml(paragraph_xml("&lol9;"), prolog))


def xxe_in_rels_docx() -> bytes:
    """The DTD hides in _rels/.rels, which is parsed before the document. Expected: UnsafeXmlError."""
    rels = PACKAGE_RELS.replace(
        "<Relationships", '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]><Relationships', 1)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document_xml(paragraph_xml("正文")))
    return docx.getvalue()


def utf16_xxe_docx() -> bytes:
    """A UTF-16 document.xml with a DOCTYPE (byte scans for ASCII miss it). Expected: UnsafeXmlError."""
    xml = ('<?xml version="1.0" encoding="UTF-16"?>'
           '<!DOCTYPE w:document [<!ENTITY e "boom">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{paragraph_xml("&e;")}</w:body></w:document>')
    return minimal_docx(b"\xff\xfe" + xml.encode("utf-16-le"))


@functools.lru_cache(maxsize=None)
def huge_paragraph_docx(characters: int = 12_000_000) -> bytes:
    """One paragraph of 12 million poorly compressible characters (a text node past libxml2's
    10 MB limit; ratio ~2:1, so the zip checks pass). Expected: TooLargeError."""
    text = os.urandom(characters // 2).hex()
    return minimal_docx(document_xml(paragraph_xml(text)))


def nested_tables_xml(depth: int, text: str = "最里层") -> str:
    """A table in a cell of a table … `depth` levels deep, the innermost cell holding `text`."""
    xml = paragraph_xml(text)
    for _ in range(depth):
        # a cell must end with a paragraph, so every level adds one empty paragraph after the table
        xml = f"<w:tbl><w:tr><w:tc>{xml}<w:p/></w:tc></w:tr></w:tbl>"
    return xml


def deeply_nested_tables_docx(depth: int = 200) -> bytes:
    """Tables nested 200 deep (600+ XML levels, past libxml2's depth limit). Expected: TooLargeError."""
    return minimal_docx(document_xml(nested_tables_xml(depth)))


def fake_doc() -> bytes:
    """A Word 97-2003 .doc (OLE2 container with a WordDocument stream) renamed to .docx.
    Expected: LegacyDocError."""
    return compound_file({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 4092, "1Table": b"\0" * 4096})


def encrypted_docx() -> bytes:
    """A password-protected OOXML file as Word writes it: a real OLE2 compound file holding the
    EncryptionInfo and EncryptedPackage streams (contents are placeholders, not real ciphertext).
    Expected: EncryptedDocumentError."""
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
        b'saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>')
    package_stream = struct.pack("<Q", 4096) + os.urandom(4096)
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": package_stream})


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal but valid OLE2 / Compound File Binary (version 3, 512-byte sectors).

    Streams are zero-padded to at least 4096 bytes so they live in regular sectors (no mini stream);
    directory entries form a chain of right siblings ordered by the CFB name comparison."""
    sector = 512
    free, end_of_chain, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    ordered = sorted(streams.items(), key=lambda kv: (len(kv[0]), kv[0].upper()))
    # Streams shorter than the 4096-byte cutoff would belong in the mini stream; padding them to the
    # cutoff keeps every stream in regular sectors (readers then see the padded length).
    ordered = [(name, data.ljust(4096, b"\0")) for name, data in ordered]
    payloads = [data + b"\0" * (-len(data) % sector) for _, data in ordered]
    entries = 1 + len(ordered)
    dir_sectors = -(-entries * 128 // sector)
    data_sectors = sum(len(p) // sector for p in payloads)
    total_sectors = 1 + dir_sectors + data_sectors
    if total_sectors > sector // 4:
        raise ValueError("streams too large for a single-FAT-sector compound file")

    fat = [free] * (sector // 4)
    fat[0] = fat_sector
    next_sector = 1
    dir_start = next_sector
    for i in range(dir_sectors):
        fat[next_sector + i] = next_sector + i + 1 if i < dir_sectors - 1 else end_of_chain
    next_sector += dir_sectors
    starts = []
    for payload in payloads:
        count = len(payload) // sector
        starts.append(next_sector)
        for i in range(count):
            fat[next_sector + i] = next_sector + i + 1 if i < count - 1 else end_of_chain
        next_sector += count

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3L", len(encoded), kind, 1, left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<LQ", start, size))

    directory = entry("Root Entry", 5, no_stream, no_stream, 1 if ordered else no_stream, end_of_chain, 0)
    for index, ((name, data), start) in enumerate(zip(ordered, starts), start=1):
        right = index + 1 if index < len(ordered) else no_stream
        directory += entry(name, 2, no_stream, right, no_stream, start, len(data))
    directory = directory.ljust(dir_sectors * sector, b"\0")
    # unused directory slots must name no siblings/children
    for slot in range(entries, dir_sectors * sector // 128):
        offset = slot * 128
        directory = (directory[:offset + 68] + struct.pack("<3L", no_stream, no_stream, no_stream)
                     + directory[offset + 80:])

    header = struct.pack(
        "<8s16sHHHHH6sLLLLLLLLL",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16,
        0x003E, 0x0003, 0xFFFE, 9, 6, b"\0" * 6,
        0,  # directory sectors (must be 0 in version 3)
        1,  # FAT sectors
        dir_start, 0, 4096,
        end_of_chain, 0,  # no mini FAT
        end_of_chain, 0,  # no DIFAT sectors
    )
    header += struct.pack("<L", 0) + struct.pack("<108L", *([free] * 108))
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}L", *fat) + directory + b"".join(payloads)


def docm_with_macros() -> bytes:
    """A macro-enabled .docm (vbaProject.bin part, macroEnabled main content type).
    Expected: a normal read (macros are never run or opened)."""
    content_types = CONTENT_TYPES.replace(
        "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
    ).replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/></Relationships>'
    )
    vba = compound_file({"VBA": b"Attribute VB_Name = \"ThisDocument\"\r\nSub AutoOpen()\r\nEnd Sub\r\n"})
    return package({
        "[Content_Types].xml": content_types,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document_xml(paragraph_xml("宏文档正文")),
        "word/_rels/document.xml.rels": doc_rels,
        "word/vbaProject.bin": vba,
    })


def png_bytes() -> bytes:
    """A real 1×1 PNG image (renamed to .docx by the tests). Expected: NotDocxError."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">LLBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    """A tiny PDF. Expected: NotDocxError."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def rtf_bytes() -> bytes:
    """An RTF document (Word can save these). Expected: NotDocxError."""
    return b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}}\\f0 \\u27491?\\u25991? text\\par}"


def odt_bytes() -> bytes:
    """An OpenDocument text package (mimetype first, stored). Expected: NotDocxError."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_text_bytes() -> bytes:
    """Plain UTF-8 text saved with a .docx name. Expected: NotDocxError."""
    return "一、对照检查情况\n（一）理论学习方面\n".encode("utf-8") * 20


def empty_file() -> bytes:
    """Zero bytes. Expected: NotDocxError."""
    return b""


def truncated_docx() -> bytes:
    """A valid .docx cut in half (no central directory). Expected: NotDocxError (damaged)."""
    whole = minimal_docx(document_xml(paragraph_xml("被截断的文件") * 50))
    return whole[: len(whole) // 2]


def docx_without_document() -> bytes:
    """An OOXML package whose officeDocument target, word/document.xml, is absent.
    Expected: MissingPartError."""
    return package({"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS,
                    "word/styles.xml": f'<w:styles xmlns:w="{W_NS}"/>'})


def docx_with_empty_document() -> bytes:
    """word/document.xml is present but zero bytes long. Expected: MissingPartError."""
    return minimal_docx(b"")


# name → (builder, the DocumentError subclass the reader raises, or None for a normal read)

def _flood_document(element: bytes, size: int, wrap: tuple[bytes, bytes] = (b"", b"")) -> bytes:
    """A document.xml of about `size` bytes: `element` repeated, one copy in 42 carrying a
    random rsid so the part deflates ~70× (a plain repetition would trip the ratio limit)."""
    import random

    rng = random.Random(16)
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    name = element[1:].split(b"/")[0].split(b" ")[0]
    chunks = [head, wrap[0]]
    total = 0
    while total < size:
        block = []
        for _ in range(1024):
            block.append(element)
            block.append(b"<%s w:rsidR=\"%08X\"/>" % (name, rng.getrandbits(32)))
            block.extend([element] * 40)
        piece = b"".join(block)
        chunks.append(piece)
        total += len(piece)
    chunks += [wrap[1], tail]
    return b"".join(chunks)


@functools.lru_cache(maxsize=None)
def empty_paragraphs_docx(size: int = 62 * _MIB) -> bytes:
    """Under 1 MB on the wire, 62 MB of empty <w:p/> inside (millions of paragraphs)."""
    return minimal_docx(_flood_document(b"<w:p/>", size))


@functools.lru_cache(maxsize=None)
def run_flood_docx(size: int = 62 * _MIB) -> bytes:
    """One paragraph holding millions of empty runs: no paragraph ever completes."""
    return minimal_docx(_flood_document(b"<w:r/>", size, (b"<w:p>", b"</w:p>")))


@functools.lru_cache(maxsize=None)
def table_cell_flood_docx(size: int = 62 * _MIB) -> bytes:
    """One table row with millions of empty cells."""
    return minimal_docx(_flood_document(b"<w:tc/>", size, (b"<w:tbl><w:tr>", b"</w:tr></w:tbl>")))


@functools.lru_cache(maxsize=None)
def style_chain_docx(count: int = 20_000, cycle: bool = False) -> bytes:
    """`count` paragraph styles, each basedOn the one before (the last closing a cycle when asked),
    and a paragraph in the last one."""
    styles = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">']
    for i in range(count):
        based = f'<w:basedOn w:val="S{i - 1}"/>' if i else ('<w:basedOn w:val="S%d"/>' % (count - 1) if cycle else "")
        outline = '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>' if i == 0 else ""
        styles.append(f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="样式{i}"/>{based}{outline}</w:style>')
    styles.append("</w:styles>")
    document = document_xml(f'<w:p><w:pPr><w:pStyle w:val="S{count - 1}"/></w:pPr><w:r><w:t>一、存在问题</w:t></w:r></w:p>'
                            + paragraph_xml("一是学习不够深入。"))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>')
    return minimal_docx(document, {"word/styles.xml": "".join(styles), "word/_rels/document.xml.rels": rels})


@functools.lru_cache(maxsize=None)
def duplicate_document_docx() -> bytes:
    """Two word/document.xml entries: a zip reader taking the first sees one document, Word,
    LibreOffice and python-docx (the last) another."""
    import warnings

    complete = document_xml("".join(paragraph_xml(t) for t in ("一、存在问题", "一是理论学习不够深入。", "二、原因剖析", "三、整改措施")))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": the point of the file
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("_rels/.rels", PACKAGE_RELS)
            archive.writestr("word/document.xml", complete)
            archive.writestr("word/document.xml", document_xml(paragraph_xml("只有一句话。")))
    return buffer.getvalue()


CASES: dict[str, tuple] = {
    "zip_bomb": (zip_bomb, TooLargeError),
    "high_ratio_zip": (high_ratio_zip, TooLargeError),
    "nested_zip_bomb": (nested_zip_bomb, None),
    "overlapping_zip_bomb": (overlapping_zip_bomb, TooLargeError),
    "lying_size_zip": (lying_size_zip, NotDocxError),
    "many_entries_zip": (many_entries_zip, TooLargeError),
    "xxe": (xxe_docx, UnsafeXmlError),
    "xxe_network": (xxe_network_docx, UnsafeXmlError),
    "billion_laughs": (billion_laughs_docx, UnsafeXmlError),
    "xxe_in_rels": (xxe_in_rels_docx, UnsafeXmlError),
    "utf16_xxe": (utf16_xxe_docx, UnsafeXmlError),
    "huge_paragraph": (huge_paragraph_docx, TooLargeError),
    "deeply_nested_tables": (deeply_nested_tables_docx, TooLargeError),
    "fake_doc": (fake_doc, LegacyDocError),
    "encrypted": (encrypted_docx, EncryptedDocumentError),
    "docm_with_macros": (docm_with_macros, None),
    "renamed_png": (png_bytes, NotDocxError),
    "pdf": (pdf_bytes, NotDocxError),
    "rtf": (rtf_bytes, NotDocxError),
    "odt": (odt_bytes, NotDocxError),
    "plain_text": (plain_text_bytes, NotDocxError),
    "empty": (empty_file, NotDocxError),
    "truncated": (truncated_docx, NotDocxError),
    "no_document_part": (docx_without_document, MissingPartError),
    "empty_document_part": (docx_with_empty_document, MissingPartError),
    "empty_paragraphs_flood": (empty_paragraphs_docx, TooLargeError),
    "run_flood": (run_flood_docx, TooLargeError),
    "table_cell_flood": (table_cell_flood_docx, TooLargeError),
    "style_chain": (style_chain_docx, None),
    "duplicate_document_part": (duplicate_document_docx, DuplicatePartError),
}


_CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_api_outcome(name: str, status: int, body: dict) -> None:
    """The HTTP answer to CASES[name] is the one its reader outcome demands: a report for a file
    read by design, else the error class's own status and code with a Chinese message (a file too
    large may be refused by the request size limit before the reader sees it)."""
    _, expected = CASES[name]
    if expected is None:
        assert status == 200, body
        from addin_server.frameworks import default_framework

        # Nothing to recognise in such a file: the default framework, and no framework fits.
        assert "findings" in body and body["framework"] == default_framework().id, body
        assert body["recognition"]["fits"] is False, body
        return
    error = body["error"]
    assert status == expected.http_status, (status, error)
    if not (expected is TooLargeError and error["code"] == "request.too_large"):
        assert error["code"] == expected.code, error
    assert _CJK.search(error["message"]), error["message"]

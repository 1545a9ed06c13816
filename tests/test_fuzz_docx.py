"""Fuzzing the .docx reader with hypothesis: mutated real files must give a model or a DocumentError.

Seeds are a material built with python-docx (always available) and, when present, the real-world
files in ../shared/corpus/docx. Mutations work at every layer a hostile or damaged file can differ:
raw bytes (flips, truncation, splices), zip members (dropped, emptied, renamed, duplicated, stored
uncompressed, swapped with another member) and XML text inside word/document.xml and the other
parts (tags cut, duplicated, closed early, declarations and entities inserted). For every input:
no exception other than DocumentError, a wall-clock bound, and a bound on Python heap use. The
checker then runs on every model the reader returns.

For long local runs with coverage guidance, see bench/fuzz_docx.py (atheris).
"""
from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import corpus
import materials
from addin_server.checks import check, proof
from addin_server.readers import read_docx
from addin_server.readers.errors import DocumentError

# Small corpus files keep each example fast; large ones add images, not new reader paths.
CORPUS_MAX_BYTES = 300_000

SECONDS_PER_INPUT = 3.0
# Python heap used while reading one input, beyond the input itself. The reader inflates at most
# its uncompressed limit (64 MiB) in total, so a bound well under that shows bombs are stopped early.
HEAP_BOUND = 48 * 1024 * 1024


def _built_seeds() -> list[bytes]:
    complete = materials.complete()
    return [
        materials.build_docx(complete),
        materials.build_docx(complete[:8], table_rows=[["（一）理论学习方面", "一是学习不够系统。"],
                                                        ["（二）政治素质方面", "二是研判不够深入。"]]),
    ]


def _corpus_seeds() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in corpus.files(CORPUS_MAX_BYTES)]


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _opens_as_zip(data: bytes) -> bool:
    try:
        _members(data)
    # Deliberately damaged corpus files get only byte mutations. (A broad `except Exception` here
    # once hid a NameError and with it every zip-level mutation of the corpus.)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        return False
    return True


BUILT = _built_seeds()
CORPUS_SEEDS = _corpus_seeds()
CORPUS_ZIPS = [(name, data) for name, data in CORPUS_SEEDS if _opens_as_zip(data)]


@pytest.fixture(scope="module", autouse=True)
def warm_checker():
    # jieba's dictionary loads on the first check (~1 s, far more under tracemalloc); a server has
    # loaded it long before the first upload, so it is not part of any input's bound.
    check(read_docx(BUILT[0]))
    proof.warm_up()   # what the server loads at start (the lexicon, the whole segmentation dictionary)
    # A character beyond the basic ideograph blocks is read by pypinyin, whose dictionaries load
    # then (~0.2 s, far more under tracemalloc): loaded here, outside any input's bound.
    proof.lexicon.reading("\U00020000")


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content, compression in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = compression
            z.writestr(info, content)
    return buf.getvalue()


# ----------------------------------------------------------------------------- mutations


@st.composite
def byte_mutations(draw, data: bytes) -> bytes:
    buf = bytearray(data)
    kind = draw(st.sampled_from(["flip", "truncate", "splice", "zero_run"]))
    if kind == "flip":
        for _ in range(draw(st.integers(1, 16))):
            pos = draw(st.integers(0, len(buf) - 1))
            buf[pos] ^= draw(st.integers(1, 255))
    elif kind == "truncate":
        del buf[draw(st.integers(0, len(buf) - 1)):]
    elif kind == "splice":
        a = draw(st.integers(0, len(buf) - 1))
        b = draw(st.integers(a, min(len(buf), a + 4096)))
        at = draw(st.integers(0, len(buf)))
        buf[at:at] = buf[a:b]
    else:
        a = draw(st.integers(0, len(buf) - 1))
        buf[a:a + draw(st.integers(1, 512))] = b"\x00" * len(buf[a:a + 512])
    return bytes(buf)


XML_SNIPPETS = [
    b"<w:p>", b"</w:p>", b"<w:t>", b"</w:t>", b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>",
    b"<!DOCTYPE d [<!ENTITY a \"aaaa\">]>", b"<!ENTITY x SYSTEM \"file:///etc/passwd\">", b"&x;", b"&amp;",
    b"&#0;", b"&#xD800;", b"<![CDATA[", b"]]>", b"<?pi x?>", b"<!-- c -->", b"\xff\xfe", b"\xe4\xb8",
    b"<w:del><w:r><w:delText>x</w:delText></w:r></w:del>", b"<mc:AlternateContent>", b"<w:txbxContent>",
    b"<w:pStyle w:val=\"Heading1\"/>", b"<w:outlineLvl w:val=\"99\"/>", b"<w:numPr><w:numId w:val=\"0\"/></w:numPr>",
    b"<w:br/>", b"<w:tab/>", b"xmlns:w=\"urn:x\"", b"\"", b"<", b">", b"\x00",
]


@st.composite
def xml_mutations(draw, xml: bytes) -> bytes:
    buf = bytearray(xml)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "replace_tag"]))
        pos = draw(st.integers(0, len(buf)))
        if kind == "insert":
            buf[pos:pos] = draw(st.sampled_from(XML_SNIPPETS))
        elif kind == "delete":
            del buf[pos:pos + draw(st.integers(1, 200))]
        elif kind == "duplicate":
            chunk = buf[pos:pos + draw(st.integers(1, 2000))]
            buf[pos:pos] = chunk * draw(st.integers(1, 8))
        else:
            start = buf.find(b"<", pos)
            end = buf.find(b">", start)
            if 0 <= start < end:
                buf[start:end + 1] = draw(st.sampled_from(XML_SNIPPETS))
    return bytes(buf)


@st.composite
def member_mutations(draw, data: bytes) -> bytes:
    members = [(info.filename, content, info.compress_type) for info, content in _members(data)]
    kind = draw(st.sampled_from(["drop", "empty", "rename", "duplicate", "store", "swap", "xml", "xml_other",
                                 "garbage"]))
    names = [m[0] for m in members]
    doc_index = names.index("word/document.xml") if "word/document.xml" in names else 0
    pick = draw(st.sampled_from([doc_index, draw(st.integers(0, len(members) - 1))]))
    name, content, compression = members[pick]
    if kind == "drop":
        del members[pick]
    elif kind == "empty":
        members[pick] = (name, b"", compression)
    elif kind == "rename":
        members[pick] = (draw(st.sampled_from(["WORD/DOCUMENT.XML", "word\\document.xml", "/word/document.xml",
                                               "word/document2.xml", "../document.xml", ""])) or "x",
                         content, compression)
    elif kind == "duplicate":
        members.append((name, draw(xml_mutations(content)) if content else b"x", compression))
    elif kind == "store":
        members = [(n, c, zipfile.ZIP_STORED) for n, c, _ in members]
    elif kind == "swap":
        other = draw(st.integers(0, len(members) - 1))
        members[pick] = (name, members[other][1], compression)
    elif kind in ("xml", "xml_other"):
        target = doc_index if kind == "xml" else pick
        n, c, comp = members[target]
        members[target] = (n, draw(xml_mutations(c)) if c else c, comp)
    else:
        members[pick] = (name, draw(st.binary(min_size=1, max_size=300)), compression)
    return _zip(members)


def mutated(seeds: list[bytes]):
    seed = st.sampled_from(seeds)
    return st.one_of(
        seed.flatmap(byte_mutations),
        seed.flatmap(member_mutations),
    )


# ----------------------------------------------------------------------------- the property


def _read_and_check(data: bytes) -> None:
    try:
        document = read_docx(data)
        event("read")
    except DocumentError as exc:
        event(exc.code)
        assert exc.code and exc.message_zh and exc.message_en
        assert 400 <= exc.http_status < 500
        return
    check(document)


def _read_within_bounds(data: bytes) -> None:
    # Time and memory in two passes: tracemalloc slows Python code five-fold and unevenly (the
    # proofreader's first look at a long text of another genre fills its caches: 0.6 s alone,
    # over 3 s traced), so the time bound is taken untraced, as a server would run it.
    started = time.perf_counter()
    _read_and_check(data)
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_INPUT, f"took {elapsed:.1f} s"
    tracemalloc.start()
    try:
        _read_and_check(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < HEAP_BOUND, f"heap peak {peak / 2**20:.0f} MiB"


FUZZ_SETTINGS = settings(max_examples=400, deadline=None, derandomize=False,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                HealthCheck.large_base_example])


@FUZZ_SETTINGS
@given(mutated(BUILT))
def test_mutated_built_docx(data):
    _read_within_bounds(data)


@pytest.fixture(scope="module")
def corpus_seeds():
    corpus.require()
    return CORPUS_SEEDS


@settings(FUZZ_SETTINGS, max_examples=400)
@given(data=st.data())
def test_mutated_corpus_docx(corpus_seeds, data):
    # Seeds are drawn by name so a failure report names the file instead of printing its bytes.
    if data.draw(st.booleans(), label="zip-level mutation") and CORPUS_ZIPS:
        name = data.draw(st.sampled_from([n for n, _ in CORPUS_ZIPS]), label="seed")
        mutant = member_mutations(dict(CORPUS_ZIPS)[name])
    else:
        name = data.draw(st.sampled_from([n for n, _ in CORPUS_SEEDS]), label="seed")
        mutant = byte_mutations(dict(CORPUS_SEEDS)[name])
    _read_within_bounds(data.draw(mutant.map(_Opaque), label="mutant").data)


class _Opaque:
    """Wraps mutant bytes so hypothesis reports their size, not a megabyte of escapes."""

    def __init__(self, data: bytes):
        self.data = data

    def __repr__(self) -> str:
        return f"<{len(self.data)} bytes, starts {self.data[:16]!r}>"


def test_built_seeds_read_cleanly():
    """The built seeds are read (the fuzz targets start from working files)."""
    for data in BUILT:
        assert len(read_docx(data).paragraphs) > 5


def test_corpus_seeds_read_as_their_notes_predict(corpus_seeds):
    """Each corpus seed gives the outcome its SOURCES.tsv note predicts, and most are documents
    with text: the corpus fuzz target starts from working files, not only from broken ones."""
    with_text = 0
    for name, data in corpus_seeds:
        expected = corpus.expected_outcome(name)
        if expected is None:
            with_text += read_docx(data).char_count > 0
        else:
            with pytest.raises(expected):
                read_docx(data)
    assert corpus_seeds and with_text >= 0.6 * len(corpus_seeds), (with_text, len(corpus_seeds))
    assert len(CORPUS_ZIPS) >= with_text

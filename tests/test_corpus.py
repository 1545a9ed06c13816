"""Every real-world file in ../shared/corpus/docx gives a Document or the specific DocumentError its
SOURCES.tsv note predicts — never another exception, never a hang — and the checker accepts
every Document the reader produces."""
from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

import corpus
from addin_server.checks import check
from addin_server.frameworks import get_framework
from addin_server.model import Document
from addin_server.readers import read_docx
from addin_server.readers.errors import DocumentError

CORPUS = corpus.require()
SECONDS_PER_FILE = 5.0
CJK = re.compile(r"[\u4e00-\u9fff]")
NOTES = corpus.notes()
FILES = corpus.files()


def read_within_bound(path: Path):
    data = path.read_bytes()
    started = time.perf_counter()
    try:
        result = read_docx(data)
    except DocumentError as error:
        result = error
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_FILE, f"{path.name} took {elapsed:.1f}s"
    return result


@pytest.mark.timeout(30)
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_reads_or_is_rejected_specifically(path):
    note = NOTES.get(path.name, "")
    result = read_within_bound(path)
    expected = corpus.expected_outcome(path.name)
    if expected is None:
        assert isinstance(result, Document), f"{path.name} ({note}): {result!r}"
    else:
        assert type(result) is expected, f"{path.name} ({note}): {result!r}"
        assert result.message_zh and result.message_en


def test_corpus_has_the_files_its_sources_list():
    assert FILES, "empty corpus"
    missing = sorted(set(NOTES) - {p.name for p in FILES})
    assert not missing, missing


W_T_CONTENT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


@pytest.mark.parametrize("name", sorted(n for n, note in NOTES.items() if "Chinese" in note or "CJK" in note))
def test_chinese_body_text_is_read(name):
    """Where the main part's w:t elements hold Chinese (some notes mean only fonts or headers),
    the reader's text holds Chinese too."""
    data = (CORPUS / name).read_bytes()
    raw = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    in_xml = CJK.findall(b"".join(W_T_CONTENT.findall(raw)).decode("utf-8", "replace"))
    read = CJK.findall("".join(p.text for p in read_docx(data).paragraphs))
    if not in_xml:
        assert not read
        return
    # text boxes appear twice in the XML (mc:Choice and mc:Fallback) but once in the reader
    assert len(read) >= 0.5 * len(in_xml), (name, len(read), len(in_xml))


@pytest.mark.parametrize("name", sorted(n for n, note in NOTES.items() if "Strict" in note))
def test_strict_files_yield_their_text(name):
    result = read_docx((CORPUS / name).read_bytes())
    assert result.char_count > 0, name


def test_multiple_bodies_are_all_read():
    name = "poi__MultipleBodyBug.docx"
    if name not in NOTES:
        pytest.skip(f"{name} not in this corpus")
    text = [p.text for p in read_docx((CORPUS / name).read_bytes()).paragraphs]
    assert [t.split()[:3] for t in text] == [["START", "BODY", "1"], ["START", "BODY", "2"],
                                             ["START", "BODY", "3"]]


@pytest.mark.timeout(120)
def test_checker_accepts_every_readable_corpus_document():
    """Every file the reader accepts gets a report within the time bound: its findings carry codes
    from finding_codes.CODES, and paragraph numbers that exist in the document."""
    from addin_server.finding_codes import CODES

    checked = 0
    for path in FILES:
        if corpus.expected_outcome(path.name) is not None:
            continue
        document = read_docx(path.read_bytes())
        started = time.perf_counter()
        report = check(document)
        assert time.perf_counter() - started < SECONDS_PER_FILE, path.name
        data = report.to_dict()
        # No framework fits a foreign document: recognition says so, and the report falls back to
        # the configured default framework.
        assert isinstance(data["complete"], bool), path.name
        assert data["recognition"] is not None and data["recognition"]["fits"] is False, path.name
        assert data["framework"] == get_framework(None).id, path.name
        for finding in report.findings:
            assert finding.code in CODES and finding.message, (path.name, finding)
            assert finding.paragraph is None or 0 <= finding.paragraph < len(document.paragraphs), \
                (path.name, finding)
        # Foreign documents (software manuals, test files) are not materials.
        assert not report.complete, path.name
        checked += 1
    assert checked >= 0.8 * len(FILES), (checked, len(FILES))


@pytest.mark.timeout(300)
def test_tree_stream_and_the_old_walk_give_the_same_model():
    """On every readable corpus file, the main part read as a tree (the fast walk), streamed in
    batches of one block, and by the walk as it was before the fast walk (tests/reference_walk.py)
    give the same Document: the fast walk is checked on real files, not only on ours."""
    from reference_walk import reference_read, without_labels

    from addin_server.readers import docx_stream

    compared = 0
    for path in FILES:
        if corpus.expected_outcome(path.name) is not None:
            continue
        data = path.read_bytes()
        document = read_docx(data)
        assert reference_read(data) == without_labels(document), path.name
        original_batch = docx_stream._STREAM_BATCH
        docx_stream._STREAM_BATCH = 1
        try:
            assert read_docx(data, max_tree_markup=-1) == document, path.name
        finally:
            docx_stream._STREAM_BATCH = original_batch
        compared += 1
    assert compared >= 0.8 * len(FILES), (compared, len(FILES))

"""Check every .docx in a folder: one row per material, plus the pairs that share long passages.

Files are checked in worker processes (the checker is CPU-bound pure Python, so threads would
queue on the GIL). A file that cannot be read, or that trips any error at all, becomes a row with
its message; the batch always finishes. Document text stays in memory: it travels back from the
workers only so the similarity stage can compare materials, and is never written anywhere.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from .stage import Stage
from .similarity import SimilarPair
from . import shared_sentences
from ..checks import check, resolve_framework
from ..checks.report import Finding
from ..checks.substance import is_collective
from ..finding_codes import CODES, ERROR
from ..frameworks import get_framework, list_frameworks
from ..readers import DocumentError, read_docx
from ..readers.errors import TooLargeError
from ..remedies.library import all_remedies
from . import fingerprints
from .fingerprints import Fingerprint
from .set_comparison import SetComparison
from .exports import COPIED_ERROR_SHARE, main_framework, ranks, set_header
from .format_lint import format_lint
from .names import name_in_line, pinyin_key, unit_of
from .packed import PackedItems, PackedRows
from .similarity import MIN_RUN_CHARS, boilerplate_hashes

DOCX_SUFFIXES = (".docx",)
# Word 97–2003 and WPS's own formats: listed with 「请另存为 .docx」 rather than read.
LEGACY_SUFFIXES = (".doc", ".dot", ".wps", ".wpt")
SUFFIXES = DOCX_SUFFIXES + LEGACY_SUFFIXES
LEGACY_MESSAGE = "请另存为 .docx：这是旧版 Word/WPS 格式（{suffix}），请在 Word 或 WPS 中用「另存为」保存成 .docx 后再检查"
# Word's lock files (~$name.docx) sit next to open documents and are not documents.
_LOCK_FILE = re.compile(r"^~\$")
_DATE_LINE = re.compile(r"^[（(]?\s*\d{4}\s*年")
_BYLINE_MAX_CHARS = 24


@dataclass(frozen=True, slots=True)
class Source:
    """One material to review: its name (path inside the folder or upload) and either its bytes
    (an upload, in memory) or a path the worker reads."""
    name: str
    data: bytes | None = None
    path: str | None = None


@dataclass
class FileResult:
    name: str                              # path relative to the folder or inside the upload
    ok: bool
    error_code: str | None = None
    error: str | None = None
    title: str | None = None
    author: str | None = None              # a guess from the byline or the title
    unit: str | None = None                # the byline's unit and post, as written
    framework: str | None = None           # the framework it was checked against
    framework_title: str | None = None
    recognition: dict | None = None        # how the framework was recognised (framework "auto")
    complete: bool | None = None
    char_count: int = 0
    counts: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)          # finding code → how many
    dimensions: list = field(default_factory=list)     # [{key, title, present, items}]
    missing_sections: list = field(default_factory=list)  # titles of required parts not found (整改措施)
    # Finding.to_dict() of each finding: a list, or PackedRows (compressed) once checked.
    findings: list | PackedRows = field(default_factory=list)
    problems: tuple | None = None          # (first, last) paragraph of 存在问题, when recognised
    copied: float = 0.0                    # the largest share of it found in another material
    # The largest share of its 存在问题 found in last year's: of its own characters, or of its
    # problem items (carried_items), the larger.
    carried: float = 0.0
    carried_items: list | None = None      # [items repeated from last year, items written], when any
    substance: dict = field(default_factory=dict)      # content.* / review.boilerplate code → how many
    # What the comparison stages need of it (fingerprints.py), made by the worker; in memory only,
    # let go when the comparisons are done.
    fingerprint: Fingerprint | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, (tuple, PackedRows)) else v)
                for k, v in ((k, getattr(self, k)) for k in self.__dataclass_fields__) if k not in _IN_MEMORY_ONLY}

    def add_findings(self, findings: Iterable) -> None:
        """Batch-level findings (similarity, carry-over) join the material's own (packed again
        if they were)."""
        packed = isinstance(self.findings, PackedRows)
        rows = self.findings.unpacked() if packed else self.findings
        for f in findings:
            rows.append(f.to_dict())
            self.codes[f.code] = self.codes.get(f.code, 0) + 1
            self.counts[f.severity] = self.counts.get(f.severity, 0) + 1
        rows.sort(key=lambda f: (f["paragraph"] if f["paragraph"] is not None else -1))
        self.findings = PackedRows(rows) if packed else rows

    def pack(self) -> None:
        """Keep the findings compressed (packed.py): a review of thousands holds every row."""
        if not isinstance(self.findings, PackedRows):
            self.findings = PackedRows(self.findings)


_IN_MEMORY_ONLY = ("fingerprint",)


@dataclass
class BatchResult:
    folder: str
    framework_id: str
    framework_title: str
    files: list[FileResult]
    similar: list[SimilarPair]
    elapsed_s: float
    previous_files: list[FileResult] = field(default_factory=list)
    carried_over: list | PackedItems = field(default_factory=list)     # carryover.CarryOver
    # Comparison stages their time budget cut short: what the report must say was not done.
    incomplete: list[str] = field(default_factory=list)
    date: str = field(default_factory=lambda: time.strftime("%Y-%m-%d"))   # the day of the review

    def to_dict(self, rows_when_read: bool = False) -> dict:
        """The review as the report and the page show it. `rows_when_read`: the materials' rows
        and the 照搬上年度 results as iterators, each made (its findings unpacked) as the report
        writer reaches it (exports.json_chunks), rather than all at once: a review of thousands
        would otherwise hold every row twice while it is written."""
        # The header and each row's rank read only names, frameworks and shares: a light view of
        # the rows, so the rows themselves can still be made one at a time (rows_when_read).
        light = {"files": [{"name": f.name, "ok": f.ok, "framework_title": f.framework_title,
                            "copied": f.copied, "carried": f.carried} for f in self.files],
                 "carried_over": [{"name": c.name, "ratio": c.ratio} for c in self.carried_over],
                 "clusters": [list(c) for c in clusters(self.similar)]}
        rank = ranks(light)

        def row(f: FileResult) -> dict:
            made = self._row(f)
            made["sort"]["rank"] = rank[f.name]
            return made
        files = (row(f) for f in self.files)
        carried = (c.to_dict() for c in self.carried_over)

        used = {code for f in self.files for code in f.codes}
        data = {
            "folder": self.folder, "framework": self.framework_id, "framework_title": self.framework_title,
            "date": self.date,
            "elapsed_s": round(self.elapsed_s, 2),
            "code_labels": {code: CODES[code][1] for code in sorted(used) if code in CODES},
            "summary": summary(self),
            "files": files if rows_when_read else list(files),
            "similar": [p.to_dict() for p in self.similar],
            "clusters": [list(c) for c in clusters(self.similar)],
            "previous_files": [{"name": f.name, "ok": f.ok, "error_code": f.error_code, "error": f.error,
                                "title": f.title, "author": f.author} for f in self.previous_files],
            "carried_over": carried if rows_when_read else list(carried),
            "incomplete": list(self.incomplete),
        }
        # What the set is (frameworks found, files, where from, date): the page shows the same
        # lines as the HTML report and the workbook; and each row's rank, the order they use.
        data["header"] = set_header({**data, "files": light["files"]})
        # The framework most of a mixed set follows: a row on another says so (exports.framework_cell).
        data["main_framework"] = main_framework(light["files"])
        return data

    @staticmethod
    def _row(f: FileResult) -> dict:
        row = f.to_dict()
        row["sort"] = {"name": pinyin_key(f.name), "author": pinyin_key(f.author or ""),
                       "unit": pinyin_key(f.unit or "")}
        return row


def summary(result: BatchResult) -> dict:
    ok = [f for f in result.files if f.ok]
    data = {"files": len(result.files), "readable": len(ok), "unreadable": len(result.files) - len(ok),
            "complete": sum(1 for f in ok if f.complete), "similar_pairs": len(result.similar),
            "copied_half": sum(1 for f in ok if f.copied >= COPIED_ERROR_SHARE),
            "clusters": len(clusters(result.similar)),
            "substance_flags": sum(sum(f.substance.values()) for f in ok),
            "frameworks": sorted({f.framework_title for f in ok if f.framework_title})}
    if result.previous_files:
        data["previous_files"] = len(result.previous_files)
        data["previous_unreadable"] = sum(1 for f in result.previous_files if not f.ok)
        data["carried_over"] = len({c.name for c in result.carried_over})
    return data


# Pairs sharing at least this share of the shorter material link it into a cluster. Below it a
# pair is listed on its own: a unit's common wording (the same preamble, the stock sentences
# review.boilerplate reports) makes many pairs of 15–25% and would chain the whole set into one
# 「雷同组」 that says nothing about who copied from whom.
CLUSTER_SHARE = 0.3


def clusters(similar: list[SimilarPair]) -> list[tuple[str, ...]]:
    """The materials linked by pairs sharing CLUSTER_SHARE or more, grouped (A~B and B~C: one
    cluster A, B, C share one source), largest first; each cluster's names in order."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in similar:
        if pair.ratio >= CLUSTER_SHARE:
            parent[root(pair.a)] = root(pair.b)
    groups: dict[str, list[str]] = {}
    for name in parent:
        groups.setdefault(root(name), []).append(name)
    return sorted((tuple(sorted(g)) for g in groups.values()), key=lambda g: (-len(g), g))


def is_material_name(name: str) -> bool:
    base = PurePosixPath(name.replace("\\", "/")).name
    return base.lower().endswith(SUFFIXES) and not _LOCK_FILE.match(base)


def not_materials(folder: Path) -> list[Path]:
    """Files under `folder` that are not read as materials (a notice as .pdf, a scan): the
    command says it left them out, as the page does. Hidden and lock files are not counted."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not is_material_name(p.name)
                  and not p.name.startswith((".", "~$")) and p.name.lower() not in ("thumbs.db", "desktop.ini"))


def find_documents(folder: Path) -> list[Path]:
    """The .docx (and legacy .doc/.wps) files under `folder` (recursively), in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_material_name(p.name))




def one_line(text: str | None) -> str | None:
    """A title as one line of a table: a two-line title (a soft line break after 民主生活会) joined."""
    return re.sub(r"\s*\n\s*", "", text).strip() if text else text


def guess_writer(paragraphs: list[str], title_index: int | None) -> tuple[str | None, str | None]:
    """(name, unit) of the writer: a name before 同志 in the first lines ("张三同志个人对照检查
    材料", "领导班子成员张伟同志…": the posts before the name cut off, names.name_in_line), else a
    byline right after the title ("张三", "区发改局党组书记、局长 张三", "王　芳" with the space that
    pads two-character names, "张伟（党委副书记）"). Only a guess: shown as such in the report; the
    unit is the text written with the name, as written."""
    head = [t.strip() for t in paragraphs[:6]]
    for text in head:
        if "同志" in text:
            name, unit = name_in_line(text)
            if name:
                return name, unit
    if title_index is None:
        return None, None
    for text in head[title_index + 1:title_index + 3]:
        if (not text or len(text) > _BYLINE_MAX_CHARS or _DATE_LINE.match(text)
                or re.search(r"[。，；：:]", text) or re.match(r"^[一二三四五六七八九十]+、", text)):
            continue
        name, unit = name_in_line(text)
        if name:
            return name, unit
    return _team(head[title_index])


# A body's material (a 班子's) names no person: its title names the body and its unit
# (「中共石桥镇委员会领导班子2025年度…」「区发改局党组班子…」「县统计局2025年度…」), which counts
# it under its unit like its members'. Whether a title is a body's is the substance checks'
# is_collective (knowledge: others.toml); the unit is what comes before the body or the year.
_TEAM_TITLE = re.compile(r"^(?P<unit>[^\s，。；：]{2,40}?)(?:领导班子|班子|[0-9０-９]{4}|年度|民主生活会|组织生活会)")


def _team(title: str) -> tuple[str | None, str | None]:
    title = re.sub(r"\s+", "", title)
    m = _TEAM_TITLE.match(title) if is_collective(title) else None
    if not m:
        return None, None
    # Named with its unit (「石桥镇领导班子」): last year's 班子 of the same unit is its 「同一署名」,
    # not every 班子 of a county's set.
    return f"{unit_of(m.group('unit'))}领导班子", m.group("unit")


def guess_author(paragraphs: list[str], title_index: int | None) -> str | None:
    return guess_writer(paragraphs, title_index)[0]


def _legacy_row(name: str) -> FileResult:
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return FileResult(name, False, "document.legacy_doc", LEGACY_MESSAGE.format(suffix=suffix))


def review_file(source: Source, framework_id: str | None, include_format: bool = False,
                max_paragraphs: int | None = None, structure_only: bool = False,
                index: int | None = None, boilerplate=None) -> FileResult:
    """Check one material; never raises (the batch must go on). `structure_only`: last year's
    material, read only for comparison — its title, writer and 存在问题, no findings (checking it
    would cost as much as this year's and show nothing). With `index` (the material's number in
    the review), its fingerprint for the comparisons is made too, `boilerplate` masked."""

    name = source.name
    if name.lower().endswith(LEGACY_SUFFIXES):
        return _legacy_row(name)
    try:
        data = source.data if source.data is not None else Path(source.path).read_bytes()
        document = read_docx(data)
        if max_paragraphs is not None and len(document) > max_paragraphs:
            raise TooLargeError(f"段落数超过上限 {max_paragraphs}", f"more than {max_paragraphs} paragraphs")
        if structure_only:
            return _structure_row(name, document, framework_id, index, boilerplate)
        report = check(document, framework_id)
        framework = get_framework(report.framework_id)
        findings = list(report.findings)
        if include_format:
            findings.extend(format_lint(data, framework))
    except DocumentError as exc:
        return FileResult(name, False, exc.code, exc.message_zh)
    except OSError as exc:
        return FileResult(name, False, "file.unreadable", f"无法读取文件：{exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return FileResult(name, False, "internal", f"检查时出错（{type(exc).__name__}），请单独检查此文件")
    texts = [p.text for p in document.paragraphs]
    title_index = next((i for i, p in enumerate(document.paragraphs)
                        if report.title is not None and p.text.strip() == report.title), None)
    author, unit = guess_writer(texts, title_index)
    problems = next(((s.paragraph, s.end_paragraph) for s in report.sections
                     if s.role == "problems" and s.present and s.paragraph is not None), None)
    recognition = getattr(report, "recognition", None)
    result = FileResult(
        name, True, title=one_line(report.title), author=author, unit=unit,
        framework=framework.id, framework_title=framework.title,
        recognition=recognition.to_dict() if hasattr(recognition, "to_dict") else recognition,
        complete=report.complete,
        char_count=len("".join("".join(texts).split())),    # str.split() cuts at exactly what isspace() is
        counts=dict.fromkeys(("error", "warning", "info"), 0),
        dimensions=[{"key": d.key, "title": d.title, "present": d.present, "items": d.item_count,
                     "unfilled": d.unfilled_count} for d in report.dimensions],
        missing_sections=[s.title for s in report.sections if s.required and not s.present],
        problems=problems,
        fingerprint=None if index is None else fingerprints.of_this_year("\n".join(texts), index, boilerplate),
    )
    result.add_findings(findings)
    result.pack()      # in the worker: it travels back and is kept compressed
    return result


def _structure_row(name: str, document, framework_id, index: int | None, boilerplate) -> FileResult:
    framework, st, _ = resolve_framework(document, framework_id)
    texts = [p.text for p in document.paragraphs]
    author, unit = guess_writer(texts, st.title_paragraph)
    problems = st.section("problems")
    # Only its 存在问题 is compared with this year's: the rest is not kept.
    first, last = (problems.start, problems.end) if problems else (0, len(texts) - 1)
    return FileResult(name, True, title=one_line(texts[st.title_paragraph]) if st.title_paragraph is not None else None,
                      author=author, unit=unit, framework=framework.id, framework_title=framework.title,
                      problems=(problems.start, problems.end) if problems else None,
                      fingerprint=None if index is None else fingerprints.of_last_year(
                          "\n".join(texts[first:last + 1]), first, index, boilerplate))


def _progress(total: int, enabled: bool) -> Callable[[int, int, str], None]:
    if not enabled or not total:
        return lambda done, total, name, stage="check": None
    try:
        from tqdm import tqdm
    except ImportError:
        def tick(done, total, name, stage="check"):
            if stage == "check":
                print(f"\r已检查 {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
        return tick
    bar = tqdm(total=total, desc="检查", unit="份", file=sys.stderr)

    def tick(done, total, name, stage="check"):
        if stage != "check":
            return   # the comparison stages' counts are the page's; the bar counts files
        bar.update(done - bar.n)
        if bar.n >= total:
            bar.close()
    return tick


# Starting a worker (a fresh interpreter importing the checker) costs about what checking ten
# files does, so a small set is checked in the calling process.
FILES_PER_WORKER = 10


class Cancelled(Exception):
    """The review was abandoned before it finished (see check_all)."""


def _pool_context():
    """Fresh interpreters (forkserver on POSIX, spawn elsewhere), never a fork of the caller: the
    server calling this runs threads, and forking a threaded process can copy a held lock."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def check_all(sources: list[Source], framework_id: str | None, jobs: int | None = None,
              on_done: Callable[[FileResult], None] | None = None, include_format=lambda s: False,
              max_paragraphs: int | None = None, should_stop=None,
              structure_only=lambda s: False, boilerplate=None) -> list[FileResult]:
    """review_file over `sources` in `jobs` worker processes (1: in this process), in the order
    they finish; `on_done` hears of each. The pool lives for this call only. When `should_stop()`
    turns true (the client went away) the files not yet started are dropped and Cancelled raised.
    With `boilerplate` (masking_boilerplate), each material's fingerprint is made as well, its
    index its place in `sources`."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(sources) // FILES_PER_WORKER))
    on_done = on_done or (lambda result: None)
    results: list[FileResult] = []
    fingerprinted = boilerplate is not None

    def done(result):
        results.append(result)
        on_done(result)

    stop = should_stop or (lambda: False)
    if jobs == 1 or len(sources) <= 1:
        for n, source in enumerate(sources):
            if stop():
                raise Cancelled()
            done(review_file(source, framework_id, include_format(source), max_paragraphs, structure_only(source),
                             n if fingerprinted else None, boilerplate))
        return results
    with ProcessPoolExecutor(max_workers=min(jobs, len(sources)), mp_context=_pool_context(),
                             initializer=_use_boilerplate, initargs=(boilerplate,)) as pool:
        futures = {pool.submit(_review_in_worker, s, framework_id, include_format(s), max_paragraphs,
                               structure_only(s), n if fingerprinted else None): s
                   for n, s in enumerate(sources)}
        for future in as_completed(futures):
            if stop():
                pool.shutdown(wait=False, cancel_futures=True)
                raise Cancelled()
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker that died (e.g. out of memory)
                result = FileResult(futures[future].name, False, "internal",
                                    f"检查进程异常退出（{type(exc).__name__}），请单独检查此文件")
            done(result)
    return results


# The boilerplate a worker masks in the fingerprints it makes: given once when the worker starts
# (_use_boilerplate), rather than with each of thousands of files.
_worker_boilerplate = None


def _use_boilerplate(boilerplate) -> None:
    global _worker_boilerplate
    _worker_boilerplate = boilerplate


def _review_in_worker(source: Source, framework_id, include_format, max_paragraphs, structure_only, index):
    return review_file(source, framework_id, include_format, max_paragraphs, structure_only, index,
                       _worker_boilerplate)


def boilerplate(framework_ids: Iterable[str]):
    """Window hashes of what every writer may share word for word: the frameworks' own texts and
    the shipped remedy texts (their fixed wording between parameters)."""
    return boilerplate_hashes(_common_texts(framework_ids))


def _common_texts(framework_ids: Iterable[str]) -> list[str]:

    texts = []
    for fid in set(framework_ids):
        fw = get_framework(fid)
        texts += [fw.title, getattr(fw, "description", "") or ""]
        texts += [d.title for d in fw.dimensions] + [getattr(d, "guidance", "") or "" for d in fw.dimensions]
    for remedy in all_remedies():
        texts += re.split(r"\{\{.*?\}\}|\{%.*?%\}", remedy.text, flags=re.S)
    return [t for t in texts if t]


def masking_boilerplate():
    """What the comparisons mask in every material (see fingerprints.py): every configured
    framework's texts and the shipped remedy texts, known before any material is checked."""
    return boilerplate(f.id for f in list_frameworks())


# A carried-over passage that makes up this much of its paragraph is 「基本相同，只改动了个别字词」;
# less, and the paragraph says something new beside it: 「这段中有 N 字与上年度材料相同」.
MOSTLY_CARRIED_SHARE = 0.8


def batch_findings(files: list[FileResult], similar, carried, shared=None) -> None:
    """The similarity, carry-over and shared-sentence results as findings of the materials
    concerned, so the table, the findings sheet and the annotated copies show them with the
    material's own. Each material's are gathered first and added at once: its findings are
    kept packed, and unpacking them for each of its pairs and carry-overs would cost more than
    the comparisons (the order is the same: findings are sorted by paragraph, stably)."""

    by_name = {f.name: f for f in files}
    added: dict[str, list[Finding]] = {}
    for pair in similar:
        for me, other, share, side in ((pair.a, pair.b, pair.ratio_a, "a"), (pair.b, pair.a, pair.ratio_b, "b")):
            passage = pair.passages[0]
            quoted = getattr(passage, f"{side}_text") or passage.text
            copied = share >= COPIED_ERROR_SHARE
            by_name[me].copied = max(by_name[me].copied, share)
            added.setdefault(me, []).append(Finding(
                "review.similar",
                (f"本人所写的内容有 {share:.0%} 与「{other}」相同（{pair.shared_chars} 字），属于大段照搬，如「{_excerpt(quoted)}」。"
                 "两份中可能有一份是原稿：请核实谁照搬了谁，照搬的一方退回重写，结合本人实际查摆问题。") if copied else
                (f"与「{other}」有 {pair.shared_chars} 字相同（占本人所写的 {share:.0%}），如「{_excerpt(quoted)}」。"
                 "请核实是否照搬他人材料，改为结合本人实际查摆的内容。"),
                paragraph=getattr(passage, f"{side}_paragraph"),
                severity=ERROR if copied else "",
                details=f"与「{other}」相同 {pair.shared_chars} 字，占本人所写的 {share:.1%}，"
                        f"共 {len(pair.passages)} 处成段相同"))
            if copied:
                by_name[me].complete = False
    readable = [f for f in files if f.ok]
    for name, found in (shared or {}).items():
        added.setdefault(name, []).extend(shared_sentences.findings(found, len(readable)))
    repeated_paragraphs: dict[str, set[int]] = {}
    for carry in carried:
        by_name[carry.name].carried = max(by_name[carry.name].carried, carry.ratio)
        repeated_paragraphs.setdefault(carry.name, set()).update(
            p.a_paragraph for p in carry.passages
            if p.a_paragraph is not None and p.length >= MIN_RUN_CHARS
            and (p.identical or p.paragraph_share >= MOSTLY_CARRIED_SHARE))
        added.setdefault(carry.name, []).extend(Finding(
            "review.carried_over",
            (f"这段与上年度材料「{carry.previous}」一字不差：「{_excerpt(p.a_text or p.text)}」。"
             if p.identical else
             f"这段与上年度材料「{carry.previous}」基本相同，只改动了个别字词：「{_excerpt(p.a_text or p.text)}」。"
             if p.paragraph_share >= MOSTLY_CARRIED_SHARE else
             f"这段中有 {p.length} 字与上年度材料「{carry.previous}」相同：「{_excerpt(p.a_text or p.text)}」。")
            + "请对照今年的实际重新查摆，写出本年度的具体问题。",
            paragraph=p.a_paragraph,
            details=f"上年度材料「{carry.previous}」中有同样的 {p.length} 字"
                    + ("（同一署名）" if carry.same_writer else ""))
            for p in carry.passages)
    for name, paragraphs in repeated_paragraphs.items():
        # A 督导组 counts problems, not characters: three of five problems last year's, a few
        # words changed in one, is 照搬上年度 though by characters it was 48% (a reviewer trial).
        # Only whole problems count (a paragraph word for word or all but a few words, at least
        # a run long: an aspect's heading is none).
        f = by_name[name]
        items = sum(d.get("items") or 0 for d in f.dimensions)
        if paragraphs and items >= 2:
            f.carried_items = [min(len(paragraphs), items), items]
            f.carried = max(f.carried, f.carried_items[0] / items)
    for name, findings in added.items():
        by_name[name].add_findings(findings)
    for f in readable:
        f.substance = {code: n for code, n in f.codes.items()
                       if code.startswith("content.") or code == "review.boilerplate"}


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def review_sources(current: list[Source], previous: list[Source] = (), framework_id: str | None = None,
                   jobs: int | None = None, on_progress: Callable[[int, int, str], None] | None = None,
                   include_format: bool = False, max_paragraphs: int | None = None,
                   folder: str = "", unopened: Iterable[FileResult] = (),
                   previous_unopened: Iterable[FileResult] = (), should_stop=None,
                   time_budget: bool = True) -> BatchResult:
    """Review this year's materials (and compare them with last year's, when given): one row per
    material, similar pairs among this year's, 照搬上年度 passages. Nothing is written anywhere.
    `unopened` are rows for files that were never sources (a broken zip): they join the table.
    `time_budget`: each comparison stage stops after COMPARISON_SECONDS (a stream must end with a
    result); the command line, with no stream to keep alive, compares everything."""

    default = get_framework(None if framework_id in (None, "auto") else framework_id)  # fail fast
    started = time.perf_counter()
    total = len(current) + len(previous)
    tagged = [Source("\0" + s.name, s.data, s.path) for s in previous]   # \0: last year's, by name
    count = [0]

    def on_done(result: FileResult):
        count[0] += 1
        if on_progress:
            on_progress(count[0], total, result.name.lstrip("\0"))

    masked = masking_boilerplate()
    comparison = SetComparison(masked, len(tagged), eager=not time_budget)
    old, files = [], list(unopened)

    def on_checked(result: FileResult):
        last_year = result.name.startswith("\0")
        if last_year:
            result.name = result.name[1:]
        (old if last_year else files).append(result)
        comparison.add(result, last_year)
        on_done(result)

    # Last year's first: read only (a few milliseconds each), they make the index this year's
    # materials are compared with as they come (SetComparison).
    check_all([*tagged, *current], framework_id, jobs, on_checked,
              include_format=lambda s: include_format and not s.name.startswith("\0"),
              max_paragraphs=max_paragraphs, should_stop=should_stop,
              structure_only=lambda s: s.name.startswith("\0"), boilerplate=masked)
    files.sort(key=lambda r: pinyin_key(r.name))
    old = sorted([*old, *previous_unopened], key=lambda r: pinyin_key(r.name))
    readable = [r for r in files if r.ok]
    similar_stage, carried_stage = (
        Stage(COMPARISON_SECONDS if time_budget else None, _stage_progress(on_progress, total, label), should_stop)
        for label in ("正在比对本年度材料之间的雷同", "正在比对上年度材料"))
    similar, carried, shared = comparison.finish(
        similar_stage, carried_stage, _common_texts({r.framework for r in readable} or {default.id}),
        [r.name for r in readable if r.fingerprint is not None])
    batch_findings(files, similar, carried, shared)
    for r in old:
        r.findings = []
    for r in (*files, *old):
        r.fingerprint = None
    incomplete = []
    for stage, what, unit in ((similar_stage, "本年度材料之间的雷同", "对"),
                              (carried_stage, "与上年度材料的照搬", "份")):
        if stage.cut_short and not (should_stop and should_stop()):
            incomplete.append(f"{what}比对超过 {COMPARISON_SECONDS:.0f} 秒，只比对了 {stage.done}/"
                              f"{stage.total} {unit}，结果可能不全。可分批审阅，每批材料少一些")
    return BatchResult(folder, default.id, default.title, files, similar,
                       time.perf_counter() - started, old, carried, incomplete)


# Each comparison stage's budget: with the checks' own time it keeps a review within the local
# server's 60 s silence limit and well within nginx's proxy timeout (docs/hosting.md), however
# many near-identical materials a set holds.
COMPARISON_SECONDS = 30.0


def _stage_progress(on_progress, total: int, label: str):
    """A comparison stage's steps as the review's progress: every file checked, and the stage's
    own count in the name (「正在比对…（120/4000 对）」)."""
    if on_progress is None:
        return None
    return lambda done, of: on_progress(total, total, f"{label}（{done}/{of}）", "compare")


def review_folder(folder, framework_id: str | None = None, jobs: int | None = None,
                  progress: bool = True, previous=None, include_format: bool = False) -> BatchResult:
    """`addin-server review`: the materials under `folder` (and last year's under `previous`)."""
    get_framework(None if framework_id in (None, "auto") else framework_id)  # fail fast on an unknown id
    roots = [Path(folder)] + ([Path(previous)] if previous is not None else [])
    for root in roots:
        if not root.is_dir():
            raise NotADirectoryError(f"不是文件夹 / not a folder: {root}")

    def sources(root: Path) -> list[Source]:
        return [Source(p.relative_to(root).as_posix() if os.sep == "/" else str(p.relative_to(root)), path=str(p))
                for p in find_documents(root)]

    current = sources(roots[0])
    old = sources(roots[1]) if previous is not None else []
    tick = _progress(len(current) + len(old), progress)
    # A city's or a system's folder takes longer to compare than a page's stream may stay silent
    # for, and nobody is waiting on a stream here: every comparison is made.
    return review_sources(current, old, framework_id, jobs, tick, include_format, folder=str(folder),
                          time_budget=False)

"""Check every .docx in a folder: one row per material, plus the pairs that share long passages.

Files are checked in worker processes (the checker is CPU-bound pure Python, so threads would
queue on the GIL). A file that cannot be read, or that trips any error at all, becomes a row with
its message; the batch always finishes. Document text stays in memory: it travels back from the
workers only so the similarity stage can compare materials, and is never written anywhere.
"""
from __future__ import annotations

import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .similarity import SimilarPair, find_similar

SUFFIXES = (".docx",)
# Word's lock files (~$name.docx) sit next to open documents and are not documents.
_LOCK_FILE = re.compile(r"^~\$")
_NAME_BEFORE_TONGZHI = re.compile(r"([\u4e00-\u9fff·]{2,4})同志")
_DATE_LINE = re.compile(r"^[（(]?\s*\d{4}\s*年")
_BYLINE_MAX_CHARS = 24


@dataclass
class FileResult:
    name: str                              # path relative to the folder
    ok: bool
    error_code: str | None = None
    error: str | None = None
    title: str | None = None
    author: str | None = None              # a guess from the byline or the title
    complete: bool | None = None
    char_count: int = 0
    counts: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)          # finding code → how many
    framework: str | None = None           # the framework it was checked against
    recognition: str | None = None         # why, when the framework was recognised per file
    dimensions: list = field(default_factory=list)     # [{key, title, present, items}]
    text: str = field(default="", repr=False)          # kept in memory for the similarity stage

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "text"}
        return data


@dataclass
class BatchResult:
    folder: str
    framework_id: str
    framework_title: str
    files: list[FileResult]
    similar: list[SimilarPair]
    elapsed_s: float

    def to_dict(self) -> dict:
        return {
            "folder": self.folder, "framework": self.framework_id, "framework_title": self.framework_title,
            "elapsed_s": round(self.elapsed_s, 2),
            "summary": summary(self),
            "files": [f.to_dict() for f in self.files],
            "similar": [p.to_dict() for p in self.similar],
        }


def summary(result: BatchResult) -> dict:
    ok = [f for f in result.files if f.ok]
    return {"files": len(result.files), "readable": len(ok), "unreadable": len(result.files) - len(ok),
            "complete": sum(1 for f in ok if f.complete), "similar_pairs": len(result.similar)}


def find_documents(folder: Path) -> list[Path]:
    """The .docx files under `folder` (recursively), in a stable order."""
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not _LOCK_FILE.match(p.name)
    )


def guess_author(paragraphs: list[str], title_index: int | None) -> str | None:
    """A byline right after the title ("张三", "区发改局局长 张三"), else a name before 同志 in
    the first lines. Only a guess: shown as such in the report."""
    head = [t.strip() for t in paragraphs[:6]]
    for text in head:
        m = _NAME_BEFORE_TONGZHI.search(text)
        if m:
            return m.group(1)
    if title_index is not None:
        for text in head[title_index + 1:title_index + 3]:
            if (text and len(text) <= _BYLINE_MAX_CHARS and not _DATE_LINE.match(text)
                    and not re.search(r"[。，；：:、]", text) and not re.match(r"^[一二三四五六七八九十]+、", text)):
                return text.split()[-1]
    return None


def review_file(path: str, root: str, framework_id: str | None) -> FileResult:
    """Check one file; never raises (the batch must go on)."""
    from ..checks import check
    from ..frameworks import AUTO, get_framework
    from ..readers import DocumentError, read_docx

    name = os.path.relpath(path, root)
    try:
        data = Path(path).read_bytes()
        document = read_docx(data)
        framework = framework_id if framework_id in (None, AUTO) else get_framework(framework_id)
        report = check(document, framework)
    except DocumentError as exc:
        return FileResult(name, False, exc.code, exc.message_zh)
    except OSError as exc:
        return FileResult(name, False, "file.unreadable", f"无法读取文件：{exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return FileResult(name, False, "internal", f"检查时出错（{type(exc).__name__}），请单独检查此文件")
    texts = [p.text for p in document.paragraphs]
    title_index = next((i for i, p in enumerate(document.paragraphs)
                        if report.title is not None and p.text.strip() == report.title), None)
    codes: dict[str, int] = {}
    for f in report.findings:
        codes[f.code] = codes.get(f.code, 0) + 1
    return FileResult(
        name, True, title=report.title, author=guess_author(texts, title_index), complete=report.complete,
        char_count=sum(1 for ch in "".join(texts) if not ch.isspace()),
        counts=report.counts(), codes=codes, framework=report.framework_id,
        recognition=report.recognition.reason if report.recognition is not None else None,
        dimensions=[{"key": d.key, "title": d.title, "present": d.present, "items": d.item_count}
                    for d in report.dimensions],
        text="\n".join(texts),
    )


def _progress(total: int, enabled: bool) -> Callable[[], None]:
    if not enabled:
        return lambda: None
    try:
        from tqdm import tqdm
    except ImportError:
        done = [0]

        def tick():
            done[0] += 1
            print(f"\r已检查 {done[0]}/{total}", end="" if done[0] < total else "\n", file=sys.stderr, flush=True)
        return tick
    bar = tqdm(total=total, desc="检查", unit="份", file=sys.stderr)

    def tick():
        bar.update(1)
        if bar.n >= total:
            bar.close()
    return tick


def review_folder(folder, framework_id: str | None = None, jobs: int | None = None,
                  progress: bool = True) -> BatchResult:
    from ..frameworks import AUTO, configured_default, get_framework

    # Each material is checked against the framework recognised in it, unless one is named.
    framework_id = framework_id or configured_default()
    if framework_id != AUTO:
        framework_id = get_framework(framework_id).id  # fail fast on an unknown id, before any work
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"不是文件夹 / not a folder: {folder}")
    started = time.perf_counter()
    paths = find_documents(folder)
    jobs = max(1, jobs or os.cpu_count() or 1)
    tick = _progress(len(paths), progress and bool(paths))
    results: list[FileResult] = []
    if jobs == 1 or len(paths) <= 1:
        for path in paths:
            results.append(review_file(str(path), str(folder), framework_id))
            tick()
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            futures = {pool.submit(review_file, str(p), str(folder), framework_id): p for p in paths}
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                except Exception as exc:  # noqa: BLE001 - a worker that died (e.g. out of memory)
                    name = os.path.relpath(futures[future], folder)
                    results.append(FileResult(name, False, "internal",
                                              f"检查进程异常退出（{type(exc).__name__}），请单独检查此文件"))
                tick()
    results.sort(key=lambda r: r.name)
    similar = find_similar({r.name: r.text for r in results if r.ok})
    title = AUTO_TITLE if framework_id == AUTO else get_framework(framework_id).title
    return BatchResult(str(folder), framework_id, title, results, similar,
                       time.perf_counter() - started)


AUTO_TITLE = "自动识别（每份材料按其标题分别识别）"

"""Annotated copies of a reviewed set: each readable material with a Word comment at each of its
findings (the batch's similarity and 照搬上年度 findings included), named 「原名-批注.docx」 in the
same sub-folder. The CLI writes them into a folder; the page gets them as one .zip built in memory.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..checks.report import Finding
from ..finding_codes import CODES
from ..readers import DocumentError
from .annotate import annotate_docx


@dataclass(frozen=True)
class _Findings:
    """What annotate_docx reads of a report: its findings."""
    findings: tuple


def annotated_name(name: str) -> str:
    path = PurePosixPath(name.replace("\\", "/"))
    return str(path.with_name(f"{path.stem}-批注.docx"))


def finding_from_dict(data: dict) -> Finding:
    """A finding as the review JSON carries it (validated by the API's schema, or our own)."""
    if data.get("code") not in CODES:
        raise ValueError(f"unknown finding code {data.get('code')!r}")
    return Finding(data["code"], data["message"], data.get("paragraph"), data.get("end_paragraph"),
                   data.get("dimension"), data.get("severity") or "", None, data.get("details"))


def annotated_copy(data: bytes, findings) -> bytes:
    return annotate_docx(data, _Findings(tuple(findings)))


def annotate_folder(result, folder: Path, out: Path) -> int:
    """Write the annotated copy of every readable material of `result` (read again from `folder`)
    under `out`; returns how many were written. Never writes into `folder`."""
    written = 0
    for row in result.files:
        if not row.ok:
            continue
        target = out / annotated_name(row.name)
        try:
            copy = annotated_copy((folder / row.name).read_bytes(), [finding_from_dict(f) for f in row.findings])
        except DocumentError:
            continue  # readable for the checker but not annotatable (e.g. macro-enabled): the report says so
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy)
        written += 1
    return written


def annotated_zip(files: list[tuple[str, bytes]], findings_by_name: dict[str, list[Finding]]) -> tuple[bytes, list[str]]:
    """A .zip of the annotated copies of `files` (name, bytes), commented with their findings;
    returns it and the names that could not be annotated (with the reason, in 说明.txt too)."""
    out = io.BytesIO()
    skipped = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            findings = findings_by_name.get(name)
            if findings is None:
                continue
            try:
                archive.writestr(annotated_name(name), annotated_copy(data, findings))
            except DocumentError as exc:
                skipped.append(f"{name}：{exc.message_zh}")
        if skipped:
            archive.writestr("说明.txt", "以下材料无法生成批注版：\n" + "\n".join(skipped) + "\n")
    return out.getvalue(), skipped

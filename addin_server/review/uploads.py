"""Uploaded files → the materials to review: .docx (and .doc/.wps, listed as such) as they are,
a .zip (a folder's worth, as Windows' 「发送到压缩文件夹」 or WPS make it) opened in memory.

A zip is untrusted like any upload: its entries are counted and their sizes added up as they are
read (never trusting the sizes the archive declares), names are sanitised, entries outside
materials (images, __MACOSX, Word's ~$ lock files) are skipped. A zip that cannot be opened is one
row with its reason, never a failed upload. Names written without the UTF-8 flag are decoded as
GBK when that reads, which is how Chinese Windows writes them.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..readers.docx_package import declared_zip_index
from .batch import FileResult, Source, is_material_name


class UploadTooLarge(Exception):
    """The set is larger than the configured limits; `message` says which, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Limits:
    max_files: int
    max_total_bytes: int
    max_file_bytes: int

    @property
    def max_zip_entries(self) -> int:
        """Entries a zip may hold: a folder's materials with their images, lock files and
        sub-folders, ten for each material allowed. Checked before the zip's index is built:
        its ~800 bytes an entry made 1,000,000 empty entries cost 746 MB."""
        return 10 * self.max_files + 100


# A central directory of max_zip_entries entries with long names is a few MB: a larger one is crafted.
MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024


def _entry_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    return "/".join(parts)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The entry's bytes, or None when it is larger than `limit` (counted while inflating)."""
    out = io.BytesIO()
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 16):
            if out.tell() + len(chunk) > limit:
                return None
            out.write(chunk)
    return out.getvalue()


def expand(uploads: list[tuple[str, bytes]], limits: Limits, prefix: str = "") -> tuple[list[Source], list[FileResult]]:
    """The materials in `uploads` (name, bytes): sources to check, and rows for what could not be
    opened (a broken zip, a file over the size limit). Raises UploadTooLarge past the limits."""
    sources: list[Source] = []
    rows: list[FileResult] = []
    total = 0
    taken: set[str] = set()

    def unique(name: str) -> str:
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            path = PurePosixPath(name)
            candidate = str(path.with_name(f"{path.stem}（{n}）{path.suffix}"))
        taken.add(candidate)
        return candidate

    def add(name: str, data: bytes):
        nonlocal total
        if len(sources) + len(rows) >= limits.max_files:
            raise UploadTooLarge(f"一次最多审阅 {limits.max_files} 份材料（含上年度材料），请分批上传，"
                                 "或请管理员调整 review_max_files 设置")
        total += len(data)
        if total > limits.max_total_bytes:
            raise UploadTooLarge(f"材料合计超过 {limits.max_total_bytes // 2**20} MB（含压缩包解开后的大小），"
                                 "请分批上传，或请管理员调整 review_max_upload 设置")
        name = unique(prefix + name)
        if len(data) > limits.max_file_bytes:
            rows.append(FileResult(name, False, "document.too_large",
                                   f"文件超过 {limits.max_file_bytes // 2**20} MB，无法检查"))
        else:
            sources.append(Source(name, data))

    for name, data in uploads:
        clean = "/".join(p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")) or "材料"
        if not clean.lower().endswith(".zip"):
            add(clean, data)
            continue
        declared = declared_zip_index(data)
        if declared is not None and (declared[0] > limits.max_zip_entries
                                     or declared[1] > MAX_CENTRAL_DIRECTORY_BYTES):
            rows.append(FileResult(unique(prefix + clean), False, "upload.bad_zip",
                                   f"压缩包里的文件太多（{declared[0]} 个，上限 {limits.max_zip_entries} 个），"
                                   "不像一个文件夹的材料，没有打开。请只压缩材料所在的文件夹，或直接上传其中的 .docx 文件"))
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                before = len(sources) + len(rows)
                for info in archive.infolist():
                    entry = _entry_name(info)
                    if (info.is_dir() or not is_material_name(entry)
                            or entry.split("/")[0] == "__MACOSX"):
                        continue
                    content = _read_entry(archive, info, limits.max_file_bytes)
                    if content is None:
                        rows.append(FileResult(unique(prefix + f"{clean}/{entry}"), False, "document.too_large",
                                               f"文件超过 {limits.max_file_bytes // 2**20} MB，无法检查"))
                        continue
                    add(f"{clean}/{entry}", content)
                if len(sources) + len(rows) == before:
                    rows.append(FileResult(unique(prefix + clean), False, "upload.empty_zip",
                                           "压缩包里没有 .docx（或 .doc/.wps）材料，请检查是否压缩了正确的文件夹"))
        except UploadTooLarge:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
                OSError, ValueError) as exc:
            reason = "已加密" if isinstance(exc, RuntimeError) and "encrypted" in str(exc) else "已损坏或不是 zip 格式"
            rows.append(FileResult(unique(prefix + clean), False, "upload.bad_zip",
                                   f"压缩包无法打开（{reason}），请重新压缩或直接上传其中的 .docx 文件"))
    return _without_common_folder(sources, rows, prefix)


def common_folder(names: list[str]) -> str:
    """The folders every name lies in (「石桥镇材料.zip/石桥镇2025年度民主生活会材料/」), "" when
    they have none in common or any name is a bare file name."""
    parts = [n.split("/")[:-1] for n in names]
    if not parts or not all(parts):
        return ""
    shared = []
    for level in zip(*parts):
        if len(set(level)) > 1:
            break
        shared.append(level[0])
    return "/".join(shared) + "/" if shared else ""


def _without_common_folder(sources: list[Source], rows: list[FileResult], prefix: str):
    """Names relative to the folder or zip every material came from, as the command line names
    them relative to its folder: the report's 「来源：」 line names it once, where repeating it
    on every row (a zip and its folder, forty characters) pushed the file's own name out of the
    table's first column. The same uploads give the same names (the annotated .zip's flow)."""
    folder = common_folder([x.name[len(prefix):] for x in (*sources, *rows)])
    if folder:
        cut = len(prefix) + len(folder)
        sources = [Source(prefix + s.name[cut:], s.data, s.path) for s in sources]
        for row in rows:
            row.name = prefix + row.name[cut:]
    return sources, rows


def describe_upload(names: list[str]) -> str:
    """What the reviewer gave, for the report's 「来源：」 line: the folder's name when every file
    came from one folder (a folder picked or dropped: the browser sends each file's path inside
    it), the zip's name when one .zip was uploaded, else how many files were uploaded."""
    paths = [PurePosixPath(n.replace("\\", "/")) for n in names if n]
    if not paths:
        return ""
    if len(paths) == 1 and paths[0].suffix.lower() == ".zip":
        return paths[0].name
    tops = {p.parts[0] for p in paths if len(p.parts) > 1}
    if len(tops) == 1 and all(len(p.parts) > 1 for p in paths):
        return tops.pop()
    return f"上传的 {len(paths)} 个文件"

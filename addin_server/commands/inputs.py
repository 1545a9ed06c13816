"""The writer's .docx a command reads: read once, with a Chinese reason when it cannot be.

`check` and `fill` both start from a material on disk; the reasons a file cannot be used (not
there, no permission, not a .docx, encrypted, too large …) are worded here once, so both say the
same thing and exit 2 the same way.
"""
from __future__ import annotations

import errno
from pathlib import Path


class InputFileError(ValueError):
    """The input file could not be read or is not a usable .docx; str() is the Chinese reason."""


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in Chinese (the OS's own words otherwise)."""
    return {errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
            errno.EISDIR: "这是一个文件夹", errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘只读"
            }.get(exc.errno, exc.strerror or str(exc))


def read_input_docx(path: Path):
    """(bytes, Document) of the .docx at `path`, or InputFileError saying why not."""
    from ..readers import read_docx
    from ..readers.errors import DocumentError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"无法读取 {path}：{os_reason(exc)}") from None
    try:
        return data, read_docx(data)
    except DocumentError as exc:
        raise InputFileError(f"{path.name}：{command_line_words(exc.message_zh)}") from None


def frameworks_hint() -> str:
    """Said after an unknown framework id on the command line: the ids --framework takes."""
    from ..frameworks import list_frameworks

    ids = "、".join(f.id for f in list_frameworks())
    return f"；--framework 可用：{ids}（各框架的名称请运行 addin-server frameworks 查看）"

# The reader's messages are worded for the upload pages (「……后再上传」); on the command line the
# writer saves the file and runs the check again.
_UPLOAD_WORDS = (("后再上传", "后再检查"), ("再上传", "再检查"), ("请上传", "请使用"), ("上传", "检查"))


def command_line_words(message_zh: str) -> str:
    """A reader's Chinese message as the command line says it."""
    for upload, command in _UPLOAD_WORDS:
        message_zh = message_zh.replace(upload, command)
    return message_zh

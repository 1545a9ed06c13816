"""Writing a command's output file: never over the writer's input.

Every command that writes a .docx next to the one it read (fill, check --annotate, …) asks
`overwrites_input` first, so a typo such as `-o 材料.docx` cannot destroy the only copy.
"""
from __future__ import annotations

import os
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file: the same path, or (both existing) the same inode,
    which also catches hard links, symbolic links and a case-insensitive file system."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def overwrites_input(inputs, output) -> str | None:
    """The Chinese/English refusal when `output` is one of `inputs`, else None."""
    output = Path(output)
    for path in inputs:
        if same_file(Path(path), output):
            return (f"不会覆盖输入文件 {Path(path).name}，请用 -o 指定另一个文件名 / "
                    f"refusing to overwrite the input {path}: give another name with -o")
    return None


def write_output(path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so an interrupted write never
    leaves half a document under the writer's chosen name."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()

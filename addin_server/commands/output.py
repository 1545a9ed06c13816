"""Files a command writes for the user: never over the writer's own input.

Every command that writes a .docx (check --annotate, fill, …) calls `refuse_overwriting_input`
before doing any work, and `write_output` to write: a writer who names the original as the output
by mistake gets a clear message and exit status 2, and the original stays as it was.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


class OutputIsInputError(ValueError):
    """The output path names one of the command's input files."""

    def __init__(self, output: Path):
        self.output = output
        super().__init__(
            f"不能写到输入文件 {output.name} 上：它就是原稿，写入会覆盖原稿。请另选一个文件名，原稿保持不变。")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # links, relative paths, case-insensitive file systems
    except OSError:
        return False  # the output does not exist yet: it cannot be an input


def refuse_overwriting_input(output, *inputs) -> None:
    """Raise OutputIsInputError when `output` is (a link to, another name of) one of `inputs`."""
    output = Path(output)
    if any(_same_file(output, Path(source)) for source in inputs):
        raise OutputIsInputError(output)


def write_output(output, data: bytes, *inputs) -> None:
    """Write `data` to `output` unless it is one of `inputs` (checked again right before writing,
    in case the path changed since the command started). OSError propagates."""
    refuse_overwriting_input(output, *inputs)
    Path(output).write_bytes(data)


def check_data_files(names, load, describe, errors) -> int:
    """`--check FILE …` of a data kind: each file read as it would be installed, a line saying it
    loads (`describe(loaded)`) or why not; 1 if any did not (`errors`: what `load` raises)."""
    status = 0
    for name in names:
        try:
            loaded = load(name)
        except (*errors, OSError) as exc:
            print(f"{name}：{getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            status = 1
        else:
            print(f"{name}：可以读入（{describe(loaded)}）")
    return status

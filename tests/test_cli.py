"""The addin-server command line, run as a user would (a real subprocess)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

import materials as M


def cli(*args, cwd=None):
    exe = shutil.which("addin-server")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "addin_server", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def complete_docx(tmp_path):
    path = tmp_path / "完整.docx"
    path.write_bytes(M.build_docx(M.complete()))
    return path


def test_frameworks_command(tmp_path):
    out = cli("frameworks", cwd=tmp_path)
    assert out.returncode == 0 and "zhuti-2023" in out.stdout and "默认" in out.stdout
    data = json.loads(cli("frameworks", "--format", "json").stdout)
    assert data[0]["id"] == "nianhui-2025"


def test_check_complete_exits_zero(complete_docx):
    out = cli("check", str(complete_docx))
    assert out.returncode == 0, out.stderr
    assert "结论：结构完整" in out.stdout and "✓ 廉洁自律方面" in out.stdout


def test_check_incomplete_exits_one_with_json(tmp_path):
    path = tmp_path / "缺项.docx"
    path.write_bytes(M.build_docx(M.without_dimension("ability")))
    out = cli("check", str(path), "--format", "json")
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["complete"] is False
    assert any(f["code"] == "dimension.missing" and f["dimension"] == "ability"
               for f in report["findings"])


def test_check_unreadable_exits_two(tmp_path):
    path = tmp_path / "旧格式.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    out = cli("check", str(path))
    assert out.returncode == 2
    assert ".doc" in out.stderr and "Traceback" not in out.stderr
    missing = cli("check", str(tmp_path / "nope.docx"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_check_unknown_framework_exits_two(complete_docx):
    out = cli("check", str(complete_docx), "--framework", "nope")
    assert out.returncode == 2 and "zhuti-2023" in out.stderr


def test_no_command_prints_help():
    out = cli()
    assert out.returncode == 2 and "addin-server" in out.stdout


def test_check_with_gbt9704_layout(tmp_path):
    """A python-docx default document (Letter size, Calibri) gets layout findings with --gbt9704."""
    path = tmp_path / "版式.docx"
    path.write_bytes(M.build_docx(M.complete()))
    out = cli("check", str(path), "--gbt9704", "--format", "json")
    report = json.loads(out.stdout)
    layout = {f["code"] for f in report["findings"] if f["code"].startswith("format.")}
    assert "format.page_size" in layout and "format.page_margins" in layout
    plain = json.loads(cli("check", str(path), "--format", "json").stdout)
    assert not any(f["code"].startswith("format.") for f in plain["findings"])


def test_text_report_marks_placeholder_only_aspects_as_unfilled():
    """The text report gives ✓ only to written aspects; one holding only 【请填写：…】 reads 待填写."""
    from addin_server.checks.report import DimensionStatus
    from addin_server.commands.check import _dimension_line

    written = DimensionStatus("a", "理论学习方面", True, 3, 6, item_count=2, unfilled_count=1)
    unfilled = DimensionStatus("b", "政治素质方面", True, 7, 9, item_count=0, unfilled_count=3)
    missing = DimensionStatus("c", "能力本领方面", False)
    assert _dimension_line(written).startswith("✓") and "1 条待填写" in _dimension_line(written)
    assert _dimension_line(unfilled).startswith("…") and "✓" not in _dimension_line(unfilled)
    assert "3 条待填写" in _dimension_line(unfilled)
    assert _dimension_line(missing).startswith("✗")


# ---- a well-behaved command line (issue: one verdict, plain words) ----------------------------

def test_a_closed_pipe_ends_quietly(complete_docx):
    exe = shutil.which("addin-server")
    cmd = [exe] if exe else [sys.executable, "-m", "addin_server"]
    for args in (["check", str(complete_docx)], ["frameworks"]):
        reader = subprocess.Popen([*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader.stdout.readline()
        reader.stdout.close()          # as `| head -1` does
        _, err = reader.communicate(timeout=120)
        assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()


def test_help_columns_line_up_with_chinese_metavars():
    from wcwidth import wcswidth

    out = cli("check", "--help").stdout
    # The display column where each option's help begins, on the option's own line.
    starts = {wcswidth(m[1]) for line in out.splitlines()
              if (m := re.match(r"^(  -\S.*?\s{2,})\S", line))}
    assert len(starts) == 1, out
    top = cli("--help").stdout
    assert not [line for line in top.splitlines() if line.strip() == "命令"]   # no placeholder line


def test_annotate_names_the_file_it_wrote(complete_docx, tmp_path):
    target = tmp_path / "批注版.docx"
    out = cli("check", str(complete_docx), "--annotate", str(target))
    assert target.exists() and str(target) in out.stdout, (out.returncode, out.stdout[-500:], out.stderr[-2000:])


def test_fill_writes_nothing_when_nothing_is_missing(complete_docx, tmp_path):
    target = tmp_path / "补写.docx"
    out = cli("fill", str(complete_docx), "--add-missing", "-o", str(target))
    assert out.returncode == 0 and not target.exists() and "未写出" in out.stdout


def test_frameworks_lists_one_aspect_a_line():
    out = cli("frameworks").stdout
    assert "\t3. 带头敬畏人民、敬畏组织、敬畏法纪方面" in out
    # `list`, the word a newcomer types, is the same listing; --format before or after it.
    assert cli("frameworks", "list").stdout == out
    assert cli("frameworks", "list", "--format", "json").stdout == cli("frameworks", "--format", "json", "list").stdout

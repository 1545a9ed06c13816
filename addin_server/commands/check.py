"""`addin-server check FILE.docx`: print the completeness report; `--fix -o OUT.docx` writes a
copy with the mechanical findings corrected.

Exit status: 0 complete, 1 findings of severity error, 2 unreadable input or bad arguments.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

def finding_code(value: str) -> str:
    """An argparse type: a declared finding code (an unknown one is a usage error, exit 2, as the
    API's 400 for it)."""
    from ..finding_codes import CODES

    if value not in CODES:
        close = [c for c in CODES if value and (value in c or c.split(".")[-1] == value.split(".")[-1])]
        hint = f"，是否指 {'、'.join(close[:3])}？" if close else "；可用的检查项见 addin-server check --list-codes"
        raise argparse.ArgumentTypeError(f"没有这项检查：{value}{hint}")
    return value


def register(sub):
    p = sub.add_parser("check", help="检查一份对照检查材料 (.docx)",
                       description="检查对照检查材料是否完整、规范；--fix 另存一份改正了标点等机械问题的副本。")
    p.add_argument("file", nargs="?", help=".docx 文件")
    p.add_argument("--framework", default=None, metavar="ID|auto",
                   help="框架 id，或 auto：按文中标题自动识别（默认 auto，单位配置可指定默认框架）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.add_argument("--disable", action="append", default=[], metavar="检查项", type=finding_code,
                   help="关闭某项检查（可重复），如 lint.halfwidth_punctuation")
    p.add_argument("--list-codes", action="store_true", help="列出全部检查项及说明后退出")
    p.add_argument("--gbt9704", action="store_true",
                   help="同时检查版式（纸张、页边距、字体字号、行距）是否符合 GB/T 9704")
    p.add_argument("--annotate", metavar="批注版.docx",
                   help="另存一份带批注的文档：每条发现的问题作为 Word 批注标在对应段落")
    p.add_argument("--fix", action="store_true",
                   help="改正可自动改正的问题（半角标点、重复标点、文号括号等），写入 -o 指定的文件，原文件不变")
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="与 --fix 同用：连需要核对的改正（如“，。”只保留一个）也一并应用")
    p.add_argument("-o", "--output", metavar="输出.docx", help="--fix 的输出文件（不能与输入文件相同）")
    p.set_defaults(func=run, parser=p)


def _fail(message: str) -> int:
    print(f"addin-server check：{message}", file=sys.stderr)
    return 2


def _print_skipped_files() -> None:
    """Data files of the organisation or user folders that the check went without (on stderr)."""
    from ..catalogue import load_problems
    from ..frameworks import origin_label

    for problem in load_problems():
        print(f"addin-server check：未加载（{origin_label(problem.origin)}）：{problem.message}",
              file=sys.stderr)


def run(args) -> int:
    from ..checks import check
    from ..finding_codes import CODES
    from ..checks.verdict import SEVERITY_LABELS
    from ..frameworks import AUTO, FrameworkError, configured_default, get_framework
    from ..readers import DocumentError, read_docx

    if args.list_codes:
        for code, (severity, description) in CODES.items():
            print(f"{code:32} {SEVERITY_LABELS[severity]}  {description}")
        return 0
    if not args.file:
        args.parser.error("请给出要检查的 .docx 文件")
    if args.fix != bool(args.output):
        args.parser.error("--fix 和 -o 输出.docx 须同时给出" if args.fix else "-o 只与 --fix 同用")
    path = Path(args.file)
    from .inputs import InputFileError, frameworks_hint, os_reason, read_input_docx
    from .output import OutputIsInputError, refuse_overwriting_input, write_output

    for option, target in (("-o", args.output), ("--annotate", args.annotate)):
        try:
            if target:
                refuse_overwriting_input(target, path)
        except OutputIsInputError as exc:
            return _fail(f"{option}：{exc}")
    try:
        framework = args.framework or configured_default()
        if framework != AUTO:
            framework = get_framework(framework)
    except FrameworkError as exc:
        return _fail(f"{exc.message_zh}{frameworks_hint()}")
    try:
        data, document = read_input_docx(path)
    except InputFileError as exc:
        return _fail(str(exc))
    report = check(document, framework, disabled=args.disable)
    _print_skipped_files()
    if args.fix:
        from ..render.fixes import apply_fixes, edits_of

        try:
            result = apply_fixes(data, edits_of(report.findings, unsafe=args.unsafe_fixes))
            write_output(args.output, result.data, path)
        except (DocumentError, OutputIsInputError) as exc:
            return _fail(f"--fix：{exc}")
        except OSError as exc:
            return _fail(f"无法写入 {args.output}：{os_reason(exc)}")
        skipped = f"，{result.skipped} 处无法自动改正（请手动修改）" if result.skipped else ""
        print(f"已改正 {result.applied} 处{skipped}，写入 {args.output}；以下是改正后的检查结果。",
              file=sys.stderr)
        data = result.data
        document = read_docx(data)
        report = check(document, framework, disabled=args.disable)
    framework = get_framework(report.framework_id)   # the one recognised, when "auto"
    if args.gbt9704:
        from ..review.format_lint import format_lint

        try:
            layout = format_lint(data, framework, args.disable)
        except DocumentError as exc:
            return _fail(f"--gbt9704：{exc}")
        report = dataclasses.replace(report, findings=report.findings + tuple(layout))
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report, framework, path))
    if args.annotate:
        from ..review.annotate import annotate_docx

        try:
            write_output(args.annotate, annotate_docx(data, report), path)
            print(f"已保存批注版：{args.annotate}（每条发现的问题标为 Word 批注）")
        except DocumentError as exc:
            return _fail(f"--annotate：{exc}")
        except OutputIsInputError as exc:
            return _fail(f"--annotate：{exc}")
        except OSError as exc:
            return _fail(f"无法写入 {args.annotate}：{os_reason(exc)}")
    return 0 if report.complete else 1


def _shell_word(text: str) -> str:
    """`text` as one word to paste into a command line: in double quotes when it needs them,
    which cmd.exe, PowerShell and POSIX shells all read the same for a file name."""
    return f'"{text}"' if any(c.isspace() or c in "&|<>()^;'`$" for c in text) else text


def format_text(report, framework, path: Path | None = None) -> str:
    from ..checks.verdict import SEVERITY_LABELS

    lines = [f"框架：{framework.title}"]
    recognition = report.recognition
    if recognition is not None:
        lines.append(f"识别：{recognition.reason}")
        if not recognition.fits and recognition.headings and path is not None:
            lines.append(f"  用文中标题新建框架：addin-server frameworks new \"框架名称\" --from-docx "
                         f"{_shell_word(str(path))} --install，再用 --framework 指定它检查")
    verdict = report.verdict
    lines += [f"结论：{verdict.line}", "", "部分："]
    for s in report.sections:
        if s.present or s.required:
            where = f"  第 {s.paragraph + 1} 段" if s.present else ""
            lines.append(f"  {'✓' if s.present else '✗'} {s.title}（{'已有' if s.present else '缺少'}）{where}")
    lines += ["", "对照方面："]
    for d in report.dimensions:
        lines.append("  " + _dimension_line(d))
    for group in verdict.groups:
        lines += ["", f"{group.title}（{len(group.findings)} 处；段落从 1 起数）："]
        for i in group.findings:
            f = report.findings[i]
            where = describe_location(f)
            fixable = "  [可用 --fix 改正]" if f.fix is not None and f.fix.safe else ""
            lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {where}：{f.message}{fixable}")
    return "\n".join(lines)


def describe_location(finding) -> str:
    """「第 3 段」/「第 3–5 段」 (1-based, as people count), or 「全文」."""
    if finding.paragraph is None:
        return "全文"
    start = finding.paragraph + 1
    end = finding.end_paragraph + 1 if finding.end_paragraph is not None else start
    return f"第 {start}–{end} 段" if end > start else f"第 {start} 段"


def _dimension_line(d) -> str:
    """One aspect as the text report shows it: ✓ only when items are written, not when the
    heading holds nothing but 【请填写：…】 placeholders (as the pane's 「待填写」)."""
    if not d.present:
        return f"✗ {d.title}（缺少）"
    where = f"第 {d.paragraph + 1} 段"
    if d.evidence in ("thesaurus", "close", "order"):
        where += f"，{d.evidence_note}"
    unfilled = f"，{d.unfilled_count} 条待填写" if d.unfilled_count else ""
    if not d.item_count and d.unfilled_count:
        return f"… {d.title}（待填写）  {d.unfilled_count} 条待填写，{where}"
    return f"✓ {d.title}（已有）  {d.item_count} 条{unfilled}，{where}"

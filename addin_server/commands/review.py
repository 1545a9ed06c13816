"""`addin-server review DIR`: check every material in a folder (and compare it with last year's)
and write a report for the reviewer.

Exit status: 0 when the report was written and every file could be read; 1 when the report was
written but some files could not be read (their rows say why: 请另存为 .docx, damaged, encrypted…);
2 for bad arguments (unknown framework, not a folder, unknown report format, report not writable).
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..review.proofreading_choice import PROOFREAD_AT_MOST, PROOFREADING_CHOICES


def register(sub):
    p = sub.add_parser("review", help="批量检查文件夹中的对照检查材料并生成审阅报告")
    p.add_argument("folder", help="存放 .docx 材料的文件夹（含子文件夹）")
    p.add_argument("--previous", metavar="DIR",
                   help="上年度材料所在文件夹：逐份比对，列出照搬上年度的问题")
    p.add_argument("--framework", metavar="ID|auto",
                   help="框架 id，或 auto：每份材料按文中标题自动识别（默认 auto）")
    p.add_argument("--out", default="review-report.html", metavar="REPORT",
                   help="报告文件：.xlsx（Excel）、.html（默认，浏览器打开）、.csv 或 .json")
    p.add_argument("--annotated-dir", metavar="DIR",
                   help="另存每份可读材料的批注版（在每个问题处加 Word 批注）到此文件夹；原文件不改动")
    p.add_argument("--format-lint", action="store_true",
                   help="同时检查公文格式（GB/T 9704：纸张、页边距、字体、字号、行距）")
    p.add_argument("--proofreading", choices=PROOFREADING_CHOICES, default="auto",
                   help="是否检查错别字（文字校对：错别字、规范表述、数字和标点）：on 检查，off 不检查，"
                        f"auto（默认）本年度材料不超过 {PROOFREAD_AT_MOST} 份时检查、超过时不检查。"
                        "不检查时报告开头会注明，「文字校对」一栏为「未检查」")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="并行进程数（默认：CPU 核数）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"addin-server review: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from ..frameworks import FrameworkError
    from ..review.batch import not_materials, review_folder, summary
    from ..review.exports import format_for, write_report

    out = Path(args.out)
    try:
        format_for(out)
    except ValueError:
        return _fail("报告格式应为 .xlsx、.html、.csv 或 .json / --out must end in .xlsx, .html, .csv or .json")
    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs 至少为 1 / --jobs must be at least 1")
    annotated = Path(args.annotated_dir) if args.annotated_dir else None
    for folder in filter(None, (args.folder, args.previous)):
        if annotated is not None and annotated.resolve() == Path(folder).resolve():
            return _fail("批注版文件夹不能是材料所在的文件夹（不覆盖原文件） / --annotated-dir must differ from the input")
    # As the reviewer gave it: before this run writes its report (into it, maybe).
    skipped = not_materials(Path(args.folder)) if Path(args.folder).is_dir() else []
    try:
        result = review_folder(args.folder, args.framework, jobs=args.jobs, progress=not args.quiet,
                               previous=args.previous, include_format=args.format_lint,
                               proofreading=args.proofreading)
    except (FrameworkError, NotADirectoryError) as exc:
        return _fail(str(exc))
    try:
        write_report(result, out)
    except OSError as exc:
        return _fail(f"无法写入 {out}: {exc.strerror}")
    written = 0
    if annotated is not None:
        from ..review.annotated_set import annotate_folder

        try:
            written = annotate_folder(result, Path(args.folder), annotated)
        except OSError as exc:
            return _fail(f"无法写入批注版 {annotated}: {exc.strerror}")
    s = summary(result)
    line = (f"已检查 {s['files']} 份（无法读取 {s['unreadable']} 份，完整 {s['complete']} 份），"
            f"大段照搬 {s['copied_half']} 份，疑似雷同 {s['similar_pairs']} 对（{s['clusters']} 组），"
            f"内容提示 {s['substance_flags']} 处")
    if "previous_files" in s:
        line += f"，照搬上年度 {s['carried_over']} 份（上年度材料 {s['previous_files']} 份）"
    line += f"；报告：{out}"
    if annotated is not None:
        line += f"；批注版 {written} 份：{annotated}"
    print(line)
    for note in result.incomplete:
        print(f"addin-server review: 注意：{note}", file=sys.stderr)
    if result.proofreading is not None:
        print(f"addin-server review: 注意：{result.proofreading['note']}", file=sys.stderr)
    if skipped:
        print(f"addin-server review: 跳过 {len(skipped)} 个不是 .docx/.doc/.wps 的文件（如「{skipped[0].name}」）；"
              f"若其中有材料，请在 Word 或 WPS 中另存为 .docx 后再检查 / {len(skipped)} file(s) are not Word "
              "documents and were left out", file=sys.stderr)
    unreadable = s["unreadable"] + s.get("previous_unreadable", 0)
    if unreadable:
        print(f"addin-server review: {unreadable} 份文件无法读取，原因见报告 / {unreadable} file(s) could not be read",
              file=sys.stderr)
        return 1
    return 0

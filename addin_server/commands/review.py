"""`addin-server review DIR`: check every .docx in a folder and write a report for the reviewer.

Exit status: 0 when the report was written (whatever the materials contain), 2 for bad
arguments (unknown framework, not a folder, unknown report format, report not writable).
"""
from __future__ import annotations

import sys
from pathlib import Path


def register(sub):
    p = sub.add_parser("review", help="批量检查文件夹中的对照检查材料并生成审阅报告 / review a folder")
    p.add_argument("folder", help="存放 .docx 材料的文件夹（含子文件夹）")
    p.add_argument("--framework", metavar="ID|auto",
                   help="框架 id，或 auto：每份材料按文中标题自动识别（默认 auto）")
    p.add_argument("--out", default="review-report.html", metavar="REPORT",
                   help="报告文件：.html（默认，浏览器打开）、.csv 或 .json")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="并行进程数（默认：CPU 核数）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..frameworks import FrameworkError
    from ..review.batch import review_folder, summary
    from ..review.html_report import write_report

    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".htm", ".csv", ".json"):
        print(f"addin-server review: 报告格式应为 .html、.csv 或 .json / --out must end in .html, .csv or .json",
              file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("addin-server review: --jobs 至少为 1 / --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        result = review_folder(args.folder, args.framework, jobs=args.jobs, progress=not args.quiet)
    except FrameworkError as exc:
        print(f"addin-server review: {exc}", file=sys.stderr)
        return 2
    except NotADirectoryError as exc:
        print(f"addin-server review: {exc}", file=sys.stderr)
        return 2
    try:
        write_report(result, out)
    except OSError as exc:
        print(f"addin-server review: 无法写入 / cannot write {out}: {exc.strerror}", file=sys.stderr)
        return 2
    s = summary(result)
    print(f"已检查 {s['files']} 份（无法读取 {s['unreadable']} 份，完整 {s['complete']} 份），"
          f"疑似雷同 {s['similar_pairs']} 对；报告：{out}")
    return 0

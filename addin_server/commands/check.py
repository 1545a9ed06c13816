"""`addin-server check FILE.docx`: print the completeness report.

Exit status: 0 complete, 1 findings of severity error, 2 unreadable input or bad arguments.
"""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def register(sub):
    p = sub.add_parser("check", help="检查一份对照检查材料 (.docx) / check a material")
    p.add_argument("file", help=".docx 文件")
    p.add_argument("--framework", default=None, metavar="ID|auto",
                   help="框架 id，或 auto：按文中标题自动识别（默认 auto，单位配置可指定默认框架）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--disable", action="append", default=[], metavar="CODE",
                   help="关闭某项检查（可重复），如 lint.halfwidth_punctuation")
    p.add_argument("--gbt9704", action="store_true",
                   help="同时检查版式（纸张、页边距、字体字号、行距）是否符合 GB/T 9704")
    p.add_argument("--annotate", metavar="OUT.docx",
                   help="另存一份带批注的文档：每条发现的问题作为 Word 批注标在对应段落")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..checks import check
    from ..frameworks import AUTO, FrameworkError, configured_default, get_framework
    from ..readers import DocumentError, read_docx

    try:
        framework = args.framework or configured_default()
        if framework != AUTO:
            framework = get_framework(framework)
    except FrameworkError as exc:
        print(f"addin-server check: {exc}", file=sys.stderr)
        return 2
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"addin-server check: 无法读取 / cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        document = read_docx(data)
    except DocumentError as exc:
        print(f"addin-server check: {path.name}: {exc}", file=sys.stderr)
        return 2
    report = check(document, framework, disabled=args.disable)
    framework = get_framework(report.framework_id)
    if args.gbt9704:
        from ..review.format_lint import format_lint

        try:
            layout = format_lint(data, framework, args.disable)
        except DocumentError as exc:
            print(f"addin-server check: --gbt9704: {exc}", file=sys.stderr)
            return 2
        report = dataclasses.replace(report, findings=report.findings + tuple(layout))
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report, framework, document))
    if args.annotate:
        from ..review.annotate import annotate_docx

        try:
            Path(args.annotate).write_bytes(annotate_docx(data, report))
        except DocumentError as exc:
            print(f"addin-server check: --annotate: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"addin-server check: 无法写入 / cannot write {args.annotate}: {exc.strerror}",
                  file=sys.stderr)
            return 2
    return 0 if report.complete else 1


def format_text(report, framework, document) -> str:
    lines = [f"框架：{framework.title}"]
    if report.recognition is not None:
        lines.append(f"识别：{report.recognition.reason}")
    lines += [f"结论：{'完整' if report.complete else '不完整'}"
             f"（错误 {report.counts()['error']}，警告 {report.counts()['warning']}，"
             f"提示 {report.counts()['info']}）", "", "部分："]
    for s in report.sections:
        if s.present or s.required:
            mark = "✓" if s.present else "✗"
            where = f"  第 {s.paragraph + 1} 段" if s.present else ""
            lines.append(f"  {mark} {s.title}{where}")
    lines += ["", "对照方面："]
    for d in report.dimensions:
        mark = "✓" if d.present else "✗"
        detail = f"  {d.item_count} 条，第 {d.paragraph + 1} 段" if d.present else ""
        lines.append(f"  {mark} {d.title}{detail}")
    if report.findings:
        lines += ["", "发现的问题："]
        for f in report.findings:
            where = f"第 {f.paragraph + 1} 段" if f.paragraph is not None else "全文"
            excerpt = ""
            if f.paragraph is not None and f.paragraph < len(document.paragraphs):
                text = document.paragraphs[f.paragraph].text.strip()
                excerpt = f"  「{text[:24]}{'…' if len(text) > 24 else ''}」"
            lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {where} {f.code}: {f.message}{excerpt}")
    return "\n".join(lines)

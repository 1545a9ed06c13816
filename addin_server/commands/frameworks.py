"""`addin-server frameworks`: list frameworks and where they come from; make, install, remove and
export your own.

    addin-server frameworks [list] [--format json]
    addin-server frameworks new TITLE --aspect TEXT [--aspect TEXT …] [--from-text FILE] [--from-docx FILE]
                                [--meeting 民主生活会|组织生活会] [--year N] [--id ID] (-o FILE | --install)
    addin-server frameworks install FILE [--replace]
    addin-server frameworks remove ID
    addin-server frameworks export ID -o FILE
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub):
    p = sub.add_parser("frameworks", help="列出、新建、安装、删除、导出对照检查框架")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser("list", help="列出全部框架及其对照方面（不写动作时也是这样）")
    # SUPPRESS: `frameworks --format json list` keeps the format given before the action.
    listing.add_argument("--format", choices=("text", "json"), default=argparse.SUPPRESS)
    listing.set_defaults(func=run_list)

    new = actions.add_parser("new", help="按通知中的对照方面新建框架")
    new.add_argument("title", metavar="TITLE", help="框架名称，如“2026年度民主生活会”")
    new.add_argument("--aspect", action="append", default=[], metavar="TEXT",
                     help="一个对照方面，按通知原文（可带（一）或 1. 序号，可带“方面”），可重复")
    new.add_argument("--from-text", metavar="FILE", help="从文本文件读取对照方面，每行一个")
    new.add_argument("--from-docx", metavar="FILE",
                     help="用材料（.docx）“存在问题”部分的方面标题作对照方面（检查时提示“对不上已知框架”时用）")
    new.add_argument("--meeting", choices=("民主生活会", "组织生活会"), default="民主生活会")
    new.add_argument("--year", type=int, help="年度（默认取名称中的年份）")
    new.add_argument("--id", dest="framework_id", metavar="ID", help="框架 id（默认自动生成）")
    new.add_argument("--source", default="", help="出处，如通知的文号")
    out = new.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="FILE", help="写入框架文件（.toml），可发给同事安装")
    out.add_argument("--install", action="store_true", help="直接安装到个人框架文件夹")
    new.set_defaults(func=run_new)

    install = actions.add_parser("install", help="安装框架文件到个人框架文件夹")
    install.add_argument("file", metavar="FILE")
    install.add_argument("--replace", action="store_true", help="替换同 id 的个人框架")
    install.set_defaults(func=run_install)

    remove = actions.add_parser("remove", help="删除一个个人框架")
    remove.add_argument("framework_id", metavar="ID")
    remove.set_defaults(func=run_remove)

    export = actions.add_parser("export", help="导出框架文件，发给同事")
    export.add_argument("framework_id", metavar="ID")
    export.add_argument("-o", "--output", metavar="FILE", required=True)
    export.set_defaults(func=run_export)


def _fail(message: str) -> int:
    print(f"addin-server frameworks: {message}", file=sys.stderr)
    return 2


def run_list(args) -> int:
    from ..catalogue import load_problems
    from ..frameworks import configured_default, list_frameworks, origin_label

    frameworks = list_frameworks()
    problems = load_problems()
    for problem in problems:   # on stderr, so the listing itself stays parseable
        print(f"未加载（{origin_label(problem.origin)}）：{problem.message}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in frameworks], ensure_ascii=False, indent=2))
        return 0
    print(f"检查时默认：{'自动识别' if configured_default() == 'auto' else configured_default()}")
    for fw in frameworks:
        mark = "（默认）" if fw.is_default else ""
        print(f"{fw.id}\t{fw.title}{mark}\t[{origin_label(fw.origin)}]")
        # The titles themselves hold 、 (带头敬畏人民、敬畏组织、敬畏法纪方面): one per line.
        for number, d in enumerate(fw.dimensions, 1):
            print(f"\t{number}. {d.title}")
    return 0


def _write(path: str, text: str) -> str | None:
    target = Path(path)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        return f"无法写入 {path}: {exc.strerror}"
    return None


def run_new(args) -> int:
    from ..frameworks import FrameworkError, install_framework
    from ..frameworks.build import build_framework
    from ..frameworks.toml_writer import framework_toml

    aspects = list(args.aspect)
    if args.from_text:
        try:
            aspects.append(Path(args.from_text).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"无法读取 {args.from_text}: {getattr(exc, 'strerror', None) or exc}")
    if args.from_docx:
        from ..checks import problem_headings
        from .inputs import InputFileError, read_input_docx

        try:
            _, document = read_input_docx(Path(args.from_docx))
        except InputFileError as exc:
            return _fail(str(exc))
        headings = problem_headings(document)
        if not headings:
            return _fail(f"{Path(args.from_docx).name}：“存在问题”部分没有找到对照方面的标题，"
                         "请用 --aspect 按通知写出对照方面")
        aspects += headings
    try:
        framework = build_framework(args.title, aspects, args.meeting, args.year, args.framework_id,
                                    source=args.source)
        if args.install:
            framework = install_framework(framework)
    except FrameworkError as exc:
        return _fail(str(exc))
    if not args.install:
        problem = _write(args.output, framework_toml(framework))
        if problem:
            return _fail(problem)
    where = framework.path if args.install else args.output
    print(f"已新建框架 {framework.id}：{framework.title}（{len(framework.dimensions)} 个方面）→ {where}")
    for d in framework.dimensions:
        print(f"\t{d.title}\t标题可写作：{'；'.join(d.names)}")
    return 0


def run_install(args) -> int:
    from ..frameworks import FrameworkError, install_framework

    try:
        framework = install_framework(args.file, replace=args.replace)
    except FrameworkError as exc:
        return _fail(str(exc))
    print(f"已安装框架 {framework.id}：{framework.title} → {framework.path}")
    return 0


def run_remove(args) -> int:
    from ..frameworks import FrameworkError, remove_framework

    try:
        framework = remove_framework(args.framework_id)
    except FrameworkError as exc:
        return _fail(str(exc))
    print(f"已删除个人框架 {framework.id}：{framework.title}")
    return 0


def run_export(args) -> int:
    from ..frameworks import FrameworkError, export_framework

    try:
        text = export_framework(args.framework_id)
    except FrameworkError as exc:
        return _fail(str(exc))
    problem = _write(args.output, text)
    if problem:
        return _fail(problem)
    print(f"已导出框架 {args.framework_id} → {args.output}")
    return 0

"""`addin-server fill 材料.docx -o 输出.docx`: the writer's own material, completed.

Inserts the missing sections and dimensions at their places (--add-missing, or --part for one)
and the chosen remedies after the last measure of 整改措施, numbered on from it (--remedy,
repeatable); every other paragraph is left as it was. Never writes over the input.

Exit status: 0 written, 2 unreadable input, bad arguments or nothing asked for.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .inputs import InputFileError, command_line_words, frameworks_hint, os_reason, read_input_docx
from .output import OutputIsInputError, refuse_overwriting_input, write_output
from .remedies import short_id

PROG = "addin-server fill"


def register(sub):
    p = sub.add_parser("fill", help="在原文档中补写缺少的部分、插入整改措施")
    p.add_argument("file", help="要补写的 .docx 文件（不会被改动）")
    p.add_argument("-o", "--output", required=True, metavar="输出.docx",
                   help="补写后的文档另存为此文件（不能与输入相同）")
    p.add_argument("--add-missing", action="store_true",
                   help="在各自的位置补写缺少的部分和对照方面（标题 + 【请填写】条目）")
    p.add_argument("--part", action="append", default=[], metavar="PART",
                   help="只补写这一部分，如 dimension:responsibility 或 section:causes（可重复）")
    p.add_argument("--remedy", action="append", default=[], metavar="DIMENSION=REMEDY_ID[,参数=值…]",
                   help="插入一条整改措施，接在“整改措施”最后一条之后、接着编号（可重复）；"
                        "加上 ,问题=问题原文 时，措施开头写明针对的问题（“针对……的问题，”）；"
                        "可选的整改措施及参数见 addin-server remedies 材料.docx")
    p.add_argument("--framework", help="框架 id（默认：按文档内容识别，识别不了时用默认框架）")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from ..checks import check
    from ..frameworks import AUTO, FrameworkError
    from ..readers import DocumentError, read_docx
    from ..remedies.library import RemedyParameterError
    from ..render.fill import fill_docx
    from ..render.plan import PlanError, framework_for
    from ..render.remedies import Selection, SelectionError, parse_selection

    if not (args.add_missing or args.part or args.remedy):
        return _fail("没有要插入的内容：请给出 --add-missing、--part 或 --remedy")
    path = Path(args.file)
    try:
        refuse_overwriting_input(args.output, path)  # before any work (issue 16's shared rule)
    except OutputIsInputError as exc:
        return _fail(str(exc))
    try:
        data, document = read_input_docx(path)
    except InputFileError as exc:
        return _fail(str(exc))
    try:
        framework = framework_for(document, args.framework or AUTO)
    except FrameworkError as exc:
        return _fail(f"{exc.message_zh}{frameworks_hint()}")
    if args.add_missing and not (args.part or args.remedy) and not any(p.text.strip() for p in document.paragraphs):
        return _whole_scaffold(framework, args.output, path)
    try:
        selections = []
        for n, spec in enumerate(args.remedy):
            try:
                selection = parse_selection(spec)
            except SelectionError as exc:
                raise SelectionError(exc.message, n) from None
            if "." not in selection.remedy_id:  # the id without its framework, as in the help
                selection = Selection(selection.dimension, f"{framework.id}.{selection.remedy_id}",
                                      selection.params, problem=selection.problem)
            selections.append(selection)
        result = fill_docx(data, framework, add_missing=args.part or args.add_missing,
                           selections=selections)
    except SelectionError as exc:
        which = f"第 {exc.index + 1} 个 --remedy：" if exc.index is not None else "--remedy："
        message = exc.message
        if exc.field == "dimension":
            # On the command line the aspect is written by its key: list the keys with the titles.
            known = "；".join(f"{d.key}（{d.title}）" for d in framework.dimensions)
            message = f"对照方面“{selections[exc.index].dimension}”不在所选框架中，可用：{known}"
        # A mistyped remedy: the examples are that aspect's own remedies, every one of them.
        aspect = selections[exc.index].dimension if exc.field == "remedy_id" else None
        return _fail(f"{which}{message}；{_remedy_hint(framework, path, aspect)}")
    except RemedyParameterError as exc:
        which = f"第 {exc.index + 1} 个 --remedy：" if exc.index is not None else "--remedy："
        return _fail(f"{which}{exc.problems_zh}")
    except PlanError as exc:
        return _fail(str(exc))
    except DocumentError as exc:
        return _fail(f"{path.name}：{command_line_words(exc.message_zh)}")
    print(f"框架：{framework.title}")
    if not result.changed:
        if result.plan.held:
            for line in result.plan.held:
                print(f"  {line}")
            print(f"  没有插入任何内容，未写出 {args.output}。")
            return 0
        print(f"  文档已包含要补写的全部部分，没有需要插入的内容，未写出 {args.output}。")
        return 0
    try:
        write_output(args.output, result.data, path)
    except OutputIsInputError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {args.output}：{os_reason(exc)}")
    for line in result.plan.summary:
        print(f"  {line}")
    report = check(read_docx(result.data), framework)
    print(f"已保存 {args.output}。补写后检查：{report.verdict.line}")
    return 0


def _whole_scaffold(framework, output, path: Path) -> int:
    """An empty document gets the whole material to fill in, as the pane and the page give it
    (render_scaffold): title, name line, preamble, the sections with their aspects, the closing
    sentence, the name and the date — set out by GB/T 9704 (there is nothing of the writer's to keep)."""
    from ..render.scaffold import ScaffoldOptions, outline, render_scaffold

    print(f"框架：{framework.title}")
    try:
        write_output(output, render_scaffold(framework), path)
    except OutputIsInputError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"无法写入 {output}：{os_reason(exc)}")
    print(f"  文档是空的：写入了完整的材料框架，按 GB/T 9704 排版")
    for line in outline(framework, ScaffoldOptions().validated(framework)):
        print(f"  {line}")
    print(f"已保存 {output}。请把【请填写：…】处换成实际内容。")
    return 0


def _remedy_hint(framework, path: Path, aspect: str | None = None) -> str:
    from ..remedies.library import list_remedies

    if aspect is not None:
        examples = [(aspect, r) for r in list_remedies(framework.id, aspect)]
    else:
        examples = [(d.key, r) for d in framework.dimensions[:1] for r in list_remedies(framework.id, d.key)[:2]]
    ids = "、".join(f"{key}={short_id(framework, r.id)}" for key, r in examples)
    return f"可选的方面与整改措施请运行 addin-server remedies {path.name} 查看（写法如 {ids}）"

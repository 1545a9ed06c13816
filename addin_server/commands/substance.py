"""`addin-server substance [--check FILE ...] [TEXT --as problem|measure]`: the substance checks'
knowledge files and where they come from, a file checked before it is installed, or one problem
or measure judged as the checks judge it.

Exit status: 0 all files load (and the text raised nothing), 1 a file is broken (or the text
raised a finding), 2 bad arguments.
"""
from __future__ import annotations

import sys

from ..datafiles import origin_label
from .output import check_data_files


def register(sub):
    p = sub.add_parser("substance", help="内容检查（空泛、以表扬代批评等）的知识文件：列出来源、检查文件、判断一句话")
    p.add_argument("text", nargs="?", help="要判断的一条问题或措施（省略则列出知识文件）")
    p.add_argument("--as", dest="kind", choices=("problem", "measure"), default="problem",
                   help="把这句话当作问题（默认）还是整改措施来判断")
    p.add_argument("--check", action="append", default=[], metavar="FILE",
                   help="检查一个知识文件（.toml）能否读入（可重复）")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..checks import substance
    from ..checks.substance.knowledge import KnowledgeError, load_file

    if args.check:
        return check_data_files(args.check, load_file,
                                lambda loaded: f"{loaded[0]}：{'、'.join(loaded[2]) or '无字段'}", (KnowledgeError,))
    k = substance.knowledge()
    if args.text:
        said = []
        if args.kind == "measure":
            if substance.vague_measure(args.text, k):
                said.append("措施空泛：没有具体做法、完成时限和责任人")
        else:
            if substance.generic(args.text, k):
                said.append("问题空泛：没有具体事实（何时、何事、什么后果）")
            if substance.praise(args.text, k):
                said.append("以表扬代批评，或成绩谈得多")
            if substance.blames_others(args.text, k):
                said.append("写的是他人的问题（个人材料中）")
        found = substance.facts(args.text, k) if args.kind == "problem" else []
        for line in said:
            print(line)
        if found:
            print("找到的具体事实：" + "；".join(dict.fromkeys(found)))
        if not said:
            print("没有发现问题")
        return 1 if said else 0
    for name, origin, code in k.sources:
        print(f"{name:<24}{origin_label(origin)}  {code}")
    for origin, folder in substance.folders():
        print(f"{origin_label(origin)}知识目录：{folder}")
    for error in k.errors:
        print(f"已跳过：{error}", file=sys.stderr)
    return 1 if k.errors else 0

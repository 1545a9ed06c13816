"""`addin-server proofreading [--check FILE ...] [TEXT]`: the proofreading rules and where they
come from, a rule file checked before it is installed, or a sentence proofread.

Exit status: 0 all rules load (and the text raised nothing), 1 a rule file is broken (or the
text raised findings), 2 bad arguments.
"""
from __future__ import annotations

import sys

from ..datafiles import origin_label
from .output import check_data_files


def register(sub):
    p = sub.add_parser("proofreading", help="校对规则：列出规则及其来源、检查规则文件、校对一句话")
    p.add_argument("text", nargs="?", help="要校对的一句话（省略则列出规则）")
    p.add_argument("--check", action="append", default=[], metavar="FILE",
                   help="检查一个规则文件（.toml）能否读入（可重复）")
    p.add_argument("--year", type=int, help="校对一句话时按哪一年度的材料判断提法")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..checks import proof
    from ..checks.proof.rules import RuleError, load_rule_file

    if args.check:
        return check_data_files(args.check, lambda name: load_rule_file(name, "user"),
                                lambda rule: f"{rule.extends}，{rule.code}", (RuleError,))
    reader = proof.proofreader()
    if args.text:
        findings = proof.proofread_text(args.text, year=args.year)
        for f in findings:
            print(f"{f.message}（{'可直接改正' if f.fix and f.fix.safe else '请核对'}）")
        if not findings:
            print("没有发现问题")
        return 1 if findings else 0
    for rule in reader.rules.rules:
        size = len(rule.swaps) or len(rule.items) or len(rule.references) or 1
        print(f"{rule.name:<32}{origin_label(rule.origin)}  {rule.code:<26}"
              f"{rule.extends} ×{size}")
    for origin, folder in proof.folders():
        print(f"{origin_label(origin)}规则目录：{folder}")
    for error in reader.rules.errors:
        print(f"已跳过：{error}", file=sys.stderr)
    return 1 if reader.rules.errors else 0

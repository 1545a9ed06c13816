"""`addin-server frameworks`: list the shipped frameworks."""
from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("frameworks", help="列出可用的对照检查框架 / list frameworks")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..frameworks import list_frameworks

    frameworks = list_frameworks()
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in frameworks], ensure_ascii=False, indent=2))
        return 0
    for fw in frameworks:
        mark = "（默认）" if fw.is_default else ""
        print(f"{fw.id}\t{fw.title}{mark}")
        print("\t" + "、".join(d.title for d in fw.dimensions))
    return 0

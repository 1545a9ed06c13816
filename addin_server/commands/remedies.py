"""`addin-server remedies [材料.docx]`: the remedy paragraphs `fill --remedy` can insert.

Without a file it lists a framework's remedies per aspect (ids, lead sentences, parameters);
with the writer's material it recognises the framework as `check` does and ranks each aspect's
remedies by the problems written under it, so the ids to pass to `fill` are at hand on the
command line, not only through GET /api/remedies.

Exit status: 0 listed, 2 unreadable input or unknown framework/aspect.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .inputs import InputFileError, frameworks_hint, read_input_docx

PROG = "addin-server remedies"
TYPE_NAMES = {"str": "文字", "int": "整数", "date": "日期"}


def register(sub):
    p = sub.add_parser("remedies", help="列出可插入的整改措施，可按材料中的问题推荐")
    p.add_argument("file", nargs="?", help="对照检查材料 .docx：按各方面已写的问题排序推荐（文件不会被改动）")
    p.add_argument("--framework", help="框架 id（默认：按文档识别；不给文档时用默认框架）")
    p.add_argument("--dimension", metavar="KEY", help="只列这一对照方面（方面的 key，见列表）")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def run(args) -> int:
    from ..checks import resolve_framework
    from ..checks.correspondence import written_measures
    from ..frameworks import AUTO, FrameworkError, get_framework
    from ..render.plan import framework_for
    from ..remedies.library import list_remedies
    from ..remedies.rank import rank_remedies

    document = None
    if args.file:
        try:
            _, document = read_input_docx(Path(args.file))
        except InputFileError as exc:
            return _fail(str(exc))
    try:
        if document is not None:
            # Named, else recognised from the headings as check does (the default when none fits).
            framework = framework_for(document, args.framework or AUTO)
            _, structure, _ = resolve_framework(document, framework)
        else:
            framework, structure = get_framework(args.framework), None
        keys = [d.key for d in framework.dimensions]
        if args.dimension is not None:
            if framework.dimension(args.dimension) is None:
                # The keys are what --dimension takes; titles hold 「、」, so 「；」 sets them apart.
                known = "；".join(f"{d.key}（{d.title}）" for d in framework.dimensions)
                return _fail(f"对照方面“{args.dimension}”不在所选框架中，--dimension 可用：{known}")
            list_remedies(framework.id, args.dimension)
            keys = [args.dimension]
    except FrameworkError as exc:
        return _fail(f"{exc.message_zh}{frameworks_hint()}")

    # Remedies the material's 整改措施 already has are not offered again (remedies/rank.py).
    measures = [m.text for m in written_measures(structure)] if structure is not None else []
    aspects = []
    for key in keys:
        block = structure.dimension(key) if structure is not None else None
        problems = [i.text for i in block.items if not i.placeholder] if block else []
        if structure is not None:
            ranked = [(s.remedy, s.score, s.matched_terms)
                      for s in rank_remedies(framework, key, problems, measures)]
        else:
            ranked = [(r, 0.0, ()) for r in list_remedies(framework.id, key)]
        offered = {remedy.id for remedy, _, _ in ranked}
        aspects.append({
            "key": key, "title": framework.dimension(key).title,
            "present": None if structure is None else block is not None,
            "problems": len(problems),
            "remedies": [_remedy_entry(framework, remedy, score, matched)
                         for remedy, score, matched in ranked],
            "already_written": [short_id(framework, r.id) for r in list_remedies(framework.id, key)
                                if r.id not in offered],
        })
    result = {"framework": framework.id, "framework_title": framework.title, "dimensions": aspects}
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_text(result, args.file))
    return 0


def short_id(framework, remedy_id: str) -> str:
    """The id as `fill --remedy` takes it: without the framework's own prefix."""
    prefix = f"{framework.id}."
    return remedy_id[len(prefix):] if remedy_id.startswith(prefix) else remedy_id


def _remedy_entry(framework, remedy, score: float, matched) -> dict:
    return {"id": short_id(framework, remedy.id), "full_id": remedy.id, "title": remedy.title,
            "score": round(score, 4), "matched_terms": list(matched),
            "parameters": [p.to_dict() for p in remedy.parameters]}


def _parameter_text(p: dict) -> str:
    # As `fill` treats them: not given → the default; required without one → must be given;
    # optional given empty → stays a visible 【请填写】 the checker reports.
    if p["default"] not in (None, ""):
        need = f"不给时用“{p['default']}”"
    else:
        need = "必须给出" if p["required"] else "可不填，留空则保留【请填写】"
    # A label that opens with the name (「完成时限（如：6月底、年底）」) says only its rest.
    label = p["label"]
    if label.startswith(p["name"]):
        label = label[len(p["name"]):].strip("（）() ：:")
    label = f"{label}，" if label and label != p["name"] else ""
    return f"{p['name']}（{label}{TYPE_NAMES.get(p['type'], p['type'])}，{need}）"


def _text(result: dict, file: str | None) -> str:
    lines = [f"框架：{result['framework_title']}（{result['framework']}）"]
    target = file or "材料.docx"
    example = None
    for n, aspect in enumerate(result["dimensions"], 1):
        state = ""
        if aspect["present"] is False:
            state = "（文中缺少这一方面）"
        elif aspect["present"]:
            state = f"（文中问题 {aspect['problems']} 条，按问题推荐排序）" if aspect["problems"] else "（文中还没有写问题）"
        lines += ["", f"{n}. {aspect['title']}  方面：{aspect['key']}{state}"]
        if aspect["already_written"]:
            lines.append(f"   （整改措施中已有、不再推荐：{'、'.join(aspect['already_written'])}）")
        for remedy in aspect["remedies"]:
            terms = remedy["matched_terms"][:4]
            mark = f"  推荐：与问题中的“{'”“'.join(terms)}”相关" if remedy["score"] > 0 and terms else ""
            lines.append(f"   {remedy['id']}  {remedy['title']}{mark}")
            if remedy["parameters"]:
                lines.append("      参数：" + "；".join(_parameter_text(p) for p in remedy["parameters"]))
            example = example or (aspect["key"], remedy)
    if example:
        key, remedy = example
        param = remedy["parameters"][0]["name"] + "=…" if remedy["parameters"] else ""
        lines += ["", "插入：addin-server fill " + target
                  + f" --remedy {key}={remedy['id']}{',' + param if param else ''} -o 输出.docx"
                  + "（--remedy 可重复，接着整改措施的最后一条编号）"]
    return "\n".join(lines)

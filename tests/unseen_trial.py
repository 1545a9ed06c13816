"""The writer's trial of the unseen drafts (tests/fixtures/unseen_drafts): every writing flow run
on each draft, and the outcome judged against what the writer expects of it.

A draft's .docx goes through `addin-server check`, `addin-server fill --add-missing`,
`addin-server fill --remedy` (one remedy the writer picks from `addin-server remedies`) and the
same two through the HTTP API (/api/fill/docx), and each result is read back with python-docx,
paragraph by paragraph in body order (table cells included, a soft break as "\\n"). The judging
is the writer's: originals unchanged and in order (a typed number renumbered is the only edit
allowed), what was missing now at its place (the draft's `outline`), the back matter untouched and
last, the new measure opening with the label the writer's own numbering calls for, and the
re-check free of new structural findings. `python tests/unseen_trial.py` prints the table that
docs/writer-trials.md quotes.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))          # this checkout's addin_server, installed copy or not
DRAFTS_DIR = HERE / "fixtures" / "unseen_drafts"
sys.path.insert(0, str(DRAFTS_DIR))
from drafts import DRAFTS, STRUCTURAL  # noqa: E402

BACK_ROLES = {"closing", "signature", "date", "attach_head", "table", "pagebreak", "cc", "sign_table"}
# Findings the product's own insertions may bring: the 【请填写】 prompts it writes on purpose.
EXPECTED_AFTER_INSERT = {"placeholder.unfilled"}
TYPED_LABEL = re.compile(r"^[ \t\u3000]*(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+[、是]|\d+[.．、]|（\d+）)")


CN_DIGITS = "一二三四五六七八九十"


def _list_formats(document) -> tuple[dict, dict]:
    """numId → {level: (numFmt, lvlText)}, and style id → numId: enough to show the numbers Word
    draws for the lists these drafts use (one level, or a multilevel 一、/（一）/1. list)."""
    formats, styles = {}, {}
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return formats, styles
    abstract = {}
    for node in numbering.findall(qn("w:abstractNum")):
        levels = {int(lvl.get(qn("w:ilvl"))): (lvl.find(qn("w:numFmt")).get(qn("w:val")),
                                               lvl.find(qn("w:lvlText")).get(qn("w:val")))
                  for lvl in node.findall(qn("w:lvl"))}
        if levels:
            abstract[node.get(qn("w:abstractNumId"))] = levels
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if ref in abstract:
            formats[num.get(qn("w:numId"))] = abstract[ref]
    for style in document.styles.element.findall(qn("w:style")):
        found = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if found is not None:
            styles[style.get(qn("w:styleId"))] = found.get(qn("w:val"))
    return formats, styles


def body_texts(data: bytes) -> list[str]:
    """The document's paragraphs in body order, a table's cells row by row, w:br as "\\n", and
    the number Word draws for a list paragraph put before its text."""
    document = docx.Document(io.BytesIO(data))
    out: list[str] = []
    formats, style_lists = _list_formats(document)
    counters: dict[str, int] = {}

    def label(p) -> str:
        num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        num_id = num.get(qn("w:val")) if num is not None else None
        ilvl = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
        level = int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        if num_id is None:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num_id = style_lists.get(style.get(qn("w:val"))) if style is not None else None
        if num_id not in formats or level not in formats[num_id]:
            return ""
        counts = counters.setdefault(num_id, {})
        counts[level] = counts.get(level, 0) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]          # a level restarts after the one above it
        fmt, text = formats[num_id][level]
        for k, (kfmt, _) in formats[num_id].items():
            n = counts.get(k, 1)
            shown = CN_DIGITS[n - 1] if kfmt in ("chineseCounting", "chineseCountingThousand") and n <= 10 else str(n)
            text = text.replace(f"%{k + 1}", shown)
        return text

    def paragraph_text(p) -> str:
        parts = []
        # A text box is written twice (the drawing and its VML fallback); Word shows the first.
        # (The elements themselves are kept: lxml reuses a proxy while it is referenced, so
        # membership is by node; an id() of a transient proxy may be another node's later.)
        fallback = {n for f in p.iter("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
                    for n in f.iter()}
        for node in p.iter():
            if node in fallback:
                continue
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:br") and node.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
            elif node.tag == qn("w:tab"):
                parts.append("\t")
        return "".join(parts)

    def walk(element):
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                text = paragraph_text(child)
                if text.strip():
                    out.append(label(child) + text)
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    for cell in row.iter(qn("w:tc")):
                        walk(cell)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)

    walk(document.element.body)
    return out


def _plain(text: str) -> str:
    """A paragraph without the spaces and tabs a list's label and a converter leave around it."""
    return re.sub(r"\s+", "", text)


def without_label(text: str) -> str:
    return TYPED_LABEL.sub("", text, count=1)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "addin_server", *args], capture_output=True, text=True,
                          timeout=300, cwd=str(ROOT), env=env)


def check_codes(path: Path, cli: bool = True) -> tuple[str, list[dict]]:
    """The framework used and the findings: through `addin-server check --format json`, or (a
    re-check of a flow's output) the same engine in this process, which saves a start-up."""
    if cli:
        result = run_cli("check", str(path), "--format", "json")
        report = json.loads(result.stdout)
        return report["framework"], report["findings"]
    from addin_server.checks import check
    from addin_server.readers import read_docx

    report = check(read_docx(path.read_bytes()), "auto")
    return report.framework_id, [{"code": f.code, "message": f.message} for f in report.findings]


def chosen_remedy(path: Path) -> tuple[str, str] | None:
    """The remedy a writer picks: the first one recommended for the first aspect, opened with the
    aspect's first problem's words (「针对“……”的问题」, as 「为此写措施」 does)."""
    result = run_cli("remedies", str(path), "--format", "json")
    listing = json.loads(result.stdout)
    for dimension in listing["dimensions"]:
        if dimension["remedies"]:
            return dimension["key"], dimension["remedies"][0]["id"]
    return None


@dataclass
class Outcome:
    name: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.problems


def originals_kept(before: list[str], after: list[str]) -> list[str]:
    """Each original paragraph is in the result, in order, unchanged but for a renumbered typed
    label; answers what is wrong."""
    problems, j = [], 0
    for text in before:
        start = j
        while j < len(after) and after[j] != text and without_label(after[j]) != without_label(text):
            j += 1
        if j == len(after):
            # A closing sentence glued to the body's last paragraph is moved to a paragraph of
            # its own after what is inserted (the text unchanged): the two pieces, in order.
            head = next((k for k in range(start, len(after)) if text.startswith(after[k])), None)
            tail = head is not None and next((k for k in range(head + 1, len(after))
                                              if after[head] + after[k] == text), None)
            if tail:
                j = tail + 1
                continue
            problems.append(f"原文段落丢失或被改动：「{text[:20]}」")
            return problems
        j += 1
    return problems


def outline_found(outline: list[str], after: list[str]) -> list[str]:
    j = 0
    flat = [line for text in after for line in text.split("\n")]
    for opening in outline:
        while j < len(flat) and not flat[j].lstrip().startswith(opening) and not (
                opening in ("原因", "整改措施") and opening in flat[j][:12]):
            j += 1
        if j == len(flat):
            return [f"大纲中「{opening}」不在应在的位置"]
        j += 1
    return []


def _back(d: dict) -> list[str]:
    """The draft's back matter as body_texts reads it: its last blocks of back-matter roles."""
    return _back_and_table_end(d)[0]


def _back_and_table_end(d: dict) -> tuple[list[str], int | None]:
    """The back matter, and the index in it of the attachment table's last cell (where a new
    row of the 整改清单 goes), None without a table."""
    out, table_end = [], None
    blocks = d["blocks"]
    i = len(blocks)
    while i > 0 and blocks[i - 1][0] in BACK_ROLES:
        i -= 1
    for role, text in blocks[i:]:
        if role == "sign_table":      # 落款 and date in a table: its cells, no row to add
            out += [c for row in text for c in row if c.strip()]
        elif role == "table":
            out += [c for row in text for c in row if c.strip()]
            # The 整改清单 is the first attachment's table (an 附件2 after it is another matter).
            table_end = len(out) - 1 if table_end is None else table_end
        elif role != "pagebreak":
            out += [line for line in ([text] if d["shape"] in ("soft", "wps_soft") else text.split("\n"))]
    return out, table_end


def _tail_at(tail: list[str], table_end: int | None, after: list[str]) -> tuple[int, int] | None:
    """Where the back matter ends `after`: (its start, the cells of rows added to its table)."""
    for added in range(0, 40 if table_end is not None else 1):
        at = len(after) - len(tail) - added
        if at < 0:
            return None
        cut = table_end + 1 if table_end is not None else len(tail)
        if after[at:at + cut] == tail[:cut] and after[at + cut + added:] == tail[cut:]:
            return at, added
    return None


def judge_insertion(d: dict, before: list[str], after: list[str], before_codes: list[str],
                    after_codes: list[str], outcome: Outcome, what: str):
    outcome.problems += [f"{what}：{p}" for p in originals_kept(before, after)]
    tail, table_end = _back_and_table_end(d)
    found = _tail_at(tail, table_end, after)
    if tail and found is None:
        outcome.problems.append(f"{what}：落款、日期或附件不再在最后（最后一段：「{after[-1][:20]}」）")
    elif found and found[1]:
        at, added = found
        cells = after[at + table_end + 1:at + table_end + 1 + added]
        outcome.notes.append(f"{what}：附件清单末尾加了一行：{' | '.join(cells)[:80]}")
    new = (set(after_codes) - set(before_codes)) & (STRUCTURAL - EXPECTED_AFTER_INSERT)
    if new:
        outcome.problems.append(f"{what}：复查出现新的问题 {sorted(new)}")
    # (Without a 整改措施 at all, no problem is counted unanswered; the first measure makes the
    # others so, rightly.)
    had_measures = any(role in ("measure", "measure_head", "measures_table") for role, _ in d["blocks"])
    if had_measures and after_codes.count("remedy.unmatched") > before_codes.count("remedy.unmatched"):
        outcome.problems.append(f"{what}：复查后“没有对应措施”的问题反而变多")


def new_paragraphs(before: list[str], after: list[str]) -> list[int]:
    """Indexes in `after` of the paragraphs not in `before` (greedy alignment)."""
    out, i, rest = [], 0, None
    for j, text in enumerate(after):
        if i < len(before) and (text == before[i] or without_label(text) == without_label(before[i])):
            i += 1
        elif i < len(before) and before[i].startswith(text):
            rest = before[i][len(text):]      # a glued closing, moved after what is inserted
            i += 1
        elif text == rest:
            rest = None
        else:
            out.append(j)
    return out


def indented_as_the_writers(d: dict, before: list[str], after: list[str]) -> list[str]:
    """Where the writer indents every body paragraph by typing spaces (`indent`), the new ones
    open with the same."""
    indent = d.get("indent")
    if not indent:
        return []
    wrong = [after[k] for k in new_paragraphs(before, after)
             if not after[k].startswith(indent) and after[k].strip()]
    return [f"新段落没有像原文一样以空格缩进：「{wrong[0][:12]}」"] if wrong else []


def last_measure_text(d: dict) -> str | None:
    """The text the new measure must follow: the draft's `measure_after` (measures grouped by
    aspect: its aspect's last), else the last measure paragraph, or the last cell of the
    measures table."""
    if d.get("measure_after"):
        return d["measure_after"]
    last = None
    for role, text in d["blocks"]:
        if role == "measures_table":
            last = [c for c in text[-1] if c.strip()][-1]
        elif role in ("measure", "measure_head"):
            last = text if d["shape"] == "soft" else text.split("\n")[-1]
        elif role in BACK_ROLES and last is not None:
            break
    return last


ORG_FRAMEWORKS = DRAFTS_DIR / "org_frameworks"


@contextlib.contextmanager
def frameworks_of(d: dict):
    """A draft written on its organisation's own framework (`org_frameworks`): that folder is the
    organisation's frameworks folder for the command line (the environment) and for this process
    (the registry's settings, which the API's app and the in-process re-check read)."""
    if not d.get("org_frameworks"):
        yield
        return
    from addin_server.config import load_settings
    from addin_server.frameworks import registry

    before_env, before_settings = os.environ.get("ADDIN_SERVER_FRAMEWORKS_DIR"), registry._settings
    os.environ["ADDIN_SERVER_FRAMEWORKS_DIR"] = str(ORG_FRAMEWORKS)
    registry.use_settings(load_settings())
    try:
        yield
    finally:
        if before_env is None:
            os.environ.pop("ADDIN_SERVER_FRAMEWORKS_DIR", None)
        else:
            os.environ["ADDIN_SERVER_FRAMEWORKS_DIR"] = before_env
        registry.use_settings(before_settings)


def as_written(d: dict) -> dict:
    """The draft as the writer's file holds it (a PDF paste: its printed lines)."""
    if d["shape"] == "pdf_lines":
        from generate import pdf_lines

        return pdf_lines(d)
    return d


def trial(d: dict, workdir: Path, api_client=None) -> Outcome:
    with frameworks_of(d):
        return _trial(as_written(d), workdir, api_client)


def _trial(d: dict, workdir: Path, api_client=None) -> Outcome:
    outcome = Outcome(d["name"])
    path = DRAFTS_DIR / f"{d['name']}.docx"
    data = path.read_bytes()
    before = body_texts(data)
    framework, findings = check_codes(path)
    codes = [f["code"] for f in findings]
    outcome.codes = sorted(set(codes))
    if framework != d["framework"]:
        outcome.problems.append(f"识别的框架是 {framework}，应为 {d['framework']}")
    slips = d.get("slips", [])
    if d["finished"]:
        # The drafts were written without slips but those `slips` names: a proofreading or
        # writing-lint finding on a finished one is a false one (a name taken for a typo, a date
        # for a decimal) unless it is about a planted slip or of a kind the draft `may_find`.
        def false_alarm(f) -> bool:
            if f["code"] in d.get("may_find", set()):
                return False
            if f["code"].startswith("proof.") and any(wrong in f["message"] for wrong, _ in slips):
                return False
            return f["code"] in STRUCTURAL or f["code"].startswith(("proof.", "lint."))

        false = [f for f in findings if false_alarm(f)]
        if false:
            outcome.problems.append("完成的材料被报了不存在的问题：" + "、".join(
                f"{f['code']}「{f['message'][:40]}」" for f in false))
    for wrong, right in slips:
        if not any(f["code"].startswith("proof.") and wrong in f["message"] and right in f["message"]
                   for f in findings):
            outcome.problems.append(f"没有校出「{wrong}」（应为「{right}」）")
    missing = d.get("must_find", set()) - set(codes)
    if missing:
        outcome.problems.append(f"没有报出应报的 {sorted(missing)}")

    # 补写缺少的部分
    out = workdir / f"{d['name']}-add.docx"
    result = run_cli("fill", str(path), "--add-missing", "-o", str(out))
    if result.returncode != 0:
        outcome.problems.append(f"fill --add-missing 失败：{result.stderr.strip()[:120]}")
    elif out.exists():
        if d["finished"] or d.get("nothing_to_add"):
            outcome.problems.append("完成的材料也补写了内容：" + result.stdout.strip()[:120])
        after = body_texts(out.read_bytes())
        _, after_findings = check_codes(out, cli=False)
        judge_insertion(d, before, after, codes, [f["code"] for f in after_findings], outcome, "补写")
        outcome.problems += [f"补写：{p}" for p in indented_as_the_writers(d, before, after)]
        outcome.problems += [f"补写：{p}" for p in outline_found(d.get("outline", []), after)]
        still = {f["code"] for f in after_findings} & {"dimension.missing", "section.missing"}
        if still:
            outcome.problems.append(f"补写后复查仍报 {sorted(still)}")
        if api_client is not None:
            response = api_client.post("/api/fill/docx?download=true", data={"file": (io.BytesIO(data), "a.docx"),
                                                               "add_missing": "true", "framework": "auto"})
            if response.status_code != 200 or body_texts(response.data) != after:
                outcome.problems.append(f"API 补写与命令行结果不同（{response.status_code}）")
    elif not d["finished"] and not d.get("nothing_to_add"):
        outcome.problems.append("半成品没有补写任何内容：" + result.stdout.strip()[:120])

    # 插入一条整改措施
    label = d.get("measure_label")
    if "measure_label" in d:
        chosen = chosen_remedy(path)
        if chosen is None:
            outcome.problems.append("没有可推荐的整改措施")
            return outcome
        spec = f"{chosen[0]}={chosen[1]}"
        out = workdir / f"{d['name']}-remedy.docx"
        result = run_cli("fill", str(path), "--remedy", spec, "-o", str(out))
        if result.returncode != 0 or not out.exists():
            outcome.problems.append(f"fill --remedy 失败：{(result.stderr or result.stdout).strip()[:160]}")
            return outcome
        outcome.notes.append(result.stdout.strip().splitlines()[-1][:100])
        after = body_texts(out.read_bytes())
        _, after_findings = check_codes(out, cli=False)
        judge_insertion(d, before, after, codes, [f["code"] for f in after_findings], outcome, "整改措施")
        added = new_paragraphs(before, after)
        outcome.problems += [f"整改措施：{p}" for p in indented_as_the_writers(d, before, after)]
        if not added:
            outcome.problems.append("整改措施：没有插入任何段落")
        else:
            first = after[added[0]]
            if label and not first.lstrip(" \t\u3000").startswith(label):
                outcome.problems.append(f"整改措施：新措施以「{first[:6]}」开头，应为「{label}」")
            last = last_measure_text(d)
            previous = after[added[0] - 1]
            previous, last = (_plain(previous), _plain(last)) if last is not None else (previous, last)
            if last is not None and not (previous == last or without_label(previous) == without_label(last)
                                         or previous.endswith(last) or last.endswith(previous) or last.startswith(previous)):
                outcome.problems.append(f"整改措施：新措施没有接在最后一条措施后面，而在「{previous[:20]}」之后")
        if api_client is not None:
            response = api_client.post("/api/fill/docx?download=true", data={"file": (io.BytesIO(data), "a.docx"),
                                                               "remedy": spec, "framework": "auto"})
            if response.status_code != 200 or body_texts(response.data) != after:
                outcome.problems.append(f"API 插入措施与命令行结果不同（{response.status_code}）")
    return outcome


def main() -> int:
    from addin_server import create_app

    client = create_app().test_client()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for d in DRAFTS:
            if len(sys.argv) > 1 and not any(a in d["name"] for a in sys.argv[1:]):
                continue
            outcome = trial(d, Path(tmp), client)
            rows.append(outcome)
            mark = "✓" if outcome.right else "✗"
            print(f"{mark} {outcome.name} [{d['shape']}]")
            for p in outcome.problems:
                print("    -", p)
            for n in outcome.notes:
                print("    ·", n)
    print(f"{sum(o.right for o in rows)}/{len(rows)} right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

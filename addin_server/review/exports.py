"""A batch review as the reviewer takes it away: Excel (.xlsx), CSV, a self-contained HTML page, JSON.

Every format is rendered from the review's dict form (BatchResult.to_dict(), the JSON the page
receives), so the CLI and the page's export — which sends that JSON back, the server keeping
nothing between requests — produce the same files. The three tables (materials, similar pairs and
照搬上年度, findings) are built once here and laid out by each format.

The HTML page has inline CSS, no scripts, nothing fetched from anywhere, and every piece of
document text escaped (a title can contain markup like anything else a writer types). Cells of the
workbook are always text or numbers, never formulas, whatever a document says (a title starting
with "=" stays text).
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

from ..checks.verdict import SEVERITY_LABELS
from ..finding_codes import CODES
from .names import unit_of

PROOF_PREFIXES = ("lint.", "proof.")
FORMATS = {"xlsx": ".xlsx", "csv": ".csv", "html": ".html", "json": ".json"}
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}

# Substance columns: finding code → column title (counts per material; checks/substance/).
SUBSTANCE_COLUMNS = {"content.generic": "问题空泛", "content.praise_as_problem": "以表扬代批评",
                     "content.blames_others": "写他人问题", "content.cause_restates": "原因重复问题",
                     "content.measure_vague": "措施空泛", "review.boilerplate": "千篇一律句子"}
# What a share is of: the writer's own text (similarity.own_length), so a copy of 60% of what a
# writer wrote reads 60% however much of a short material the notice's preamble fills. The
# columns say so and their notes (Excel's header comments, the page's and the report's tooltips
# and the report's note under the table) say what is left out.
SIMILAR_SHARE = "雷同（占本人所写）"
CARRIED_SHARE = "照搬上年度（占本人所写问题）"
SHARE_NOTES = {
    SIMILAR_SHARE: "与其他材料相同的文字占本材料本人所写文字的比例。不计框架规定的标题、提法，"
                   "也不计本批一半以上材料都有的句子（通知原文、套话等，另见「千篇一律句子」）。",
    CARRIED_SHARE: "与上年度材料相同的文字占本材料「存在问题」部分本人所写文字的比例（不计框架规定的标题、提法）。",
}
MATERIAL_COLUMNS = ("文件", "署名（推测）", "单位职务", "标题", "框架", "结论", "缺少的部分或方面", "各方面问题条数",
                    "无对应措施的问题", "文字校对", "公文格式", *SUBSTANCE_COLUMNS.values(), *SEVERITY_LABELS.values(),
                    SIMILAR_SHARE, "雷同材料", "雷同组", CARRIED_SHARE, "上年度材料", "字数", "无法检查的原因")
UNIT_COLUMNS = ("单位", "材料", "完整", "不完整", "无法检查", "大段照搬（≥50%）", "照搬上年度", "内容提示")
# Lists in one cell are joined with 「；」: aspect titles themselves contain 「、」.
LIST_SEPARATOR = "；"
# Half a material or more found in another is copying, not a resemblance: an error, first in the
# table, the workbook and the report (batch.py makes the finding; review.js sorts by the same share).
COPIED_ERROR_SHARE = 0.5
# Half of a material's 存在问题 or more repeated from last year is the other copying a 督导组
# sends back (照搬上年度): its verdict says so and it ranks beside the members of a 雷同组.
CARRIED_RANK_SHARE = 0.5
PAIR_COLUMNS = ("类型", "本材料", "对照材料", "相同字数", "占本材料所写", "占对照材料所写", "本材料原文", "对照材料原文")
SHARE_NOTES |= {"占本材料所写": "相同字数占本材料本人所写文字的比例（照搬上年度：占其「存在问题」部分）。"
                               + "不计框架规定的标题、提法；雷同还不计本批一半以上材料都有的句子。",
                "占对照材料所写": "相同字数占对照材料本人所写文字的比例（照搬上年度不计）。"}
FINDING_COLUMNS = ("文件", "署名（推测）", "级别", "类别", "说明", "段落", "代码")


def short_title(title: str) -> str:
    for suffix in ("方面", "情况"):
        if title.endswith(suffix) and len(title) > len(suffix) + 1:
            return title[:-len(suffix)]
    return title


def missing_parts(row: dict) -> list[str]:
    """What a material lacks, one entry each: its missing parts first (「整改措施部分」 — without
    them 「不完整」 would send a reviewer looking for a missing aspect), then its missing aspects."""
    return ([f"{title}部分" for title in row.get("missing_sections") or []]
            + [short_title(d["title"]) for d in row.get("dimensions") or [] if not d["present"]])


def verdict(row: dict) -> str:
    """无法检查, 完整 or 不完整 — and 「大段照搬」 for a material half or more copied, which is
    why it counts as not complete: 「不完整」 alone there sends a reviewer looking for a missing
    aspect that is not missing."""
    if not row.get("ok"):
        return "无法检查"
    if (row.get("copied") or 0) >= COPIED_ERROR_SHARE:
        own_errors = any(f.get("severity") == "error" and f.get("code") != "review.similar"
                         for f in row.get("findings") or [])
        return "大段照搬，且不完整" if own_errors else "大段照搬"
    if (row.get("carried") or 0) >= CARRIED_RANK_SHARE:
        # Half its 存在问题 last year's: what a 督导组 sends back, said where the verdict is read
        # (a reviewer trial's 「完整」 in green for two thirds carried over).
        return ("照搬上年度" if row.get("complete") else "照搬上年度，且不完整") + carried_items_note(row)
    return "完整" if row.get("complete") else "不完整"


def carried_items_note(row: dict) -> str:
    """「（5 条问题中 3 条）」: how many of its problems are last year's, beside a verdict of
    照搬上年度 — the share column counts characters, which may be under half."""
    repeated, items = row.get("carried_items") or (0, 0)
    return f"（{items} 条问题中 {repeated} 条）" if repeated else ""


def verdict_is_bad(row: dict) -> bool:
    return not row.get("complete") or (row.get("carried") or 0) >= CARRIED_RANK_SHARE


def main_framework(files) -> str | None:
    """The framework most of a mixed set follows (its title), when one does; None for a set of
    one framework or a tie. A material on another (last year's 四个带头 in this year's set) is
    「完整」 against its own framework, which is not what the meeting asked for."""
    counts: dict[str, int] = {}
    for f in files:
        if f.get("ok") and f.get("framework_title"):
            counts[f["framework_title"]] = counts.get(f["framework_title"], 0) + 1
    ranked_titles = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked_titles) < 2 or ranked_titles[0][1] == ranked_titles[1][1]:
        return None
    return ranked_titles[0][0]


def framework_cell(row: dict, main: str | None = None) -> str:
    """The framework a material was checked against; said so when its headings fit none known
    (recognised "auto"), so a reviewer does not read the missing aspects as the writer's, and
    when it is not the one most of the set follows (`main`, main_framework: a reviewer trial's
    material on last year's framework read 「完整」 in green, its row saying nothing else)."""
    title = row.get("framework_title") or row.get("framework") or ""
    recognition = row.get("recognition") or {}
    if recognition.get("fits") is False:
        return f"{title}（文中标题对不上已知框架，暂按此检查）"
    if main and title and title != main:
        return f"{title}（本批多数材料用「{main}」，请核对是否用错框架）"
    return title


def _count(row: dict, *prefixes: str) -> int:
    return sum(n for code, n in (row.get("codes") or {}).items() if code.startswith(prefixes))


def _pairs_by_file(data: dict) -> dict[str, list[tuple[float, str]]]:
    out: dict[str, list[tuple[float, str]]] = {}
    for p in data.get("similar", []):
        out.setdefault(p["a"], []).append((p.get("ratio_a", p["ratio"]), p["b"]))
        out.setdefault(p["b"], []).append((p.get("ratio_b", p["ratio"]), p["a"]))
    return out


def _carried_by_file(data: dict) -> dict[str, list[tuple[float, str]]]:
    out: dict[str, list[tuple[float, str]]] = {}
    for c in data.get("carried_over", []):
        out.setdefault(c["name"], []).append((c["ratio"], c["previous"]))
    return out


def ranks(data: dict) -> dict[str, float]:
    """How serious each material's copying is, for the order a reviewer takes them in: 2 + the
    share for copying of half a material or more (「大段照搬」); 1 + the larger share for a member
    of a 雷同组 or half of its 存在问题 repeated from last year; 0 for the rest."""
    clustered = {name for names in data.get("clusters", []) for name in names}
    carried: dict[str, float] = {}
    for c in data.get("carried_over", []):
        carried[c["name"]] = max(carried.get(c["name"], 0.0), c["ratio"])
    out = {}
    for f in data.get("files", []):
        # The row's own share counts problem items too (batch_findings: carried_items).
        copied, repeated = f.get("copied") or 0.0, max(carried.get(f["name"], 0.0), f.get("carried") or 0.0)
        if copied >= COPIED_ERROR_SHARE:
            out[f["name"]] = 2 + copied
        elif f["name"] in clustered or repeated >= CARRIED_RANK_SHARE:
            out[f["name"]] = 1 + max(copied, repeated)
        else:
            out[f["name"]] = 0.0
    return out


def ranked(data: dict) -> list[dict]:
    """The materials as a reviewer takes them, the most serious copying first (ranks), the rest in
    the order given (pinyin order of the file names)."""
    rank = ranks(data)
    return sorted(data.get("files", []), key=lambda f: -rank.get(f["name"], 0.0))


def material_rows(data: dict) -> list[list]:
    """One row per material, the copied ones first (ranked), then in data["files"] order."""
    similar, carried = _pairs_by_file(data), _carried_by_file(data)
    cluster_of = {name: n for n, names in enumerate(data.get("clusters", []), start=1) for name in names}
    rows = []
    for f in ranked(data):
        if not f.get("ok"):
            rows.append([f["name"], "", "", "", "", "无法检查", *[""] * (len(MATERIAL_COLUMNS) - 7), f.get("error") or ""])
            continue
        dims = f.get("dimensions") or []
        pairs = sorted(similar.get(f["name"], []), reverse=True)
        olds = sorted(carried.get(f["name"], []), reverse=True)
        counts = f.get("counts") or {}
        rows.append([
            f["name"], f.get("author") or "", f.get("unit") or "", f.get("title") or "",
            framework_cell(f, data.get("main_framework")), verdict(f),
            LIST_SEPARATOR.join(missing_parts(f)),
            LIST_SEPARATOR.join(f"{short_title(d['title'])} {dimension_count(d)}" for d in dims if d["present"]),
            (f.get("codes") or {}).get("remedy.unmatched", 0), _count(f, *PROOF_PREFIXES), _count(f, "format."),
            *((f.get("codes") or {}).get(code, 0) for code in SUBSTANCE_COLUMNS),
            counts.get("error", 0), counts.get("warning", 0), counts.get("info", 0),
            round(pairs[0][0], 3) if pairs else "", LIST_SEPARATOR.join(f"{n}（{r:.0%}）" for r, n in pairs),
            f"第 {cluster_of[f['name']]} 组" if f["name"] in cluster_of else "",
            round(olds[0][0], 3) if olds else "", LIST_SEPARATOR.join(f"{n}（{r:.0%}）" for r, n in olds),
            f.get("char_count", 0), "",
        ])
    return rows


def unit_rows(data: dict) -> list[list]:
    """One row per unit (the byline's unit, the writer's post left out, so that a 局's 局长 and
    副局长 count under one 局; 「未署单位」 when none was found): its materials, complete and not,
    copied, carried over, and substance findings."""
    units: dict[str, list] = {}
    carried = {c["name"] for c in data.get("carried_over", [])}
    for f in data.get("files", []):
        unit = unit_of(f.get("unit")) or "未署单位"
        row = units.setdefault(unit, [unit, 0, 0, 0, 0, 0, 0, 0])
        row[1] += 1
        if not f.get("ok"):
            row[4] += 1
            continue
        row[2 if f.get("complete") else 3] += 1
        row[5] += (f.get("copied") or 0) >= COPIED_ERROR_SHARE
        row[6] += f["name"] in carried
        row[7] += sum((f.get("codes") or {}).get(code, 0) for code in SUBSTANCE_COLUMNS)
    return sorted(units.values(), key=lambda r: (-r[5], -r[3], r[0]))


# A framework followed by at most this many materials of a mixed set names them: the reviewer
# checks those few (a writer who took last year's outline), not the whole set.
NAMED_FRAMEWORK_FILES = 3


def framework_line(data: dict) -> str:
    """「框架：」 with how many materials follow each framework found, the most followed first;
    in a mixed set the materials of a framework few follow are named, so the reviewer sees which
    ones to check (「…（四个带头）1 份：「马俊.docx」」, each name in 「」: a name may hold any mark) rather than only that the set is mixed."""
    by_framework: dict[str, list[str]] = {}
    for f in data.get("files", []):
        if f.get("ok") and f.get("framework_title"):
            by_framework.setdefault(f["framework_title"], []).append(f["name"])
    if not by_framework:
        titles = data.get("summary", {}).get("frameworks") or [data.get("framework_title") or ""]
        return f"框架：{LIST_SEPARATOR.join(t for t in titles if t) or '未识别'}"
    ordered = sorted(by_framework.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    mixed = len(ordered) > 1
    parts = []
    for n, (title, names) in enumerate(ordered):
        named = mixed and n > 0 and len(names) <= NAMED_FRAMEWORK_FILES
        parts.append(f"{title} {len(names)} 份" + ("：" + "".join(f"「{name}」" for name in sorted(names)) if named else ""))
    return "框架：" + LIST_SEPARATOR.join(parts) + ("（本批材料使用了不同框架，请核对）" if mixed else "")


def source_label(folder: str | None) -> str:
    """Where the set came from, said as what it is: a folder named 「2025」 read as a year in
    「来源：2025」 (a reviewer trial)."""
    name = Path(folder or "").name
    if not name:
        return "上传的文件"
    if name.lower().endswith(".zip"):
        return f"压缩包「{name}」"
    if name.startswith("上传的"):           # uploads.describe_upload: 「上传的 N 个文件」
        return name
    return f"文件夹「{name}」"


def set_header(data: dict) -> list[str]:
    """What the set is, line by line: frameworks found, files, folder, date of the review."""

    s = data.get("summary", {})
    lines = [framework_line(data),
             f"材料：{s.get('files', 0)} 份（可读 {s.get('readable', 0)} 份）"
             + (f"，上年度材料 {s['previous_files']} 份" if "previous_files" in s else "")]
    lines.append(f"来源：{source_label(data.get('folder'))}")
    lines.append(f"审阅日期：{data.get('date') or datetime.date.today().isoformat()}")
    return lines


def pair_rows(data: dict) -> list[list]:
    rows = []
    for p in data.get("similar", []):
        rows.append(["本年度材料雷同", p["a"], p["b"], p["shared_chars"], round(p.get("ratio_a", p["ratio"]), 3),
                     round(p.get("ratio_b", p["ratio"]), 3),
                     "\n".join(x.get("a_text") or x["text"] for x in p["passages"]),
                     "\n".join(x.get("b_text") or x["text"] for x in p["passages"])])
    for c in data.get("carried_over", []):
        rows.append(["照搬上年度（同一署名）" if c.get("same_writer") else "照搬上年度", c["name"], c["previous"],
                     c["shared_chars"], round(c["ratio"], 3), "",
                     "\n".join(x.get("a_text") or x["text"] for x in c["passages"]),
                     "\n".join(x.get("b_text") or x["text"] for x in c["passages"])])
    return rows


def finding_rows(data: dict) -> list[list]:
    rows = []
    for f in data.get("files", []):
        if not f.get("ok"):
            rows.append([f["name"], "", SEVERITY_LABELS["error"], "无法检查", f.get("error") or "", "", f.get("error_code") or ""])
            continue
        for x in f.get("findings") or []:
            label = CODES.get(x["code"], ("", x["code"]))[1]
            paragraph = x.get("paragraph")
            rows.append([f["name"], f.get("author") or "", SEVERITY_LABELS.get(x.get("severity"), x.get("severity", "")),
                         label, x["message"], paragraph + 1 if isinstance(paragraph, int) else "", x["code"]])
    return rows


# ---- Excel ------------------------------------------------------------------------------------

_RATIO_COLUMNS = set(SHARE_NOTES)
_WRAPPED_COLUMNS = {"本材料原文", "对照材料原文", "说明", "各方面问题条数", "雷同材料", "上年度材料", "无法检查的原因"}
_MAX_WIDTH = 60
# Column widths (characters) that still print readable on one A4 landscape page, scaled to fit.
_PAGE_WIDTH = 180


def _display_width(value) -> int:
    text = str(value)
    longest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.split("\n")), default=0)
    return longest


def _sheet(workbook, title: str, columns, rows, first: bool = False):
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(list(columns))
    for row in rows:
        sheet.append([None if v == "" else v for v in row])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F3F3F3")
    # Headers and numbers centred: a number at the right edge of a narrow column stood beside the
    # next column's left-aligned header and was read as its (单位汇总, printed, in a trial).
    centred = Alignment(horizontal="center", vertical="top")
    for cell in sheet[1]:
        cell.font, cell.fill, cell.alignment = bold, fill, centred
        if cell.value in SHARE_NOTES:     # what the share is of, where the reviewer reads it
            cell.comment = Comment(SHARE_NOTES[cell.value], "对照检查助手", width=320, height=110)
    for index, name in enumerate(columns, start=1):
        letter = get_column_letter(index)
        wrap = name in _WRAPPED_COLUMNS
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, str):
                cell.data_type = "s"           # never a formula, whatever the text starts with
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif cell.value is not None:
                cell.alignment = centred
                if name in _RATIO_COLUMNS:
                    cell.number_format = "0%"
        widths = [_display_width(name)] + [_display_width(r[index - 1]) for r in rows if r[index - 1] != ""]
        sheet.column_dimensions[letter].width = min(_MAX_WIDTH, max(widths) + 2)
    sheet.freeze_panes = "A2"
    # Printed as a reviewer takes it to a meeting (the materials sheet printed two columns a page,
    # 17 to 32 pages, in a trial): landscape, the header row and the file names on every page,
    # scaled to as few pages across as keep the text readable (the materials sheet's 27 columns
    # squeezed onto one page are a quarter of their size).
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    total = sum(sheet.column_dimensions[get_column_letter(i)].width for i in range(1, len(columns) + 1))
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = max(1, math.ceil(total / _PAGE_WIDTH)), 0
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:A"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    return sheet


def render_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    materials = _sheet(workbook, "材料", MATERIAL_COLUMNS, material_rows(data), first=True)
    from openpyxl.styles import Font

    red = Font(color="C62828", bold=True)
    for row in materials.iter_rows(min_row=2):
        if row[5].value == "无法检查":
            for cell in row:
                cell.font = red
    _sheet(workbook, "单位汇总", UNIT_COLUMNS, unit_rows(data))
    _sheet(workbook, "雷同与照搬", PAIR_COLUMNS, pair_rows(data))
    _sheet(workbook, "问题清单", FINDING_COLUMNS, finding_rows(data))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---- CSV --------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

def render_csv(data: dict) -> str:
    """The materials table (one row per material); a leading ' keeps Excel from reading a cell
    that starts with = + - @ (or a tab or carriage return before one, OWASP's list) as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(MATERIAL_COLUMNS)
    for row in material_rows(data):
        writer.writerow(["'" + v if isinstance(v, str) and v[:1] in _FORMULA_STARTS else v for v in row])
    return out.getvalue()


# ---- HTML -------------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0;white-space:nowrap}td.num{text-align:right}
.yes{color:#1a7f37}.no{color:#c62828;font-weight:bold}.todo{color:#8a6100;font-weight:bold}.err{background:#fff4f4}
.bad{color:#c62828}.muted{color:#777}.passage{background:#fff8e1;padding:.2em .4em;margin:.2em 0;display:block;white-space:pre-wrap}
.summary span{margin-right:1.5em}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:9pt}table{font-size:8pt}th{position:static;white-space:normal}.yes,.no{white-space:nowrap}}
"""


def _codes_cell(codes: dict) -> str:
    parts = []
    for code, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])):
        label = CODES.get(code, ("", code))[1]
        parts.append(f'<span title="{escape(code)}">{escape(label)}×{n}</span>')
    return "<br>".join(parts)


def _passage_pairs(items, left: str, right: str) -> str:
    return "".join(
        f'<tr><td><span class="passage">{escape(x.get("a_text") or x["text"])}</span></td>'
        f'<td><span class="passage">{escape(x.get("b_text") or x["text"])}</span></td>'
        f'<td class="num">{x["length"]}</td></tr>' for x in items)


def dimension_count(d: dict) -> str:
    """A present dimension's written items; one with only placeholders is 待填写, not a count."""
    if not d["items"] and d.get("unfilled"):
        return f"待填写{d['unfilled']}条"
    return str(d["items"])


def _dimension_cell(d: dict) -> str:
    """✓ only for a dimension with written items: an unfilled scaffold is not a green tick."""
    title = escape(short_title(d["title"]))
    if not d["present"]:
        return f'<span class="no">✗ {title}</span><br>'
    if not d["items"] and d.get("unfilled"):
        return f'<span class="todo">… {title} 待填写{d["unfilled"]}条</span><br>'
    return f'<span class="yes">✓ {title} {d["items"]}</span><br>'


def _share_cell(shares: list[tuple[float, str]], cluster: int | None) -> str:
    """The largest share and with what (and the 雷同组), for the HTML table; empty for none."""
    if not shares:
        return ""
    share, other = max(shares)
    more = f" 等 {len(shares)} 份" if len(shares) > 1 else ""
    group = f"<br>第 {cluster} 组" if cluster else ""
    return f'<span class="{"bad" if share >= COPIED_ERROR_SHARE else ""}">{share:.0%}</span>（{escape(other)}{more}）{group}'


def render_html(data: dict) -> str:
    s = data.get("summary", {})
    head = ("<tr><th>文件</th><th>标题</th><th>署名（推测）</th><th>框架</th><th>字数</th><th>结论</th>"
            "<th>各部分、各方面问题条数</th>" + "".join(f"<th>{label}</th>" for label in SEVERITY_LABELS.values())
            + "".join(f'<th title="{escape(SHARE_NOTES[c])}">{c}</th>' for c in (SIMILAR_SHARE, CARRIED_SHARE))
            + "<th>发现的问题</th></tr>")
    rows = []
    # Why a material is where it is (ranks): its largest share copied, its 雷同组, last year's share.
    similar, carried = _pairs_by_file(data), _carried_by_file(data)
    cluster_of = {name: n for n, names in enumerate(data.get("clusters", []), start=1) for name in names}
    for f in ranked(data):
        if not f.get("ok"):
            rows.append(f'<tr class="err"><td>{escape(f["name"])}</td>'
                        f'<td colspan="12" class="bad">无法检查：{escape(f.get("error") or "")}'
                        f' <span class="muted">({escape(f.get("error_code") or "")})</span></td></tr>')
            continue
        dims = "".join(f'<span class="no">✗ {escape(title)}部分</span><br>' for title in f.get("missing_sections") or [])
        dims += "".join(_dimension_cell(d) for d in f.get("dimensions") or [])
        counts = f.get("counts") or {}
        cells = [escape(f["name"]), escape(f.get("title") or "—"), escape(f.get("author") or "—"),
                 escape(framework_cell(f, data.get("main_framework"))), f'<span class="num">{f.get("char_count", 0)}</span>',
                 f'<span class="{"no" if verdict_is_bad(f) else "yes"}">{verdict(f)}</span>', dims,
                 str(counts.get("error", 0)), str(counts.get("warning", 0)), str(counts.get("info", 0)),
                 _share_cell(similar.get(f["name"], []), cluster_of.get(f["name"])),
                 _share_cell(carried.get(f["name"], []), None), _codes_cell(f.get("codes") or {})]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    pairs = []
    for p in data.get("similar", []):
        pairs.append(
            f'<h3>{escape(p["a"])}（{p.get("ratio_a", p["ratio"]):.0%}）与 {escape(p["b"])}（{p.get("ratio_b", p["ratio"]):.0%}）'
            f'：相同 {p["shared_chars"]} 字</h3><table><tr><th>{escape(p["a"])}</th><th>{escape(p["b"])}</th><th>字数</th></tr>'
            + _passage_pairs(p["passages"], p["a"], p["b"]) + "</table>")
    similar = "".join(pairs) or '<p class="muted">没有发现大段相同的文字。</p>'
    groups = data.get("clusters", [])
    if groups:
        similar = ("<p>雷同组（组内材料互相大段相同，可能出自同一来源）：</p><ul>"
                   + "".join(f"<li>第 {n} 组（{len(names)} 份）：{escape(LIST_SEPARATOR.join(names))}</li>"
                             for n, names in enumerate(groups, start=1)) + "</ul>" + similar)
    carried = []
    for c in data.get("carried_over", []):
        writer = "（同一署名）" if c.get("same_writer") else ""
        carried.append(
            f'<h3>{escape(c["name"])} 照搬上年度 {escape(c["previous"])}{writer}：{c["shared_chars"]} 字，'
            f'占本人所写问题的 {c["ratio"]:.0%}</h3><table><tr><th>本年度</th><th>上年度</th><th>字数</th></tr>'
            + _passage_pairs(c["passages"], c["name"], c["previous"]) + "</table>")
    carried_section = ""
    if "previous_files" in s:
        carried_section = ("<h2>照搬上年度问题</h2>"
                           + ("".join(carried) or '<p class="muted">没有发现照搬上年度的问题。</p>'))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>对照检查材料批量审阅报告</title><style>{_CSS}</style></head>
<body>
<h1>对照检查材料批量审阅报告</h1>
<p class="summary">{"".join(f"<span>{escape(line)}</span>" for line in set_header(data))}</p>
<p class="summary"><span>共 {s.get("files", 0)} 份</span><span>可读 {s.get("readable", 0)} 份</span>
<span class="{"bad" if s.get("unreadable") else ""}">无法读取 {s.get("unreadable", 0)} 份</span><span>完整 {s.get("complete", 0)} 份</span><span class="{"bad" if s.get("readable", 0) > s.get("complete", 0) else ""}">不完整 {s.get("readable", 0) - s.get("complete", 0)} 份</span>
<span>疑似雷同 {s.get("similar_pairs", 0)} 对</span><span class="{"bad" if s.get("copied_half") else ""}">大段照搬（≥50%）{s.get("copied_half", 0)} 份</span><span>雷同组 {s.get("clusters", 0)} 组</span>{f'<span>照搬上年度 {s["carried_over"]} 份</span>' if "carried_over" in s else ""}</p>
{"".join(f'<p class="summary bad">注意：{escape(note)}。</p>' for note in data.get("incomplete", []))}
<h2>逐份检查结果</h2>
<table>{head}{"".join(rows)}</table>
{"".join(f'<p class="muted">{escape(column)}：{escape(note)}</p>' for column, note in SHARE_NOTES.items() if column in (SIMILAR_SHARE, CARRIED_SHARE))}
<h2>雷同检查</h2>
<p class="muted">列出共享大段相同文字的材料（相同段落不少于 30 字，去除标点和空格后比较），各自原文并列。会议统一的标题、提法和整改措施范文不计入。</p>
{similar}
{carried_section}
</body></html>
"""


# ---- files ------------------------------------------------------------------------------------

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What a worksheet cell cannot hold (openpyxl refuses it): control characters but tab and newlines.
_NOT_IN_A_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(value, pattern):
    """`value` with every string purged of `pattern` (lone surrogates cannot be encoded at all;
    a document or a client can still carry them)."""
    if isinstance(value, str):
        return pattern.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_clean(k, pattern): _clean(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, pattern) for v in value]
    return value


def render(data: dict, fmt: str) -> bytes:
    """The export in format `fmt` (a key of FORMATS) as bytes."""
    if fmt == "json":
        return b"".join(json_chunks(data))
    data = _clean(data, _LONE_SURROGATE)
    if fmt == "xlsx":
        data = _clean(data, _NOT_IN_A_CELL)
        return render_xlsx(data)
    if fmt == "csv":
        # UTF-8 with BOM so Excel on Chinese Windows opens it without mojibake.
        return render_csv(data).encode("utf-8-sig")
    if fmt == "html":
        return render_html(data).encode("utf-8")
    raise ValueError(f"不支持的报告格式 / unsupported report format {fmt!r}")


def json_chunks(data: dict):
    """The result as compact JSON, in UTF-8 pieces: each row of a top-level list (a material, a
    pair) encoded on its own. The report of 10,000 materials is some 240 MB of JSON; one string
    of it (and the copy cleaning made first) was the review's peak of memory. Compact, because
    json's C encoder serves only that (indent made it a third of a 1,000-file review's time after
    the checks). A lone surrogate (a document or a client can carry one; UTF-8 cannot) becomes
    U+FFFD, as in the other formats. A top-level value may also be an iterator of rows
    (BatchResult.to_dict(rows_when_read=True)), each made only when it is written."""
    def encoded(value) -> bytes:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")

    yield b"{"
    for n, (key, value) in enumerate(data.items()):
        yield (b"," if n else b"") + encoded(key) + b":"
        if isinstance(value, (list, Iterator)):
            yield b"["
            for m, item in enumerate(value):
                yield (b"," if m else b"") + encoded(item)
            yield b"]"
        else:
            yield encoded(value)
    yield b"}"


def format_for(path) -> str:
    suffix = Path(path).suffix.lower()
    fmt = {".htm": "html"}.get(suffix) or next((k for k, v in FORMATS.items() if v == suffix), None)
    if fmt is None:
        raise ValueError(f"不支持的报告格式 / unsupported report format {suffix!r} (use .xlsx, .html, .csv or .json)")
    return fmt


def write_report(result, path) -> str:
    """Write by the file's extension (.xlsx, .html/.htm, .csv, .json); returns the format used."""
    fmt = format_for(path)
    if fmt == "json":
        data = result if isinstance(result, dict) else result.to_dict(rows_when_read=True)
        with open(path, "wb") as out:
            out.writelines(json_chunks(data))
    else:
        Path(path).write_bytes(render(result if isinstance(result, dict) else result.to_dict(), fmt))
    return fmt

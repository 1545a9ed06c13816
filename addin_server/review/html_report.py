"""Write a batch review as a self-contained HTML page, a CSV table or JSON.

The HTML page is what a reviewer opens: inline CSS, no scripts, nothing fetched from anywhere,
every piece of document text escaped (a title can contain markup like anything else a writer
types).
"""
from __future__ import annotations

import csv
import io
import json
from html import escape
from pathlib import Path

from ..checks.report import CODES
from .batch import BatchResult, summary

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0;white-space:nowrap}td.num{text-align:right}
.yes{color:#1a7f37}.no{color:#c62828;font-weight:bold}.todo{color:#8a6100;font-weight:bold}.err{background:#fff4f4}
.bad{color:#c62828}.muted{color:#777}.passage{background:#fff8e1;padding:.2em .4em;margin:.2em 0;display:block}
.summary span{margin-right:1.5em}
"""


def _short(title: str) -> str:
    for suffix in ("方面", "情况"):
        if title.endswith(suffix) and len(title) > len(suffix) + 1:
            return title[:-len(suffix)]
    return title


def _codes_cell(codes: dict) -> str:
    parts = []
    for code, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])):
        label = CODES.get(code, ("", code))[1]
        parts.append(f'<span title="{escape(code)}">{escape(label)}×{n}</span>')
    return "<br>".join(parts)


def render_html(result: BatchResult) -> str:
    s = summary(result)
    dims = next((f.dimensions for f in result.files if f.ok), [])
    head = ("<tr><th>文件</th><th>标题</th><th>署名（推测）</th><th>字数</th><th>结论</th>"
            + "".join(f'<th title="{escape(d["title"])}">{escape(_short(d["title"]))}</th>' for d in dims)
            + "<th>错误</th><th>警告</th><th>提示</th><th>发现的问题</th></tr>")
    rows = []
    for f in result.files:
        if not f.ok:
            rows.append(f'<tr class="err"><td>{escape(f.name)}</td>'
                        f'<td colspan="{len(dims) + 8}" class="bad">无法检查：{escape(f.error or "")}'
                        f' <span class="muted">({escape(f.error_code or "")})</span></td></tr>')
            continue
        cells = [escape(f.name), escape(f.title or "—"), escape(f.author or "—"),
                 f'<span class="num">{f.char_count}</span>',
                 '<span class="yes">完整</span>' if f.complete else '<span class="no">不完整</span>']
        for d in f.dimensions:
            cells.append(_dimension_cell(d))
        cells += [str(f.counts.get("error", 0)), str(f.counts.get("warning", 0)), str(f.counts.get("info", 0)),
                  _codes_cell(f.codes)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    pairs = []
    for p in result.similar:
        passages = "".join(f'<span class="passage">{escape(x.text)} <span class="muted">（{x.length} 字）</span></span>'
                           for x in p.passages)
        pairs.append(f"<tr><td>{escape(p.a)}</td><td>{escape(p.b)}</td>"
                     f'<td class="num">{p.shared_chars}</td><td class="num">{p.ratio:.0%}</td><td>{passages}</td></tr>')
    similar = ("<table><tr><th>材料甲</th><th>材料乙</th><th>相同文字（字）</th><th>占较短一份</th><th>相同段落（节选）</th></tr>"
               + "".join(pairs) + "</table>") if pairs else '<p class="muted">没有发现大段相同的文字。</p>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>对照检查材料批量审阅报告</title><style>{_CSS}</style></head>
<body>
<h1>对照检查材料批量审阅报告</h1>
<p class="summary"><span>框架：{escape(result.framework_title)}</span><span>文件夹：{escape(Path(result.folder).name)}</span></p>
<p class="summary"><span>共 {s["files"]} 份</span><span>可读 {s["readable"]} 份</span>
<span class="{"bad" if s["unreadable"] else ""}">无法读取 {s["unreadable"]} 份</span><span>完整 {s["complete"]} 份</span>
<span>疑似雷同 {s["similar_pairs"]} 对</span></p>
<h2>逐份检查结果</h2>
<table>{head}{"".join(rows)}</table>
<h2>雷同检查</h2>
<p class="muted">列出共享大段相同文字的材料（相同段落不少于 30 字，去除标点和空格后比较）。会议统一的标题和提法不计入。</p>
{similar}
</body></html>
"""


def render_csv(result: BatchResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    dims = next((f.dimensions for f in result.files if f.ok), [])
    writer.writerow(["文件", "标题", "署名（推测）", "字数", "结论", *[d["title"] for d in dims],
                     "错误", "警告", "提示", "发现的问题", "无法检查的原因", "雷同材料"])
    similar_to: dict[str, list[str]] = {}
    for p in result.similar:
        similar_to.setdefault(p.a, []).append(f"{p.b}（{p.ratio:.0%}）")
        similar_to.setdefault(p.b, []).append(f"{p.a}（{p.ratio:.0%}）")
    for f in result.files:
        if not f.ok:
            writer.writerow([f.name, "", "", "", "无法检查", *[""] * len(dims), "", "", "", "",
                             f"{f.error}（{f.error_code}）", ""])
            continue
        writer.writerow([
            f.name, f.title or "", f.author or "", f.char_count, "完整" if f.complete else "不完整",
            *[dimension_mark(d) for d in f.dimensions],
            f.counts.get("error", 0), f.counts.get("warning", 0), f.counts.get("info", 0),
            "；".join(f"{c}×{n}" for c, n in sorted(f.codes.items())), "",
            "；".join(similar_to.get(f.name, [])),
        ])
    return out.getvalue()


def write_report(result: BatchResult, path) -> str:
    """Write by the file's extension (.html/.htm, .csv, .json); returns the format used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(render_html(result), encoding="utf-8")
        return "html"
    if suffix == ".csv":
        # UTF-8 with BOM so Excel on Chinese Windows opens it without mojibake.
        path.write_text(render_csv(result), encoding="utf-8-sig", newline="")
        return "csv"
    if suffix == ".json":
        path.write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        return "json"
    raise ValueError(f"不支持的报告格式 / unsupported report format {suffix!r} (use .html, .csv or .json)")


def dimension_mark(d: dict) -> str:
    """✓ and the number of written items; a dimension with only placeholders is 待填写, not ✓."""
    if not d["present"]:
        return "✗"
    if not d["items"] and d.get("unfilled"):
        return f"待填写{d['unfilled']}"
    return f"✓{d['items']}"


def _dimension_cell(d: dict) -> str:
    mark = dimension_mark(d)
    kind = "no" if mark == "✗" else "yes" if mark.startswith("✓") else "todo"
    return f'<span class="{kind}">{escape(mark)}</span>'

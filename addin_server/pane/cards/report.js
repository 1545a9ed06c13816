// The report under 检查完整性: the verdict, the findings by what to do about them (each with its
// 改正 / 在此补写 / 为此写措施), how the framework was recognised, and the aspects and sections
// found. Drawn whenever a report arrives (showReport), hidden when it no longer holds.

import {
  describeLocation,
  fixEdits,
  partForFinding,
  problemForFinding,
  recognitionText,
  safeFixFindings,
  verdictGroups,
} from "../pane_logic.js";
import { listen, state } from "../state.js";
import { $, announce, clearNotice, el, explain, showNotice } from "../ui.js";
import { onFix, onNextPlaceholder } from "./check.js";
import { onWriteMeasure } from "./remedies.js";
import { onFillPart } from "./scaffold.js";

/** Told by weaker evidence than a name (同义表述, 相近标题, 顺序): the writer sees how. */
const WEAK_EVIDENCE = new Set(["thesaurus", "close", "order"]);

function countText(dimension) {
  if (!dimension.present) return "缺少";
  const unfilled = dimension.unfilled_count ?? 0;
  const how = WEAK_EVIDENCE.has(dimension.evidence) && dimension.evidence_note ? `（${dimension.evidence_note}）` : "";
  if (unfilled && !dimension.item_count) return `${unfilled} 条待填写${how}`;
  if (unfilled) return `${dimension.item_count} 条问题，${unfilled} 条待填写${how}`;
  return `${dimension.item_count} 条问题${how}`;
}

function drawRecognition(report) {
  const recognition = report.recognition;
  $("recognition").hidden = !recognition;
  if (!recognition) return;
  $("recognition").className = `recognition ${recognition.fits ? (recognition.fuzzy ? "fuzzy" : "fits") : "none"}`;
  $("recognition-text").textContent = recognitionText(recognition);
  $("recognition-new").hidden = recognition.fits || !recognition.headings.length;
}

/** ✓ only for a dimension with written items; one with placeholders only is 待填写. */
function dimensionState(dimension) {
  if (!dimension.present) return { className: "absent", mark: "✗", label: "缺少" };
  if (!dimension.item_count && dimension.unfilled_count) return { className: "unfilled", mark: "…", label: "待填写" };
  return { className: "present", mark: "✓", label: "已有" };
}

/** The mark for the eye, the words for everyone (screen readers skip the mark). */
function statusMark(present, { mark = present ? "✓" : "✗", label = present ? "已有" : "缺少" } = {}) {
  return [
    el("span", { class: "mark", textContent: mark, "aria-hidden": "true" }),
    el("span", { class: "visually-hidden", textContent: `${label}：` }),
  ];
}

function drawReport(report, { announceAs = null } = {}) {
  drawRecognition(report);
  const verdict = report.verdict;
  const summary = $("report-summary");
  summary.className = `summary ${verdict.state}`;
  summary.replaceChildren(el("p", { class: "verdict-line", textContent: verdict.line }));
  $("dimension-list").replaceChildren(
    ...report.dimensions.map((d) => {
      const { className, mark, label } = dimensionState(d);
      return el(
        "li",
        { class: className, dataset: { key: d.key } },
        ...statusMark(d.present, { mark, label }),
        el("span", { class: "label", textContent: d.title }),
        el("span", { class: "count", textContent: countText(d) }),
      );
    }),
  );
  $("section-list").replaceChildren(
    ...report.sections
      .filter((s) => s.required || s.present)
      .map((s) =>
        el(
          "li",
          { class: s.present ? "present" : "absent" },
          ...statusMark(s.present),
          el("span", { class: "label", textContent: s.title }),
          el("span", { class: "count", textContent: s.present ? "" : s.required ? "缺少" : "" }),
        ),
      ),
  );

  const groups = verdictGroups(report);
  $("finding-groups").replaceChildren(...groups.map((group) => drawGroup(group)));
  const safeFixes = fixEdits(safeFixFindings(report), { safeOnly: true }).length; // places, as 已改正 counts them
  $("fixed-button").hidden = !safeFixes;
  $("fixed-button").textContent = `全部改正（${safeFixes} 处）`;
  $("report").hidden = false;
  announce(announceAs ?? `检查完成：${verdict.line}。`);
  $("report-heading").focus();
}

/** Forget the shown result: a new file, a failed check or another framework makes it stale. */
function clearReport() {
  $("report").hidden = true;
  $("finding-groups").replaceChildren();
}

/** One group of the verdict: its heading with the count, then its findings (填写: one row). */
function drawGroup(group) {
  const heading = el(
    "h3",
    { class: "group-heading" },
    el("span", { textContent: group.title }),
    el("span", { class: "badge", textContent: `${group.count} 处` }),
  );
  const body = group.action === "填写"
    ? drawPlaceholderRow(group)
    : el("ul", { class: "finding-list" }, ...group.findings.map((f) => drawFinding(f)));
  return el("div", { class: "finding-group", dataset: { action: group.action } }, heading, body);
}

/**
 * 【请填写】 left in the text are a state, not faults: one row saying how many, with
 * 「下一处待填写」 in Word and WPS (the host selects the first one left); the places themselves
 * behind 「逐处查看」.
 */
function drawPlaceholderRow(group) {
  const text = state.mode === "word"
    ? `还有 ${group.count} 处“【请填写】”，点“下一处待填写”选中它，直接输入即可替换。`
    : `还有 ${group.count} 处“【请填写】”，用 Word 或 WPS 打开文档，按“【请填写】”提示逐处填写。`;
  const next = state.mode === "word"
    ? el("button", { type: "button", class: "primary next-placeholder", textContent: "下一处待填写" })
    : null;
  next?.addEventListener("click", () => onNextPlaceholder(next));
  const places = el(
    "details",
    { class: "placeholder-places" },
    el("summary", { textContent: "逐处查看" }),
    el("ul", { class: "finding-list" }, ...group.findings.map((f) => drawFinding(f))),
  );
  return el("div", { class: "placeholder-row" }, el("p", { textContent: text }), next, places);
}

function drawFinding(finding) {
  const where = describeLocation(finding);
  const content = [
    el("span", { class: `severity-label ${finding.severity}`, textContent: finding.severity_label }),
    el("span", { class: "finding-message", textContent: finding.message }),
    finding.details ? el("span", { class: "finding-details", textContent: finding.details }) : null,
    where ? el("span", { class: "finding-where", textContent: where }) : null,
  ];
  const clickable = state.mode === "word" && Number.isInteger(finding.paragraph);
  const body = clickable
    ? el("button", { type: "button", class: "finding-button", title: "在文档中选中该段落" }, ...content)
    : el("div", { class: "finding-text" }, ...content);
  // 改正 applies one finding's fix in the open document (on the page: in the working copy).
  const fix = finding.fix?.edits?.length
    ? el("button", {
        type: "button",
        class: "secondary fix-button",
        textContent: "改正",
        "aria-label": `改正：${finding.fix.label || finding.message}`,
      })
    : null;
  fix?.addEventListener("click", () => onFix(fix, [finding], finding.code));
  if (clickable) {
    body.addEventListener("click", async () => {
      clearNotice();
      try {
        await state.word.selectParagraph(finding.paragraph, state.paragraphs?.[finding.paragraph]?.text ?? null);
      } catch (error) {
        showNotice(explain(error));
      }
    });
  }
  const part = partForFinding(finding, state.report);
  const fillHere = part && (state.mode === "word" || state.upload)
    ? el("button", { type: "button", class: "secondary fill-here", textContent: "在此补写", dataset: { part } })
    : null;
  fillHere?.addEventListener("click", () => onFillPart(fillHere, part));
  const writeMeasure = problemForFinding(finding)
    ? el("button", { type: "button", class: "secondary write-measure", textContent: "为此写措施", "aria-label": `为此写措施：${finding.message}` })
    : null;
  writeMeasure?.addEventListener("click", () => onWriteMeasure(writeMeasure, finding));
  return el("li", { class: `${finding.severity} finding-item`, dataset: { code: finding.code } }, body, fix, fillHere, writeMeasure);
}

export function wireReport() {
  listen("framework-chosen", clearReport);
  listen("report", (report, options) => (report ? drawReport(report, options) : clearReport()));
}

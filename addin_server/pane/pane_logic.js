// The pane's actions without any DOM: what happens when a button is pressed, in terms of the Word
// adapter (word.js) and the API client (api.js). taskpane.js draws; this decides. Tested in Node
// with office-addin-mock (tests/js/pane_logic.test.mjs).

import { docxToFlatOpc, docxToHtml } from "./docx_convert.js";
import { CANNOT_CUT_MESSAGE, CannotCutParagraphError, StaleParagraphError, cutOf } from "./word.js";


/** The fallbacks insertDocx may need; computed lazily, as most hosts take the file directly. */
function lazyFallback(base64) {
  const fallback = {};
  let ooxml;
  let html;
  Object.defineProperty(fallback, "ooxml", { enumerable: true, get: () => ooxml });
  Object.defineProperty(fallback, "html", { enumerable: true, get: () => html });
  fallback.prepare = async () => {
    try {
      ooxml = await docxToFlatOpc(base64);
      html = await docxToHtml(base64);
    } catch {
      // A package we cannot unpack leaves only the file method; its own error is reported.
    }
  };
  return fallback;
}

async function withFallback(base64, insert) {
  try {
    return await insert({});
  } catch (firstError) {
    const fallback = lazyFallback(base64);
    await fallback.prepare();
    if (!fallback.ooxml && !fallback.html) throw firstError;
    // The file method failed already; retry with the converted forms only.
    return insert({ ooxml: fallback.ooxml, html: fallback.html, skipFile: true });
  }
}

/**
 * 插入框架: ask the server for the scaffold (with the 框架选项 values), show what it holds
 * (`confirm(lines)`: scaffoldLines, the preview) and insert it at the cursor once agreed.
 * Returns insertDocx's result with the filename, or {cancelled: true}.
 */
export async function insertScaffold({ api, word, framework, options = {}, confirm = null }) {
  const file = await api.scaffold(scaffoldRequest(framework, options));
  if (confirm && !(await confirm(scaffoldLines(file)))) return { cancelled: true, filename: file.filename };
  const result = await withFallback(file.base64, (fallback) =>
    word.insertDocx(fallback.skipFile ? null : file.base64, "cursor", fallback),
  );
  return { ...result, filename: file.filename };
}

/** What a scaffold from /api/scaffold holds, a line each (its outline), for the preview. */
export function scaffoldLines(file) {
  return [...(file?.outline ?? [])];
}

/** 检查完整性 in Word: one batched read, one request. Returns {report, paragraphs}. */
export async function checkDocument({ api, word, framework }) {
  const paragraphs = await word.readParagraphs();
  const report = await api.check(framework, paragraphs);
  return { report, paragraphs };
}

/**
 * The report's findings as the server's verdict groups them (report.verdict.groups: 补写, 填写,
 * 改正, 写措施, 充实, 核对 — the order the writer works through them), each with its findings.
 */
export function verdictGroups(report) {
  const findings = report?.findings ?? [];
  return (report?.verdict?.groups ?? []).map((group) => ({
    action: group.action,
    title: group.title,
    count: group.count,
    safeFixes: group.safe_fixes,
    findings: group.findings.map((i) => findings[i]).filter(Boolean),
  }));
}

/** Every finding whose fix is safe to apply unasked: what the one 全部改正 corrects. */
export function safeFixFindings(report) {
  return (report?.findings ?? []).filter((f) => f.fix?.safe && f.fix.edits?.length);
}

/**
 * How the framework was recognised, for the writer. The runner-up (「其次接近……」) is worth a
 * line only when the recognition is uncertain: nothing fits well, a heading was only close, or the
 * runner-up scored nearly as well (RUNNER_UP_CLOSE); otherwise it is noise to every writer.
 */
export const RUNNER_UP_CLOSE = 0.8;

export function recognitionText(recognition) {
  if (!recognition) return "";
  const reason = recognition.reason ?? "";
  const uncertain = !recognition.fits || recognition.fuzzy
    || (recognition.runner_up && recognition.runner_up_score >= RUNNER_UP_CLOSE * recognition.score);
  if (uncertain || !recognition.runner_up_title) return reason;
  const clause = `；其次接近${recognition.runner_up_title}`;
  const at = reason.indexOf(clause);
  if (at < 0) return reason;
  const close = reason.indexOf("）", at + clause.length); // the title may hold （…） itself
  return reason.slice(0, at) + (close < 0 ? "" : reason.slice(close + 1));
}

/**
 * 插入框架 on a written document: what the plan inserts, one entry per place ({where, parts}),
 * each part on its own line (the server joins the parts going to one place with 「；」).
 */
export function offerEntries(plan) {
  const insertions = (plan?.insertions ?? []).map((i) => ({
    where: i.where ?? "",
    parts: (i.label ?? "").split(/；(?=补写|插入)/).filter(Boolean),
  }));
  const renumbered = renumberedParagraphs(plan).map((r) => ({
    where: "",
    parts: [`“${opening(r.from)}”改为“${opening(r.to)}”（序号顺延）`],
  }));
  return [...insertions, ...renumbered];
}

/** "第 3 段" / "第 3–5 段" (1-based for people), or "" when the finding is about the whole text. */
export function describeLocation(finding) {
  if (!Number.isInteger(finding?.paragraph)) return "";
  const start = finding.paragraph + 1;
  const end = Number.isInteger(finding.end_paragraph) ? finding.end_paragraph + 1 : start;
  return end > start ? `第 ${start}–${end} 段` : `第 ${start} 段`;
}

/** Clicking a finding: select its paragraph, checking it is still the one the report saw. */
export async function revealFinding({ word, finding, paragraphs }) {
  const expected = paragraphs?.[finding.paragraph]?.text ?? null;
  return word.selectParagraph(finding.paragraph, expected);
}

/** The problem texts of one dimension: the report's item texts, else its paragraphs' texts. */
export function problemTexts(report, paragraphs, dimensionKey) {
  const dimension = report?.dimensions?.find((d) => d.key === dimensionKey);
  if (!dimension) return [];
  if (dimension.item_texts?.length) return dimension.item_texts.filter(Boolean);
  if (!paragraphs) return [];
  return dimension.items.map((index) => paragraphs[index]?.text ?? "").filter(Boolean);
}

/** Dimensions that most need remedies first: absent, then with findings, then the rest. */
export function dimensionsByNeed(framework, report) {
  const dims = framework?.dimensions ?? [];
  if (!report) return dims.map((d) => ({ ...d, need: 0 }));
  const flagged = new Set((report.findings ?? []).map((f) => f.dimension).filter(Boolean));
  const status = new Map((report.dimensions ?? []).map((d) => [d.key, d]));
  return dims
    .map((d, order) => {
      const present = status.get(d.key)?.present;
      const need = present === false ? 2 : flagged.has(d.key) ? 1 : 0;
      return { ...d, need, order };
    })
    .sort((a, b) => b.need - a.need || a.order - b.order);
}

/**
 * Check a remedy form's values against the parameters the remedy declares (the library's
 * {name, label, type: "str"|"int"|"date", default, required}). Returns {values, errors}: values
 * as the strings the API takes, errors keyed by parameter name. The form starts with the
 * defaults filled in; a field the writer empties is meant: a required one is an error here (and
 * on the server), an optional one is sent empty and stays a visible 【请填写：…】 in the text.
 * Limits the server alone knows (text length, number range) come back as field errors from
 * the server.
 */
export function validateParameters(parameters, raw) {
  const values = {};
  const errors = {};
  for (const parameter of parameters ?? []) {
    const label = parameter.label || parameter.name;
    const text = String(raw?.[parameter.name] ?? "").trim();
    if (!text) {
      if (parameter.required !== false) errors[parameter.name] = `请填写“${label}”（必填）`;
      else values[parameter.name] = "";
      continue;
    }
    if (parameter.type === "int" && !/^\d+$/.test(text)) {
      errors[parameter.name] = `“${label}”须为整数`;
      continue;
    }
    if (parameter.type === "date" && !isIsoDate(text)) {
      errors[parameter.name] = `“${label}”须为日期，格式如 2025-06-30`;
      continue;
    }
    values[parameter.name] = text;
  }
  return { values, errors };
}

function isIsoDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

/**
 * Server field errors ({path: [messages]}) as field name → one message, for the fields `nameOf`
 * recognises: it maps an error's path to a field name, or to null for errors of other fields.
 */
export function fieldErrorsFromServer(fields, nameOf) {
  const errors = {};
  for (const [path, messages] of Object.entries(fields ?? {})) {
    const name = nameOf(path);
    if (!name) continue;
    const text = [].concat(messages).join("；");
    errors[name] = errors[name] ? `${errors[name]}；${text}` : text;
  }
  return errors;
}

/** Server field errors of a remedy form ("params.<name>" → messages) as parameter name → message. */
export function parameterErrorsFromServer(fields) {
  return fieldErrorsFromServer(fields, (path) => /(?:^|\.)params\.(.+)$/.exec(path)?.[1] ?? null);
}

// ---- 框架选项 (options of the scaffold) -----------------------------------------------------------

export const SCAFFOLD_TEXT_FIELDS = ["title", "author", "position"];
export const SCAFFOLD_FIELDS = [...SCAFFOLD_TEXT_FIELDS, "items_per_dimension", "optional_sections"];
export const ITEMS_PER_DIMENSION = { min: 1, max: 10, default: 3 };

/** The framework's sections a writer may add to the scaffold (role "other"), in framework order. */
export function optionalSections(framework) {
  return (framework?.sections ?? []).filter((s) => s.role === "other");
}

/**
 * Check the 框架选项 form: raw = {title, author, position, items_per_dimension (the input's text),
 * optional_sections: [keys]}. Returns {values, errors}: values only with what was given (an empty
 * text leaves a placeholder in the document), errors in plain Chinese keyed by field. Section keys
 * the framework does not offer (remembered from another framework) are dropped, not reported.
 */
export function validateScaffoldOptions(framework, raw = {}) {
  const values = {};
  const errors = {};
  for (const name of SCAFFOLD_TEXT_FIELDS) {
    const text = String(raw[name] ?? "").trim();
    if (text) values[name] = text;
  }
  const items = String(raw.items_per_dimension ?? "").trim();
  const { min, max } = ITEMS_PER_DIMENSION;
  if (!items) {
    values.items_per_dimension = ITEMS_PER_DIMENSION.default;
  } else if (!/^\d+$/.test(items) || Number(items) < min || Number(items) > max) {
    errors.items_per_dimension = `每个方面条目数须为 ${min} 到 ${max} 之间的整数`;
  } else {
    values.items_per_dimension = Number(items);
  }
  const offered = optionalSections(framework).map((s) => s.key);
  const chosen = new Set(raw.optional_sections ?? []);
  values.optional_sections = offered.filter((key) => chosen.has(key));
  return { values, errors };
}

/** The POST /api/scaffold body for a framework and checked option values. */
export function scaffoldRequest(framework, values = {}) {
  const body = { framework };
  for (const name of SCAFFOLD_FIELDS) {
    if (values[name] !== undefined) body[name] = values[name];
  }
  return body;
}

/** Server field errors of /api/scaffold as 框架选项 field → message ("optional_sections.0" too). */
export function scaffoldErrorsFromServer(fields) {
  return fieldErrorsFromServer(fields, (path) => {
    const name = path.split(".")[0];
    return SCAFFOLD_FIELDS.includes(name) ? name : null;
  });
}

/**
 * A remedy as the upload form and the command line write it: DIMENSION=REMEDY_ID,参数=值…
 * (ASCII commas separate the pairs, so a value's own commas become Chinese ones).
 */
export function remedySpec(dimension, remedyId, values = {}, problem = null) {
  const named = problem ? { ...values, 问题: problem } : values; // 为此写措施: the problem it answers
  const pairs = Object.entries(named).map(([name, value]) => `${name}=${String(value).replace(/,/g, "，")}`);
  return [`${dimension}=${remedyId}`, ...pairs].join(",");
}

/** The remedy's text with the form's values in its {{ slots }}, as parts for the preview. */
export function previewParts(remedy, values) {
  const text = String(remedy?.text ?? "");
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/gu)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    const name = match[1];
    const parameter = (remedy.parameters ?? []).find((p) => p.name === name);
    const value = String(values?.[name] ?? "").trim();
    parts.push({ slot: name, text: value || `【请填写：${parameter?.label ?? name}】`, filled: Boolean(value) });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

// ---- filling the writer's own document (POST /api/fill/plan, then word.insertParagraphs) --------

/** Read the document and ask the server what completing it takes: {plan, paragraphs}. */
export async function planFill({ api, word, framework, addMissing = false, parts = [], selections = [] }) {
  const paragraphs = await word.readParagraphs();
  const plan = await api.fillPlan({ framework, paragraphs, add_missing: addMissing, parts, selections });
  return { plan, paragraphs };
}

/** `text` with span edits ({start, end, replacement}, in code points as the server counts) made. */
export function withEdits(text, edits) {
  const chars = Array.from(String(text ?? ""));
  for (const { start, end, replacement } of [...(edits ?? [])].sort((a, b) => b.start - a.start)) {
    chars.splice(start, end - start, ...Array.from(String(replacement ?? "")));
  }
  return chars.join("");
}

/** The typed numbers a plan changes, one entry per paragraph: [{paragraph, from, to}]. */
export function renumberedParagraphs(plan) {
  const byParagraph = new Map();
  for (const edit of plan?.renumber ?? []) {
    if (!byParagraph.has(edit.paragraph)) byParagraph.set(edit.paragraph, { expected: edit.expected, edits: [] });
    byParagraph.get(edit.paragraph).edits.push(edit);
  }
  return [...byParagraph]
    .sort(([a], [b]) => a - b)
    .map(([paragraph, { expected, edits }]) => ({ paragraph, from: expected, to: withEdits(expected, edits) }));
}

/** A paragraph's opening for a sentence about it: “（三）践行宗旨……” (ellipsis when cut). */
export function opening(text, length = 12) {
  const chars = Array.from(String(text ?? "").trim());
  return chars.length > length ? `${chars.slice(0, length).join("")}……` : chars.join("");
}

/**
 * What a plan will do, as lines for people, in document order: the server's summary (where each
 * part goes, and each typed number it changes); a server without one gives each insertion's
 * label and place, and each renumbered paragraph, from the plan itself.
 */
export function planLines(plan, { inDocument = false, addsRows = false } = {}) {
  const lines = plan?.summary?.length ? [...plan.summary] : [
    ...(plan?.insertions ?? []).map((i) => (i.where ? `${i.where}${i.label}` : i.label)),
    ...renumberedParagraphs(plan).map((r) => `“${opening(r.from)}”改为“${opening(r.to)}”`),
  ];
  const checklist = plan?.checklist;
  if (!inDocument || !checklist || addsRows) return lines;
  // A host that cannot add table rows (WPS, Word before WordApi 1.3): the attached 整改清单 is the
  // writer's to extend.
  return [...lines.filter((line) => line !== checklist.line), checklistReminder(checklist)];
}

/**
 * After an insertion in Word or WPS: the 整改清单 rows added (`added`, by the adapter), or those
 * that are the writer's to add.
 */
function checklistNotice(checklist, added = 0) {
  if (added) return `已${checklist.line.replace(/^并/u, "")}。`;
  return `${checklistReminder(checklist).replace("插入后", "")}。`;
}

/** Whether the host adapter appends a plan's 整改清单 rows itself (Word with WordApi 1.3). */
export function addsChecklistRows(word) {
  return Boolean(word?.capabilities?.()?.appendsTableRows && word.appendTableRows);
}

/** What the writer adds to the attached 整改清单 by hand after an insertion in Word or WPS. */
export function checklistReminder(checklist) {
  const rows = checklist?.rows ?? [];
  const numbers = rows.map((r) => r[0]).filter(Boolean);
  const said = numbers.length > 1 ? `（序号 ${numbers[0]} 至 ${numbers[numbers.length - 1]}）`
    : numbers.length ? `（序号 ${numbers[0]}）` : "";
  // The measures themselves a table (place "measures"): the rows are the new measures.
  const table = checklist?.place === "measures" ? "整改措施表格" : "附件整改清单表格";
  return `${table}不会自动增加行：插入后请在表格末尾手动增加 ${rows.length} 行${said}，写明新措施`;
}

/** Whether a plan writes anything at all. */
export function planChangesSomething(plan) {
  return Boolean(plan?.insertions?.length || plan?.renumber?.length || plan?.checklist?.rows?.length);
}

/**
 * The document still holds what the plan was made of: each paragraph to renumber reads as
 * planned, and each anchor reads, once renumbered, as its anchorText. Checked before anything is
 * written, so a document edited while the writer looked at the preview is not half changed.
 */
async function checkPlanStillFits(word, plan) {
  const paragraphs = await word.readParagraphs();
  const text = (i) => paragraphs[i]?.text;
  const renumbered = new Map(renumberedParagraphs(plan).map((r) => [r.paragraph, r]));
  const changed = [...renumbered.values()].some((r) => text(r.paragraph) !== r.from)
    || (plan.insertions ?? []).some((i) => i.after >= 0 && i.anchorText != null
      && (renumbered.has(i.after) ? renumbered.get(i.after).to : text(i.after)) !== i.anchorText)
    || (addsChecklistRows(word) && plan.checklist?.rows?.length && text(plan.checklist.lastRow) !== plan.checklist.anchorText);
  if (changed) throw new StaleParagraphError("文档已修改，插入位置已变化，没有插入任何内容。请重新检查后再插入。");
}

/**
 * Carry out a plan in the document: first the typed numbers after an inserted heading or item
 * (plan.renumber, through adapter.applyEdits; Word and WPS lists number themselves), then the
 * insertions (adapter.insertParagraphs), whose anchorText is the anchor's text once renumbered.
 * Then, in a host that can, the rows for the attached 整改清单 (adapter.appendTableRows).
 * Returns {inserted, renumbered (paragraphs), placeholderSelected, labels, checklistRows}.
 */
export async function applyPlan({ word, plan }) {
  const insertions = plan?.insertions ?? [];
  const labels = insertions.map((i) => i.label);
  if (!planChangesSomething(plan)) return { inserted: 0, renumbered: 0, placeholderSelected: false, labels };
  await checkPlanStillFits(word, plan);
  if (insertions.some((i) => Number.isInteger(i.split) || /\n/u.test(i.closingCut?.tail ?? ""))
      && !word.capabilities?.()?.cutsParagraphs) {
    // Before anything changes: a part whose place is between two soft-broken lines of a paragraph
    // (or before a closing followed by lines of its own in it), which only a cut can reach.
    throw new CannotCutParagraphError(CANNOT_CUT_MESSAGE);
  }
  const renumber = plan.renumber ?? [];
  let renumbered = 0;
  if (renumber.length) {
    const expected = Object.fromEntries(renumber.map((e) => [e.paragraph, e.expected]));
    const edits = renumber.map(({ paragraph, start, end, replacement }) => ({ paragraph, start, end, replacement }));
    const { skipped } = await word.applyEdits(edits, { expected, undoName: "顺延序号" });
    if (skipped) {
      throw new StaleParagraphError("文档刚被修改，有的序号没能顺延，新内容没有插入。请撤销（Ctrl+Z）后重新检查，再补写。");
    }
    renumbered = new Set(renumber.map((e) => e.paragraph)).size;
  }
  // A host that cuts paragraphs itself (capabilities().cutsParagraphs) also splits off a glued
  // closing sentence, its runs kept; otherwise its words are moved as text (splitClosings).
  const placed = word.capabilities?.()?.cutsParagraphs ? insertions : await splitClosings(word, insertions);
  const result = placed.length ? await word.insertParagraphs(placed) : { inserted: 0, placeholderSelected: false };
  const checklistRows = await appendChecklistRows(word, plan.checklist, placed);
  return { ...result, renumbered, labels, checklistRows };
}

/**
 * The plan's rows for the attached 整改清单, appended by a host that can (addsChecklistRows),
 * after the insertions: its last row's paragraph has moved down by the paragraphs inserted
 * before it. Returns how many rows were added (0: none, or the host leaves them to the writer, also
 * when adding them failed).
 */
async function appendChecklistRows(word, checklist, placed) {
  if (!checklist?.rows?.length || !addsChecklistRows(word)) return 0;
  // Each cut a host made (cutOf: at a soft break, before a glued closing) added a paragraph too.
  const before = placed.filter((i) => i.after < checklist.lastRow);
  const cuts = new Set(before.map((i) => (cutOf(i) ? `${i.after}:${cutOf(i).key}` : null)).filter(Boolean));
  const moved = before.reduce((n, i) => n + i.paragraphs.length, 0) + cuts.size;
  try {
    const { rows } = await word.appendTableRows({ lastRow: checklist.lastRow + moved, anchorText: checklist.anchorText, rows: checklist.rows });
    return rows;
  } catch {
    // The measures are in by now: a table the host would not extend (changed since the check, or
    // a host refusing the call) leaves the rows to the writer, and the notice says how many.
    return 0;
  }
}

/**
 * An insertion with `closingCut` goes inside its anchor: a closing sentence the writer typed at the end
 * of the last paragraph (「……三是……。以上对照检查，请同志们批评指正。」) is taken off it
 * (adapter.applyEdits, after the renumbering) and comes back, word for word, as a paragraph of its
 * own after the inserted ones, formatted like the anchor. Returns the insertions to make, each
 * anchored on its anchor's text as it now reads.
 */
async function splitClosings(word, insertions) {
  const splits = insertions.filter((i) => i.closingCut && i.after >= 0);
  if (!splits.length) return insertions;
  const edits = splits.map((i) => ({
    paragraph: i.after, start: i.closingCut.headEnd, end: Array.from(i.anchorText).length, replacement: "",
  }));
  const expected = Object.fromEntries(splits.map((i) => [i.after, i.anchorText]));
  const { skipped } = await word.applyEdits(edits, { expected, undoName: "结束语另起一段" });
  if (skipped) {
    throw new StaleParagraphError("文档刚被修改，结束语没能另起一段，新内容没有插入。请撤销（Ctrl+Z）后重新检查，再插入。");
  }
  return insertions.map((i) => (i.closingCut && i.after >= 0
    ? {
      ...i,
      closingCut: null, // done: the closing is among the paragraphs now
      anchorText: Array.from(i.anchorText).slice(0, i.closingCut.headEnd).join(""),
      paragraphs: [...i.paragraphs, { text: i.closingCut.tail, like: i.after, role: "closing", level: 0 }],
    }
    : i));
}

/**
 * The notice after a plan was carried out, from what it did: each part and where it went (已在
 * “（二）……”之后补写“（三）……”), the typed numbers moved on, and where the cursor waits.
 */
/**
 * Said when 补齐 finds nothing to insert. The report may still list findings under 补写缺少的部分
 * that no heading or 【请填写】 can answer (「只列了 1 条问题，至少应有 2 条」): the writer is told
 * those are theirs to write, not left wondering why 补齐 did nothing.
 */
export const NOTHING_TO_INSERT = "文档已包含所有部分和对照方面，没有需要插入的内容；条数不足等提示，请直接在文中补写。";

export function planAppliedNotice(plan, result, { inDocument = true } = {}) {
  if (!result?.inserted && !result?.renumbered && !result?.checklistRows && !plan?.checklist?.rows?.length) {
    // Missing aspects held back (the writer's own headings may hold them): why, not 「已包含」.
    return plan?.held?.length ? plan.held.join("") : NOTHING_TO_INSERT;
  }
  const parts = (plan?.insertions ?? []).map((i) => (i.where ? `${i.where}${i.label}` : i.label));
  let text = parts.length ? `已${parts.join("；")}。` : "";
  text += renumberedNotice(plan);
  if (plan?.checklist) text += inDocument ? checklistNotice(plan.checklist, result.checklistRows) : `${plan.checklist.line}。`;
  text += defaultsNotice(plan);
  return result.placeholderSelected ? `${text}光标停在第一处“【请填写】”，请填写。` : text;
}

/**
 * The remedies' values the writer never chose (the form's pre-filled 分管领域, 9月底), named after an
 * insertion so they are edited where they now stand: the plan's own lines (plan.defaults).
 */
export function defaultsNotice(plan) {
  const lines = (plan?.defaults ?? []).map((d) => d.line.replace(/，请核对，需要时插入后在文中修改$/u, ""));
  return lines.length ? `${lines.join("；")}，请在文中核对修改。` : "";
}

function renumberedNotice(plan) {
  const moved = renumberedParagraphs(plan);
  if (!moved.length) return "";
  const shown = moved.slice(0, 3).map((r) => `“${opening(r.from)}”改为“${opening(r.to)}”`).join("、");
  return `后面的 ${moved.length} 处序号已顺延（${shown}${moved.length > 3 ? "等" : ""}）。`;
}

/**
 * Ask `confirm(lines, plan)` (the preview: planLines) before a plan that changes something; a plan
 * that changes nothing is not shown.
 */
async function confirmed(plan, confirm, word) {
  return !planChangesSomething(plan) || !confirm
    || (await confirm(planLines(plan, { inDocument: true, addsRows: addsChecklistRows(word) }), plan));
}

/**
 * 插入框架 pressed: an empty document gets the whole scaffold ({kind: "empty"}: insertScaffold);
 * one with content gets an offer ({kind: "offer", plan, cursorInText}): the parts it lacks, to be
 * inserted at their places, and whether a whole scaffold at the cursor would land inside text.
 */
export async function prepareScaffold({ api, word, framework }) {
  const { plan } = await planFill({ api, word, framework, addMissing: true });
  if (plan.empty_document) return { kind: "empty", plan };
  return { kind: "offer", plan, cursorInText: await word.cursorInText() };
}

/**
 * 补写缺少的部分 (all of them, or `parts` only: a finding's 「在此补写」), planned afresh and
 * carried out once `confirm(lines, plan)` agrees (the preview). Returns applyPlan's result with the plan
 * and the notice to show, or {cancelled: true, plan}.
 */
export async function insertMissingParts({ api, word, framework, parts = [], confirm = null }) {
  const { plan } = await planFill({ api, word, framework, addMissing: parts.length === 0, parts });
  if (!(await confirmed(plan, confirm, word))) return { cancelled: true, plan };
  const result = await applyPlan({ word, plan });
  return { ...result, plan, notice: planAppliedNotice(plan, result) };
}

/**
 * The part a finding's 「在此补写」 inserts ("dimension:<key>", "section:<key>"), or null. A
 * section.missing finding names its section by title; the report's sections give the key.
 */
export function partForFinding(finding, report) {
  if (finding?.code === "dimension.missing" && finding.dimension) return `dimension:${finding.dimension}`;
  if (finding?.code !== "section.missing") return null;
  const section = (report?.sections ?? []).find(
    (s) => !s.present && s.required && String(finding.message ?? "").includes(`“${s.title}”`),
  );
  return section ? `section:${section.key}` : null;
}

// ---- 已选 (the remedies a writer chose, inserted or downloaded together) -------------------------

/**
 * The basket with `entry` ({framework, dimension, dimensionTitle, remedy, values}) added: the same
 * remedy chosen again for the same dimension replaces the earlier choice (its new values count),
 * and entries chosen under another framework are dropped, as their aspects do not apply. The
 * basket is kept in the order of `dimensionKeys` (the framework's), the order the server inserts
 * them in, each dimension's remedies in the order chosen. Returns {basket, replaced, dropped};
 * the basket given is not changed.
 */
export function addToBasket(basket, entry, dimensionKeys = []) {
  const kept = (basket ?? []).filter((e) => e.framework === entry.framework);
  const dropped = (basket ?? []).length - kept.length;
  const at = kept.findIndex((e) => e.dimension === entry.dimension && e.remedy.id === entry.remedy.id);
  const replaced = at >= 0;
  const next = replaced ? kept.map((e, i) => (i === at ? entry : e)) : [...kept, entry];
  const rank = (e) => {
    const i = dimensionKeys.indexOf(e.dimension);
    return i < 0 ? dimensionKeys.length : i;
  };
  return { basket: next.sort((a, b) => rank(a) - rank(b)), replaced, dropped };
}

/**
 * The basket's entries as the API's selections ({dimension, remedy_id, params}, and `problem` for
 * a remedy chosen by 为此写措施: the measure then opens with that problem's words).
 */
export function basketSelections(basket) {
  return (basket ?? []).map((e) => ({
    dimension: e.dimension,
    remedy_id: e.remedy.id,
    params: e.values ?? {},
    ...(e.problem ? { problem: e.problem } : {}),
  }));
}

/**
 * The problem a 「还没有对应的措施」 finding (remedy.unmatched) is about, for 为此写措施:
 * {text (as written), dimension, paragraph, quoted (as the message quotes it)}, or null.
 */
export function problemForFinding(finding) {
  if (finding?.code !== "remedy.unmatched" || !finding.subject || !finding.dimension) return null;
  const quoted = /「[^」]+」/u.exec(String(finding.message ?? ""))?.[0] ?? `「${finding.subject}」`;
  return { text: finding.subject, dimension: finding.dimension, paragraph: finding.paragraph, quoted };
}

// How items are numbered in 整改措施: 一是, （一）, 1. / 1、 / 1．, 一、 (what render/plan.py continues).
const ITEM_NUMBER = /^\s*(（[一二三四五六七八九十百零〇两]+）|[一二三四五六七八九十百零〇两]+是|\d+[.．、]|[一二三四五六七八九十百]+、)/u;

/** The number a measure paragraph starts with (“五是”, “（五）”, “5.”), or "". */
export function itemNumber(text) {
  return ITEM_NUMBER.exec(String(text ?? ""))?.[1] ?? "";
}

/**
 * 填写整改措施 in Word or WPS: every chosen remedy (`renderPayload.selections`) in one plan and one
 * insertParagraphs batch, carried out once `confirm(lines, plan)` agrees (the preview). Under
 * 整改措施 (the default) they go after its last measure and before the back matter, numbered on
 * from it in the document's own style (五是, 六是… after 四是), no second heading; without a
 * 整改措施 section it is created at its place with all of them. At the cursor: the rendered
 * .docx, with its own heading. Returns {inserted, renumbered, placeholderSelected, labels,
 * createdSection, remedies (how many measures), firstNumber (the first one's number, "" when
 * unknown), place (where they went, in words, "" when the server does not say), where}, or
 * {cancelled: true}.
 */
export async function insertRemedies({ api, word, framework, renderPayload, where, confirm = null }) {
  const count = renderPayload?.selections?.length ?? 0;
  if (where === "cursor") {
    // Rendered first (it writes nothing), so the preview can name the values taken from defaults.
    const file = await api.renderRemedies(renderPayload);
    const defaults = { defaults: file.defaults ?? [] };
    const lines = [`将在光标处插入“整改措施”标题和 ${count} 条整改措施，从“一是”编号`, ...defaults.defaults.map((d) => d.line)];
    if (confirm && !(await confirm(lines, null))) return { cancelled: true };
    const result = await withFallback(file.base64, (fallback) =>
      word.insertDocx(fallback.skipFile ? null : file.base64, "cursor", { ...fallback, undoName: "填写整改措施" }),
    );
    return { ...result, remedies: count, firstNumber: "", createdSection: false, place: "", where, plan: defaults };
  }
  const { plan } = await planFill({ api, word, framework, selections: renderPayload.selections });
  if (!(await confirmed(plan, confirm, word))) return { cancelled: true, plan };
  const result = await applyPlan({ word, plan });
  return { ...result, ...remediesPlanned(plan), plan, where: "section" };
}

/** What a plan does with remedies: {remedies, firstNumber, createdSection, place}. */
export function remediesPlanned(plan) {
  // The measures: items added under 整改措施, or in the 整改措施 section made for them.
  const carrying = (plan?.insertions ?? []).filter((i) => i.parts.some((part) => part === "remedies" || part === "section:measures"));
  const measures = carrying.flatMap((i) => i.paragraphs.filter((p) => (p.role ?? "item") === "item"));
  const createdSection = carrying.some((i) => i.parts.some((part) => part.startsWith("section:")));
  const rows = plan?.checklist?.place === "measures" ? plan.checklist.rows : [];
  if (!carrying.length && rows.length) {
    // The writer's measures are a table: the new ones are its rows.
    return { remedies: rows.length, firstNumber: "", createdSection: false, place: "" };
  }
  return { remedies: measures.length, firstNumber: itemNumber(measures[0]?.text), createdSection, place: carrying[0]?.where ?? "" };
}

/**
 * The notice after insertRemedies, in Chinese, from what the plan did: how many went in, where
 * (between which paragraphs), from which number, and the typed numbers moved on.
 */
export function remediesInsertedNotice({ remedies, firstNumber, createdSection, place = "", where, placeholderSelected, plan = null, checklistRows = 0 }) {
  let text;
  if (where !== "cursor" && plan?.checklist?.place === "measures") {
    // The measures are a table: the rows are what went in (or are the writer's to add).
    return checklistNotice(plan.checklist, checklistRows);
  }
  if (where === "cursor") {
    text = `已在光标处插入 ${remedies} 条整改措施。`;
  } else if (createdSection) {
    const from = firstNumber ? `，从“${firstNumber}”起编号` : "";
    text = `文档中没有“整改措施”部分，已${place || "在应有的位置"}新建该部分，并插入 ${remedies} 条整改措施${from}。`;
  } else {
    const at = place ? `（${place}）` : "";
    const from = firstNumber ? `，从“${firstNumber}”起接着编号` : "";
    text = `已插入 ${remedies} 条整改措施${at}${from}。`;
  }
  text += renumberedNotice(plan);
  if (plan?.checklist && where !== "cursor") text += checklistNotice(plan.checklist, checklistRows);
  text += defaultsNotice(plan);
  return placeholderSelected ? `${text}光标停在第一处“【请填写】”，请填写。` : text;
}

// ---- fixes (改正 / 全部改正) -----------------------------------------------------------------------

/** The edits of findings that can fix themselves; `safeOnly` leaves out those to confirm first. */
export function fixEdits(findings, { safeOnly = false } = {}) {
  return (findings ?? [])
    .filter((f) => f?.fix?.edits?.length && (!safeOnly || f.fix.safe))
    .flatMap((f) => f.fix.edits);
}

/** Findings of one code that carry a fix: what 全部改正 of a kind applies. */
export function fixableOfCode(findings, code) {
  return (findings ?? []).filter((f) => f.code === code && f?.fix?.edits?.length);
}

/**
 * 改正 in Word: apply the findings' edits in the open document (checked against the paragraphs
 * the check read), then check again, so the fixed findings leave the list. Returns
 * {applied, skipped, report, paragraphs}.
 */
export async function applyFixes({ api, word, framework, findings, paragraphs }) {
  const edits = fixEdits(findings);
  const expected = {};
  for (const edit of edits) {
    if (paragraphs?.[edit.paragraph]) expected[edit.paragraph] = paragraphs[edit.paragraph].text;
  }
  const { applied, skipped } = await word.applyEdits(edits, { expected });
  const checked = await checkDocument({ api, word, framework });
  return { applied, skipped, ...checked };
}

// ---- framework choice -------------------------------------------------------------------------

/** The framework choice meaning "recognise it from the document's headings". */
export const AUTO_FRAMEWORK = "auto";
const ORIGIN_LABELS = { organisation: "单位", user: "个人" };

/** What the framework list shows: the title, and where a framework not shipped comes from. */
export function frameworkLabel(framework) {
  const origin = ORIGIN_LABELS[framework?.origin];
  return origin ? `${framework.title}（${origin}）` : framework?.title ?? "";
}

/**
 * The choice to show when the pane opens: the remembered one if it still exists ("auto" always
 * does), else what the server checks with by default ("auto" unless an organisation pins one).
 */
export function initialFrameworkChoice(remembered, list) {
  const known = (id) => id === AUTO_FRAMEWORK || (list?.frameworks ?? []).some((f) => f.id === id);
  if (remembered && known(remembered)) return remembered;
  return known(list?.check_default) ? list.check_default : AUTO_FRAMEWORK;
}

/**
 * The framework whose data the pane draws with (scaffold, remedy aspects): the chosen one, or
 * with "auto" the one the last check recognised, else the default framework.
 */
export function effectiveFramework(choice, frameworks, defaultId, report = null) {
  const byId = (id) => (frameworks ?? []).find((f) => f.id === id) ?? null;
  if (choice !== AUTO_FRAMEWORK) return byId(choice);
  return byId(report?.recognition ? report.framework : null) ?? byId(defaultId) ?? (frameworks ?? [])[0] ?? null;
}

/** Aspect lines as the 新建框架 box holds them: one a line, blank lines dropped. */
export function aspectLinesFromBox(text) {
  return String(text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

// The pane's actions without any DOM: what happens when a button is pressed, in terms of the Word
// adapter (word.js) and the API client (api.js). taskpane.js draws; this decides. Tested in Node
// with office-addin-mock (tests/js/pane_logic.test.mjs).

import { docxToFlatOpc, docxToHtml } from "./docx_convert.js";

export const SEVERITY_ORDER = ["error", "warning", "info"];
export const SEVERITY_LABELS = { error: "需要修改", warning: "建议修改", info: "提示" };

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

/** 插入框架: ask the server for the scaffold and insert it at the cursor. */
export async function insertScaffold({ api, word, framework }) {
  const file = await api.scaffold({ framework });
  const result = await withFallback(file.base64, (fallback) =>
    word.insertDocx(fallback.skipFile ? null : file.base64, "cursor", fallback),
  );
  return { ...result, filename: file.filename };
}

/** 检查完整性 in Word: one batched read, one request. Returns {report, paragraphs}. */
export async function checkDocument({ api, word, framework }) {
  const paragraphs = await word.readParagraphs();
  const report = await api.check(framework, paragraphs);
  return { report, paragraphs };
}

/** Findings grouped by severity, most severe first; empty groups left out. */
export function groupFindings(findings) {
  const groups = new Map(SEVERITY_ORDER.map((severity) => [severity, []]));
  for (const finding of findings ?? []) {
    const severity = groups.has(finding.severity) ? finding.severity : "info";
    groups.get(severity).push(finding);
  }
  return SEVERITY_ORDER.filter((s) => groups.get(s).length).map((s) => ({
    severity: s,
    label: SEVERITY_LABELS[s],
    findings: groups.get(s),
  }));
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

/** The problem texts of one dimension, from a report and the paragraphs it was made from. */
export function problemTexts(report, paragraphs, dimensionKey) {
  const dimension = report?.dimensions?.find((d) => d.key === dimensionKey);
  if (!dimension || !paragraphs) return [];
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
 * Check a remedy form's values against the parameters the remedy declares.
 * A parameter: {name, label, required, type: "text"|"integer"|"choice"|..., choices, min, max,
 * max_length}. Returns {values, errors}: values converted, errors keyed by parameter name.
 */
export function validateParameters(parameters, raw) {
  const values = {};
  const errors = {};
  for (const parameter of parameters ?? []) {
    const label = parameter.label || parameter.name;
    const text = String(raw?.[parameter.name] ?? "").trim();
    if (!text) {
      if (parameter.required) errors[parameter.name] = `请填写“${label}”`;
      else if (parameter.default !== undefined && parameter.default !== null) values[parameter.name] = parameter.default;
      continue;
    }
    if (parameter.type === "integer" || parameter.type === "number") {
      const number = Number(text);
      if (!Number.isFinite(number) || (parameter.type === "integer" && !Number.isInteger(number))) {
        errors[parameter.name] = `“${label}”须为${parameter.type === "integer" ? "整数" : "数字"}`;
        continue;
      }
      if (parameter.min != null && number < parameter.min) {
        errors[parameter.name] = `“${label}”不能小于 ${parameter.min}`;
        continue;
      }
      if (parameter.max != null && number > parameter.max) {
        errors[parameter.name] = `“${label}”不能大于 ${parameter.max}`;
        continue;
      }
      values[parameter.name] = number;
      continue;
    }
    if (parameter.choices?.length && !parameter.choices.includes(text)) {
      errors[parameter.name] = `请从列表中选择“${label}”`;
      continue;
    }
    if (parameter.max_length != null && [...text].length > parameter.max_length) {
      errors[parameter.name] = `“${label}”不能超过 ${parameter.max_length} 字`;
      continue;
    }
    if (parameter.min_length != null && [...text].length < parameter.min_length) {
      errors[parameter.name] = `“${label}”至少 ${parameter.min_length} 字`;
      continue;
    }
    values[parameter.name] = text;
  }
  return { values, errors };
}

/**
 * 填写整改措施 in Word: render the chosen remedy with its values, then insert it at the end of the
 * measures section (re-checking first, so paragraph numbers are current) or at the cursor.
 */
export async function insertRemedy({ api, word, framework, frameworkData, renderPayload, where }) {
  const file = await api.renderRemedies(renderPayload);
  if (where === "cursor") {
    return withFallback(file.base64, (fallback) =>
      word.insertDocx(fallback.skipFile ? null : file.base64, "cursor", fallback),
    );
  }
  const { report } = await checkDocument({ api, word, framework });
  const measures = report.sections?.find((s) => s.role === "measures");
  const heading = frameworkData?.sections?.find((s) => s.role === "measures")?.title ?? "整改措施";
  const lastIndex = measures?.present ? measures.end_paragraph ?? measures.paragraph : null;
  return withFallback(file.base64, (fallback) =>
    word.insertAtEndOfSection({
      base64: fallback.skipFile ? null : file.base64,
      lastIndex,
      heading,
      fallback,
    }),
  );
}

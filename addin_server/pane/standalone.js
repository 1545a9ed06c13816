// Standalone mode: the same page opened in an ordinary browser (no Office host). For WPS users and
// anyone who cannot sideload: upload a .docx to check it, change one working copy of it (fixes,
// missing parts, remedies), download that copy once; download the scaffold and rendered remedies.

import { base64ToBytes } from "./docx_convert.js";
import { planChangesSomething, planLines, scaffoldLines, scaffoldRequest } from "./pane_logic.js";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Offer a {filename, base64} from the API as a file download. */
export function saveRenderedFile(file, doc = document) {
  saveBlob(new Blob([base64ToBytes(file.base64)], { type: DOCX_TYPE }), file.filename || "对照检查材料.docx", doc);
}

/** Offer a Blob as a file download named `filename`. */
export function saveBlob(blob, filename, doc = document) {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; give it a moment.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Why a picked file cannot be checked, in words for people; "" when it is fine to send. */
export function uploadProblem(file) {
  if (!file) return "请先选择一份 .docx 文件。";
  const name = file.name || "";
  if (/\.doc$/i.test(name)) return "这是旧版 .doc 文件。请在 Word 或 WPS 中“另存为” .docx 后再检查。";
  if (/\.wps$/i.test(name)) return "这是 WPS 格式文件。请在 WPS 中“另存为” Word 文档（.docx）后再检查。";
  if (!/\.docx$/i.test(name)) return "只能检查 .docx 文件。";
  if (file.size > MAX_UPLOAD_BYTES) return "文件超过 10 MB，请删除其中的大图片后再试。";
  if (file.size === 0) return "文件是空的。";
  return "";
}

/**
 * 下载框架: the scaffold asked for, shown (`confirm(lines)`: its outline) and downloaded once
 * agreed. Returns the file, or {cancelled: true}.
 */
export async function downloadScaffold({ api, framework, options = {}, doc, confirm = null }) {
  const file = await api.scaffold(scaffoldRequest(framework, options));
  if (confirm && !(await confirm(scaffoldLines(file)))) return { cancelled: true, filename: file.filename };
  saveRenderedFile(file, doc);
  return file;
}

/**
 * Check the upload; with `format`, the GB/T 9704 findings join the report's (counted in it), and
 * its verdict: a group of their own, last (they are 核对 — worth a look), said in the line.
 */
export async function checkUploadedDocx({ api, file, framework, format = false }) {
  const report = await api.checkDocx(file, framework);
  if (!format) return report;
  const { findings } = await api.lintFormat(file, framework);
  const counts = { ...report.counts };
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  const verdict = withFormatFindings(report.verdict, report.findings.length, findings.length);
  return { ...report, findings: [...report.findings, ...findings], counts, verdict, format_checked: true };
}

export const FORMAT_GROUP_TITLE = "核对版式（GB/T 9704）";

/** The verdict with `count` format findings, at indexes from `first`, as a last 核对 group. */
export function withFormatFindings(verdict, first, count) {
  if (!count) return verdict;
  const said = `${count} 处版式请核对`;
  const line = verdict.state === "ready" ? `结构完整，${said}` : `${verdict.line}；${said}`;
  const group = {
    action: "核对",
    title: FORMAT_GROUP_TITLE,
    count,
    findings: Array.from({ length: count }, (_, i) => first + i),
    safe_fixes: 0,
  };
  return { ...verdict, state: verdict.state === "ready" ? "to_improve" : verdict.state, line, groups: [...verdict.groups, group] };
}

/** 下载批注版: the uploaded file with a Word comment at each finding. */
export async function downloadAnnotated({ api, file, framework, includeFormat = false, doc }) {
  const result = await api.annotatedDocx(file, framework, { includeFormat });
  saveRenderedFile(result, doc);
  return result;
}

/** 改正 on the page: `edits` applied to the file by the server; the corrected copy as a File. */
export async function fixUploadedDocx({ api, file, framework, edits }) {
  const result = await api.fixedDocx(file, framework, { edits });
  const fixed = new File([base64ToBytes(result.base64)], file.name, { type: DOCX_TYPE });
  return { file: fixed, applied: result.applied, skipped: result.skipped };
}

export async function downloadRemedies({ api, renderPayload, doc }) {
  const file = await api.renderRemedies(renderPayload);
  saveRenderedFile(file, doc);
  return file;
}

/**
 * 补齐 and 在此补写 on the page: the working copy `file` with the missing parts (`addMissing`, or
 * `parts`) and `remedies` inserted, once `confirm(lines, plan)` agrees to the server's plan of it
 * (the same fields give the same plan). Returns {plan, file (the new working copy), changed}, or
 * {cancelled: true, plan}; a plan that changes nothing is not shown and leaves the copy as it is.
 */
export async function fillUploadedDocx({ api, file, framework, addMissing = false, parts = [], remedies = [], confirm = null }) {
  const fields = { framework, addMissing, parts, remedies };
  const plan = await api.fillDocxPlan(file, fields);
  if (!planChangesSomething(plan)) return { plan, file, changed: false };
  if (confirm && !(await confirm(planLines(plan), plan))) return { cancelled: true, plan };
  const filled = await api.fillDocx(file, fields);
  return { plan, file: new File([base64ToBytes(filled.base64)], file.name, { type: DOCX_TYPE }), changed: true };
}

/** The name the working copy is saved under: 材料.docx → 材料-已修改.docx. */
export function workingCopyName(name) {
  const stem = String(name || "对照检查材料.docx").replace(/\.docx$/i, "");
  return `${stem}-已修改.docx`;
}

/** 下载修改后的文件: the working copy, as it is, saved once. */
export function saveWorkingCopy(file, doc = document) {
  const filename = workingCopyName(file.name);
  saveBlob(new Blob([file], { type: DOCX_TYPE }), filename, doc);
  return filename;
}

// The page's working copy (no Word): the file as picked, and the one copy every change of the page
// goes into (改正, 在此补写, 补齐, remedies), with what it holds; 下载修改后的文件 and 恢复为原文件.

import { NOTHING_TO_INSERT, planAppliedNotice } from "../pane_logic.js";
import { checkUploadedDocx, fillUploadedDocx, saveWorkingCopy, uploadProblem } from "../standalone.js";
import { showReport, state } from "../state.js";
import { $, CANCELLED, WORKING_COPY_NOTE, announce, busy, clearNotice, confirmWrite, explain, showNotice } from "../ui.js";

/**
 * The page's 在此补写 and 补齐: the plan of the working copy shown, and on 确认插入 the copy
 * replaced by the filled one and checked again. Returns whether the copy changed.
 */
export async function fillWorkingCopy(button, fields, progress) {
  const problem = uploadProblem(state.upload);
  if (problem) {
    showNotice(problem);
    return false;
  }
  const result = await busy(button, progress, () =>
    fillUploadedDocx({ api: state.api, file: state.upload, ...fields, confirm: confirmWrite }),
  );
  if (!result) return false;
  if (result.cancelled) {
    showNotice(CANCELLED, "info");
    return false;
  }
  if (!result.changed) {
    showNotice(result.plan?.held?.length ? result.plan.held.join("") : NOTHING_TO_INSERT, "info");
    return false;
  }
  state.upload = result.file;
  state.copyChanges.push(...result.plan.insertions.map((i) => ({ label: i.label })));
  drawUploadName();
  const done = { inserted: result.plan.paragraph_count, renumbered: (result.plan.renumber ?? []).length };
  const text = `${planAppliedNotice(result.plan, done, { inDocument: false })}${WORKING_COPY_NOTE}`;
  await recheckUpload(text);
  return true;
}

/** The page: check the working copy again after a change; `text` is the notice that stays. */
async function recheckUpload(text) {
  try {
    const report = await checkUploadedDocx({
      api: state.api,
      file: state.upload,
      framework: state.choice,
      format: $("check-format").checked,
    });
    showReport(report, { announceAs: `${text}已重新检查。` });
    showNotice(text, "success");
  } catch (error) {
    showNotice(`${text}\n重新检查没有完成：${explain(error)}`, "info");
  }
}

/**
 * What the working copy holds (state.copyChanges: {fixes: n} of 改正, {label} of each insertion):
 * “改正 4 处；补写“（三）……”；插入 3 条整改措施”, "" when nothing.
 */
function describeCopyChanges() {
  const fixes = state.copyChanges.reduce((sum, change) => sum + (change.fixes ?? 0), 0);
  const labels = state.copyChanges.filter((change) => change.label).map((change) => change.label);
  return [fixes ? `改正 ${fixes} 处` : "", ...labels].filter(Boolean).join("；");
}

/** The picked file's name, and what the working copy holds that is not saved yet. */
export function drawUploadName() {
  const file = state.upload;
  const fixes = state.copyChanges.reduce((sum, change) => sum + (change.fixes ?? 0), 0);
  const filled = state.copyChanges.filter((change) => change.label).length;
  const held = [fixes ? `已改正 ${fixes} 处` : "", filled ? `已补写 ${filled} 处` : ""].filter(Boolean).join("、");
  const saved = state.copySaved === state.copyChanges.length ? "已下载" : "尚未下载";
  $("docx-file-name").textContent = file ? `${file.name}${held ? `（${held}，${saved}）` : ""}` : "未选择文件";
  $("working-copy").hidden = !file || !state.copyChanges.length;
  $("working-copy-text").textContent = state.copyChanges.length
    ? `本页副本已修改（${describeCopyChanges()}），原文件没有改动。改好后下载一份修改后的文件。`
    : "";
}

/** 下载修改后的文件: the working copy, with everything done to it on the page, as one file. */
function onDownloadCopy() {
  clearNotice();
  const filename = saveWorkingCopy(state.upload, document);
  state.copySaved = state.copyChanges.length;
  drawUploadName();
  const text = `已下载 ${filename}（${describeCopyChanges()}），请用 Word 或 WPS 打开后核对。原文件未被修改。`;
  showNotice(text, "success");
  announce(text);
}

/** 恢复为原文件: forget every change of the working copy and check the picked file again. */
async function onRestoreOriginal() {
  state.upload = state.original;
  state.copyChanges = [];
  state.copySaved = 0;
  drawUploadName();
  const text = "已恢复为原文件：本页副本中的修改已全部撤销。";
  if (state.report) {
    await busy($("copy-restore"), "正在恢复…", () => recheckUpload(text));
  } else {
    showNotice(text, "success");
  }
}

/** 补齐缺少的部分 needs a file, or remedies in 已选 (then downloaded as a document of their own). */
export function updateFillButton() {
  $("fill-download-button").disabled = !state.upload && state.basket.length === 0;
}

export function wireWorkingCopy() {
  // Another file replaces the working copy: changes not downloaded yet are not dropped unasked.
  $("docx-file").addEventListener("click", (event) => {
    if (state.copyChanges.length > state.copySaved && globalThis.confirm
      && !globalThis.confirm(`本页副本中的修改（${describeCopyChanges()}）还没有下载。换一个文件会放弃这些修改，继续吗？`)) {
      event.preventDefault();
    }
  });
  $("docx-file").addEventListener("change", (event) => {
    state.original = event.target.files[0] ?? null;
    state.upload = state.original;
    state.copyChanges = [];
    state.copySaved = 0;
    drawUploadName();
    showReport(null); // the result shown was for the previous file
    clearNotice();
    updateFillButton();
  });
  $("copy-download").addEventListener("click", onDownloadCopy);
  $("copy-restore").addEventListener("click", onRestoreOriginal);
}

// The 检查完整性 card's flows: 检查完整性 (in Word and WPS the open document's paragraphs, on the
// page the uploaded file), checking again after a change, 改正 / 全部改正, 下一处待填写 and
// 下载批注版. What a report looks like is report.js; these only fetch it and showReport it.

import { applyFixes, checkDocument, fixEdits, safeFixFindings } from "../pane_logic.js";
import { checkUploadedDocx, downloadAnnotated, fixUploadedDocx, uploadProblem } from "../standalone.js";
import { showReport, state } from "../state.js";
import { $, WORKING_COPY_NOTE, announce, busy, explain, showNotice } from "../ui.js";
import { drawUploadName } from "./working_copy.js";

export async function onCheck() {
  const framework = state.choice;
  await busy($("check-button"), "正在检查…", async () => {
    try {
      if (state.mode === "word") {
        const { report, paragraphs } = await checkDocument({ api: state.api, word: state.word, framework });
        state.paragraphs = paragraphs;
        showReport(report);
      } else {
        const file = state.upload;
        const problem = uploadProblem(file);
        if (problem) {
          showReport(null);
          showNotice(problem);
          return;
        }
        state.paragraphs = null;
        const format = $("check-format").checked;
        showReport(await checkUploadedDocx({ api: state.api, file, framework, format }));
      }
    } catch (error) {
      showReport(null); // a result left on screen would be taken for this file's
      throw error;
    }
  });
}

/** Check again after an insertion, so the report shows the new paragraphs; the notice stays. */
export async function recheckKeepingNotice() {
  try {
    const { report, paragraphs } = await checkDocument({ api: state.api, word: state.word, framework: state.framework?.id });
    state.paragraphs = paragraphs;
    showReport(report);
  } catch (error) {
    showNotice(explain(error));
  }
}

/** 下一处待填写: the host selects the first 【请填写】 left in the document. */
export async function onNextPlaceholder(button) {
  await busy(button, "正在查找…", async () => {
    const found = await state.word.goToFirstPlaceholder();
    if (!found) showNotice("文中已经没有“【请填写】”了，请重新检查。", "info");
  });
}

/**
 * 改正 / 全部改正 (`findings`, of kind `code`). In Word the edits go into the open document; on
 * the page into the working copy of the uploaded file (the server applies them to its runs). Then
 * the check runs again, so the fixed findings leave the list. On the page 全部自动改正 is every
 * safe fix of the report at once, into the same copy.
 */
export async function onFix(button, findings, code) {
  if (state.mode === "word") {
    await busy(button, "正在改正…", async () => {
      const result = await applyFixes({
        api: state.api,
        word: state.word,
        framework: state.choice, // with 自动识别 the re-check recognises again and says why
        findings,
        paragraphs: state.paragraphs,
      });
      state.paragraphs = result.paragraphs;
      const skipped = result.skipped ? `，${result.skipped} 处因文档已修改未能改正，请手动修改` : "";
      const text = `已改正 ${result.applied} 处${skipped}。`;
      showReport(result.report, { announceAs: `${text}已重新检查。` });
      showNotice(text, result.skipped ? "info" : "success");
    });
  } else {
    await busy(button, "正在改正…", async () => {
      const result = await fixUploadedDocx({
        api: state.api,
        file: state.upload,
        framework: state.framework?.id,
        edits: fixEdits(findings),
      });
      state.upload = result.file;
      if (result.applied) state.copyChanges.push({ fixes: result.applied });
      drawUploadName();
      const report = await checkUploadedDocx({
        api: state.api,
        file: state.upload,
        framework: state.framework?.id,
        format: $("check-format").checked,
      });
      const skipped = result.skipped ? `，${result.skipped} 处无法自动改正，请在文档中手动修改` : "";
      const text = `已改正 ${result.applied} 处${skipped}。${WORKING_COPY_NOTE}`;
      showReport(report, { announceAs: `${text}已重新检查。` });
      showNotice(text, result.skipped ? "info" : "success");
    });
  }
}

async function onDownloadAnnotated() {
  await busy($("annotated-button"), "正在生成…", async () => {
    const file = state.upload;
    const result = await downloadAnnotated({
      api: state.api,
      file,
      framework: state.framework?.id,
      includeFormat: Boolean(state.report?.format_checked),
      doc: document,
    });
    const text = `已下载 ${result.filename}：每条问题都作为批注标在对应段落旁，请用 Word 或 WPS 打开。`;
    showNotice(text, "success");
    announce(text);
  });
}

export function wireCheck() {
  $("check-button").addEventListener("click", onCheck);
  $("check-format").addEventListener("change", () => showReport(null));
  $("annotated-button").addEventListener("click", onDownloadAnnotated);
  $("fixed-button").addEventListener("click", () =>
    onFix($("fixed-button"), safeFixFindings(state.report), null));
}

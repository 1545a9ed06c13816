// What every card draws with: elements, the notice, the screen-reader announcer, a button busy
// with a long action, field errors, and the preview before writing (确认插入 / 取消).

import { HOST_NAMES } from "./host.js";
import { state } from "./state.js";
import { StaleParagraphError, WordUnavailableError } from "./word.js";

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// ---- notices and progress ---------------------------------------------------------------------

export function showNotice(message, kind = "error") {
  $("notice-text").textContent = message;
  $("notice").className = `notice ${kind}`;
  $("notice").hidden = false;
}

export function clearNotice() {
  $("notice").hidden = true;
}

/** Say `text` to screen readers (the polite live region), e.g. a check's result. */
export function announce(text) {
  const region = $("announcer");
  region.textContent = "";
  // A new text node after a tick is announced even when the text repeats the last one.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

export function explain(error) {
  if (error instanceof WordUnavailableError || error instanceof StaleParagraphError) return error.message;
  if (["ApiError", "CannotCutParagraphError", "CutMismatchError"].includes(error?.name)) return error.message;
  // Errors Office.js raises (OfficeExtension.Error) carry a code; show it so support can help.
  const code = error?.code ? `（${error.code}）` : "";
  return `${HOST_NAMES[state.host] ?? "Word"} 未能完成操作${code}。请确认文档未处于只读或受保护状态，然后重试。`;
}

/**
 * Run a long action with its button disabled and showing progress; errors become notices (in the
 * words of `describeError` when given), and the server's field errors (400 with error.fields) go
 * to `showServerFieldErrors` when given.
 */
export async function busy(button, progressText, action, showServerFieldErrors = null, describeError = explain) {
  const label = button.textContent;
  button.disabled = true;
  button.classList.add("busy");
  button.setAttribute("aria-busy", "true");
  button.textContent = progressText;
  clearNotice();
  try {
    return await action();
  } catch (error) {
    if (error?.fields && showServerFieldErrors) showServerFieldErrors(error.fields);
    showNotice(describeError(error));
    return undefined;
  } finally {
    button.disabled = false;
    button.classList.remove("busy");
    button.removeAttribute("aria-busy");
    button.textContent = label;
  }
}

/**
 * Show each field's message (errors: name → message) under it and mark its input invalid; clear
 * the others. Focuses the first invalid field; returns whether any field is invalid.
 */
export function showFieldErrors(fields, errors, { focus = true } = {}) {
  let firstInvalid = null;
  for (const { name, input, error } of fields) {
    const message = errors[name];
    error.textContent = message ?? "";
    error.hidden = !message;
    if (message) {
      input?.setAttribute("aria-invalid", "true");
      firstInvalid ??= input ?? error;
    } else {
      input?.removeAttribute("aria-invalid");
    }
  }
  if (focus) firstInvalid?.focus();
  return firstInvalid !== null;
}

// ---- the preview before writing (确认插入 / 取消) ---------------------------------------------------

// On the page the changes go into the working copy, never into the picked file.
export const WORKING_COPY_NOTE = "只改本页的副本，原文件不变；全部改好后点“下载修改后的文件”保存。";

export const CANCELLED = "已取消，文档没有改动。";

// The dialog's words for a plan of insertions (the default); the scaffold has its own (scaffold.js).
const PLAN_TEXTS = { heading: "确认插入", lead: "将按下面的位置写入文档，其余内容不会改动：", ok: "确认插入" };

/**
 * Show what a flow is about to write (`lines`: the plan's summary, renumbered headings included;
 * a scaffold's outline) in a modal dialog and wait: true on 确认插入, false on 取消 or Esc.
 * Nothing is written before. `texts` changes the dialog's words (scaffold.js SCAFFOLD_TEXTS).
 */
export function confirmWrite(lines, _plan = null, texts = PLAN_TEXTS) {
  const dialog = $("plan-confirm");
  $("plan-confirm-heading").textContent = texts.heading;
  $("plan-confirm-lead").textContent = texts.lead;
  $("plan-confirm-ok").textContent = texts.ok;
  $("plan-confirm-list").replaceChildren(...lines.map((line) => el("li", { textContent: line })));
  const note = texts.note ?? (state.mode === "word" ? "" : WORKING_COPY_NOTE);
  $("plan-confirm-note").textContent = note;
  $("plan-confirm-note").hidden = !note;
  return new Promise((resolve) => {
    const answer = (value) => () => {
      $("plan-confirm-ok").onclick = null;
      $("plan-confirm-cancel").onclick = null;
      dialog.oncancel = null;
      dialog.close();
      resolve(value);
    };
    $("plan-confirm-ok").onclick = answer(true);
    $("plan-confirm-cancel").onclick = answer(false);
    dialog.oncancel = (event) => {
      event.preventDefault(); // Esc: closed by the answer, like 取消
      answer(false)();
    };
    dialog.showModal();
    $("plan-confirm-ok").focus();
  });
}

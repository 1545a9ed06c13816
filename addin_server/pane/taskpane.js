// The pane's entry (taskpane.html loads only this module): finds the host, wires the cards and
// starts. Each card draws and runs its own flows (cards/*.js); they share state.js and draw with
// ui.js. Decisions live in pane_logic.js, the document in word.js / wps.js (host.js picks one),
// HTTP in api.js, browser-only features in standalone.js.

import { wireBasket } from "./cards/basket.js";
import { onCheck, wireCheck } from "./cards/check.js";
import { loadFrameworks, wireFrameworks } from "./cards/frameworks.js";
import { onRank, wireRemedies } from "./cards/remedies.js";
import { wireReport } from "./cards/report.js";
import { onScaffold, restoreScaffoldOptions, wireScaffold } from "./cards/scaffold.js";
import { wireWorkingCopy } from "./cards/working_copy.js";
import { pickHost, watchRibbonActions } from "./host.js";
import { state } from "./state.js";
import { $, clearNotice, showNotice } from "./ui.js";
import { createSettingsStore } from "./word.js";

// Office.onReady answers at once in Office and in a plain browser; one that never answers must not
// keep the pane from starting (see officeHost).
const OFFICE_READY_TIMEOUT_MS = 4000;

/** Office.js (taskpane.html's <head>) did not load, or Office.onReady did not answer in time. */
let officeJsMissing = false;
// The server leaves Office.js out of the page for WPS and for the browser's standalone page
// (`?host=wps|browser`, see api/pane.py): not having it there is no failure.
const SERVED_WITHOUT_OFFICE_JS = new URLSearchParams(globalThis.location?.search ?? "").has("host");

/** The Office host ("Word"…), or null in a plain browser or when Office.js cannot be had. */
async function officeHost() {
  const Office = globalThis.Office;
  if (!Office?.onReady) {
    officeJsMissing = !SERVED_WITHOUT_OFFICE_JS;
    return null;
  }
  const deadline = new Promise((resolve) => setTimeout(() => resolve(undefined), OFFICE_READY_TIMEOUT_MS));
  const host = await Promise.race([Office.onReady().then((info) => info?.host ?? null, () => null), deadline]);
  if (host === undefined) officeJsMissing = true;
  return host ?? null;
}

/**
 * Each card wires its buttons and registers what it redraws when another card tells it (state.js
 * listen); a report is drawn by the report last, after the cards that follow it.
 */
function wire() {
  $("notice-close").addEventListener("click", clearNotice);
  wireFrameworks();
  wireScaffold();
  wireWorkingCopy();
  wireCheck();
  wireBasket();
  wireRemedies();
  wireReport();
}

/** A WPS ribbon button (打开助手 aside) runs its flow here, as the pane's own button would. */
async function onRibbonAction(action) {
  const cards = { scaffold: "scaffold-card", check: "check-card", remedies: "remedy-card" };
  $(cards[action])?.scrollIntoView({ block: "start" });
  if (action === "scaffold") await onScaffold();
  else if (action === "check") await onCheck();
  else if (action === "remedies") {
    if (!state.report) await onCheck();
    await onRank();
  }
}

async function start() {
  wire();
  const host = await pickHost({ officeHost });
  const Word = globalThis.Word;
  state.host = host.name;
  state.settings = createSettingsStore();
  if (host.adapter) {
    state.mode = "word";
    state.word = host.adapter;
  }
  restoreScaffoldOptions();
  document.body.classList.add(state.mode === "word" ? "in-word" : "standalone");
  document.body.dataset.mode = state.mode;
  document.body.dataset.host = state.host ?? "browser";
  $("mode-label").textContent =
    state.host === "wps" ? "WPS 加载项" : state.mode === "word" ? "Word 加载项" : "浏览器模式：上传检查、下载框架";
  $("office-status").hidden = !(officeJsMissing && state.host === null);
  $("scaffold-button").textContent = state.mode === "word" ? "插入框架" : "下载框架 .docx";
  if (state.host === "other") {
    showNotice("对照检查助手只能在 Word 或 WPS 文字中使用。", "info");
  } else if (state.word && !state.word.isSupported()) {
    showNotice(
      "此版本的 Word 太旧，不支持本加载项。请升级到 Word 2016 或更新版本，或使用网页版 Word；也可以用浏览器打开本页，上传文档检查。",
    );
  } else if (!Word && state.host === "word") {
    showNotice("Word 接口未能加载，请关闭并重新打开本窗格。");
  }
  await loadFrameworks();
  if (state.host === "wps") watchRibbonActions(host.application, onRibbonAction);
  document.body.dataset.ready = "true";
}

start();

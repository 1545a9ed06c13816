// The pane's one shared state, and the two things a card tells the others. Every card reads and
// writes `state`; none keeps a copy. A card that changes what other cards draw from says so with
// `tell` (the framework was chosen, a report arrived), and each card redraws its own part in the
// listener it registers with `listen` (in its wire function; taskpane.js wires the cards in order).

import { createApi } from "./api.js";
import { AUTO_FRAMEWORK, effectiveFramework } from "./pane_logic.js";

export const state = {
  mode: "standalone", // "word": inside a word processor (Word or WPS, see host), with its adapter
  host: null, // "word" | "wps" | "other" (another Office app) | null (a browser)
  api: createApi(),
  word: null, // the host adapter (word.js or wps.js): the pane touches the document only through it
  settings: null, // the host's settings store (word.js createSettingsStore), read through settings.js
  frameworks: [],
  defaultFramework: null, // id of the framework used without a document (scaffold, remedies)
  choice: AUTO_FRAMEWORK, // what the list shows: "auto" or a framework id
  framework: null, // the data drawn with: the chosen framework, or with "auto" the recognised one
  draft: null, // the 新建框架 request last previewed
  report: null,
  paragraphs: null, // what the last in-Word check read, to map findings back to text
  remedy: null, // the remedy being filled in
  // 已选: the remedies chosen, [{framework, dimension, dimensionTitle, remedy, values}]; inserted
  // together in Word and WPS, downloaded together on the page (basketAction).
  basket: [],
  inserting: false, // the basket is being inserted: it cannot change meanwhile
  // The page (no Word): the file as picked, and its one working copy, which every change of the
  // page (改正, 在此补写, 补齐, remedies) goes into, with what they did; downloaded once.
  original: null,
  upload: null,
  copyChanges: [],
  copySaved: 0, // how many of copyChanges the last 下载修改后的文件 held
};

/**
 * What a card tells the others:
 * - "framework-chosen" (): the writer chose a framework (or the list was loaded); state.choice
 *   and state.framework are set, state.report is gone: each card drops what it drew for the old one.
 * - "report" (report, {announceAs}): a check's report arrived (state.report; under 自动识别
 *   state.framework now follows it), or null: the shown one is stale (another file, a failed check).
 */
const listeners = { "framework-chosen": [], report: [] };

export function listen(event, listener) {
  listeners[event].push(listener);
}

export function tell(event, ...args) {
  for (const listener of listeners[event]) listener(...args);
}

/** A check's result, or null when the one shown no longer holds; every card redraws from it. */
export function showReport(report, options = {}) {
  state.report = report;
  if (report && state.choice === AUTO_FRAMEWORK) {
    // The aspects, remedies and scaffold now follow the framework the check recognised.
    state.framework = effectiveFramework(state.choice, state.frameworks, state.defaultFramework, report);
  }
  tell("report", report, options);
}

/** The framework to complete a document by: the chosen one, or "auto" (the server recognises it
 * from the document's headings, as the check does). */
export function fillFramework() {
  return state.choice === AUTO_FRAMEWORK ? AUTO_FRAMEWORK : state.framework?.id;
}

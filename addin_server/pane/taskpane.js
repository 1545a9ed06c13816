// The pane's UI: draws state and wires buttons. Decisions live in pane_logic.js, Office.js in
// word.js, HTTP in api.js, browser-only features in standalone.js.

import { createApi } from "./api.js";
import {
  AUTO_FRAMEWORK,
  addToBasket,
  aspectLinesFromBox,
  basketSelections,
  applyFixes,
  checkDocument,
  effectiveFramework,
  frameworkLabel,
  initialFrameworkChoice,
  describeLocation,
  dimensionsByNeed,
  fixEdits,
  offerEntries,
  recognitionText,
  safeFixFindings,
  verdictGroups,
  insertMissingParts,
  insertRemedies,
  insertScaffold,
  optionalSections,
  planAppliedNotice,
  parameterErrorsFromServer,
  partForFinding,
  problemForFinding,
  prepareScaffold,
  remedySpec,
  remediesInsertedNotice,
  previewParts,
  problemTexts,
  scaffoldErrorsFromServer,
  SCAFFOLD_TEXT_FIELDS,
  validateParameters,
  validateScaffoldOptions,
} from "./pane_logic.js";
import {
  checkUploadedDocx,
  downloadAnnotated,
  downloadRemedies,
  downloadScaffold,
  fillUploadedDocx,
  fixUploadedDocx,
  saveWorkingCopy,
  uploadProblem,
} from "./standalone.js";
import { HOST_NAMES, pickHost, watchRibbonActions } from "./host.js";
import { StaleParagraphError, WordUnavailableError, createSettingsStore } from "./word.js";

const FRAMEWORK_SETTING = "framework";
const SCAFFOLD_SETTING = "scaffold-options";
// 框架选项 field → its input's id (errors go to `${id}-error`).
const SCAFFOLD_INPUTS = {
  title: "scaffold-title",
  author: "scaffold-author",
  position: "scaffold-position",
  items_per_dimension: "scaffold-items",
  optional_sections: "scaffold-sections",
};
// Office.onReady answers at once in Office and in a plain browser; one that never answers must not
// keep the pane from starting (see officeHost).
const OFFICE_READY_TIMEOUT_MS = 4000;

const $ = (id) => document.getElementById(id);

const state = {
  mode: "standalone", // "word": inside a word processor (Word or WPS, see host), with its adapter
  host: null, // "word" | "wps" | "other" (another Office app) | null (a browser)
  api: createApi(),
  word: null, // the host adapter (word.js or wps.js): the pane touches the document only through it
  settings: null,
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

function el(tag, props = {}, ...children) {
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

function showNotice(message, kind = "error") {
  $("notice-text").textContent = message;
  $("notice").className = `notice ${kind}`;
  $("notice").hidden = false;
}

function clearNotice() {
  $("notice").hidden = true;
}

/** Say `text` to screen readers (the polite live region), e.g. a check's result. */
function announce(text) {
  const region = $("announcer");
  region.textContent = "";
  // A new text node after a tick is announced even when the text repeats the last one.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

function explain(error) {
  if (error instanceof WordUnavailableError || error instanceof StaleParagraphError) return error.message;
  if (error?.name === "ApiError" || error?.name === "CannotCutParagraphError") return error.message;
  // Errors Office.js raises (OfficeExtension.Error) carry a code; show it so support can help.
  const code = error?.code ? `（${error.code}）` : "";
  return `${HOST_NAMES[state.host] ?? "Word"} 未能完成操作${code}。请确认文档未处于只读或受保护状态，然后重试。`;
}

/**
 * Run a long action with its button disabled and showing progress; errors become notices (in the
 * words of `describeError` when given), and the server's field errors (400 with error.fields) go
 * to `showServerFieldErrors` when given.
 */
async function busy(button, progressText, action, showServerFieldErrors = null, describeError = explain) {
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

// ---- the preview before writing (确认插入 / 取消) ---------------------------------------------------

// On the page the changes go into the working copy, never into the picked file.
const WORKING_COPY_NOTE = "只改本页的副本，原文件不变；全部改好后点“下载修改后的文件”保存。";

/**
 * Show what a flow is about to write (`lines`: the plan's summary, renumbered headings included)
 * in a modal dialog and wait: true on 确认插入, false on 取消 or Esc. Nothing is written before.
 */
function confirmWrite(lines) {
  const dialog = $("plan-confirm");
  $("plan-confirm-list").replaceChildren(...lines.map((line) => el("li", { textContent: line })));
  const note = state.mode === "word" ? "" : WORKING_COPY_NOTE;
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

const CANCELLED = "已取消，文档没有改动。";

// ---- frameworks -------------------------------------------------------------------------------

async function loadFrameworks(selectId = null) {
  const select = $("framework");
  try {
    const data = await state.api.frameworks();
    state.frameworks = data.frameworks;
    state.defaultFramework = data.default;
    const chosen = selectId ?? initialFrameworkChoice(state.settings.get(FRAMEWORK_SETTING), data);
    select.replaceChildren(
      el("option", { value: AUTO_FRAMEWORK, textContent: "自动识别（按文中标题）" }),
      ...state.frameworks.map((f) => el("option", { value: f.id, textContent: frameworkLabel(f) })),
    );
    select.value = chosen;
    select.disabled = false;
    selectFramework(chosen);
    drawOwnFrameworks();
    for (const id of ["scaffold-button", "check-button", "rank-button"]) $(id).disabled = false;
  } catch (error) {
    select.replaceChildren(el("option", { textContent: "无法加载框架" }));
    showNotice(explain(error));
  }
}

function describeChoice() {
  if (state.choice !== AUTO_FRAMEWORK) return state.framework?.description ?? "";
  const recognised = state.report?.recognition ? state.framework : null;
  if (recognised) return `本次检查按“${recognised.title}”。插入框架和整改措施也按该框架。`;
  const fallback = state.framework ? `插入框架和整改措施按“${state.framework.title}”。` : "";
  return `检查时按文中“存在问题”部分的标题识别框架。${fallback}`;
}

function selectFramework(choice) {
  state.choice = choice;
  state.basket = [];
  if ($("remedy-basket")) drawBasket();
  closeScaffoldOffer();
  state.report = null;
  state.paragraphs = null;
  state.framework = effectiveFramework(choice, state.frameworks, state.defaultFramework);
  $("framework-description").textContent = describeChoice();
  $("report").hidden = true;
  $("finding-groups").replaceChildren();
  closeRemedyForm();
  $("remedy-list").replaceChildren();
  drawRemedyDimensions();
  drawScaffoldOptions();
}

// ---- 新建框架 -----------------------------------------------------------------------------------

const NEW_FRAMEWORK_FIELDS = { title: "nf-title", year: "nf-year", aspects: "nf-aspects" };

function newFrameworkRequest() {
  const year = $("nf-year").value.trim();
  return {
    title: $("nf-title").value.trim(),
    meeting_type: $("nf-meeting").value,
    year: year ? Number(year) : null,
    aspects: aspectLinesFromBox($("nf-aspects").value),
  };
}

function newFrameworkErrors(body) {
  const errors = {};
  if (!body.title) errors.title = "请填写框架名称，如“2026年度民主生活会”。";
  if (body.year !== null && !(Number.isInteger(body.year) && body.year >= 2000 && body.year <= 2100)) {
    errors.year = "年度须为 2000–2100 之间的整数。";
  }
  if (!body.aspects.length) errors.aspects = "请粘贴对照方面，每行一个；或点“从文中标题提取”。";
  return errors;
}

function showNewFrameworkErrors(errors) {
  const fields = Object.entries(NEW_FRAMEWORK_FIELDS).map(([name, id]) => ({ name, input: $(id), error: $(`${id}-error`) }));
  return showFieldErrors(fields, errors);
}

function drawDraft(framework) {
  const box = $("nf-preview-box");
  box.replaceChildren(
    el("p", { textContent: `${framework.title}：${framework.dimensions.length} 个对照方面` }),
    el(
      "ol",
      {},
      ...framework.dimensions.map((d) =>
        el("li", {}, el("strong", { textContent: d.title }), el("span", { class: "subtle", textContent: ` 标题可写作：${d.names.join("、")}` })),
      ),
    ),
  );
  box.hidden = false;
  $("nf-save").hidden = false;
}

async function onPreviewFramework(event) {
  event?.preventDefault();
  const body = newFrameworkRequest();
  $("nf-save").hidden = true;
  if (showNewFrameworkErrors(newFrameworkErrors(body))) return;
  await busy($("nf-preview"), "正在预览…", async () => {
    drawDraft(await state.api.draftFramework(body));
    state.draft = body;
  }, (fields) => showNewFrameworkErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [].concat(v).join("；")]))));
}

async function onSaveFramework() {
  if (!state.draft) return;
  await busy($("nf-save"), "正在保存…", async () => {
    const saved = await state.api.saveFramework(state.draft);
    state.draft = null;
    $("nf-save").hidden = true;
    $("nf-preview-box").hidden = true;
    state.settings.set(FRAMEWORK_SETTING, saved.id);
    await loadFrameworks(saved.id);
    showNotice(`已保存框架“${saved.title}”，并已选用。`, "success");
  });
}

/** Fill the aspect box from the document: its headings in 存在问题, as the server finds them. */
async function onAspectsFromDocument() {
  await busy($("nf-from-document"), "正在提取…", async () => {
    let headings = state.report?.recognition?.headings ?? [];
    if (state.mode === "word") {
      const paragraphs = await state.word.readParagraphs();
      const title = $("nf-title").value.trim() || "按文中标题新建的框架";
      const draft = await state.api.draftFramework({ title, paragraphs });
      headings = draft.dimensions.map((d) => d.title);
    } else if (!headings.length) {
      showNotice("请先上传并检查文档，再从文中标题提取；也可以直接粘贴通知中的对照方面。", "info");
      return;
    }
    $("nf-aspects").value = headings.join("\n");
    $("nf-aspects-error").hidden = true;
    await onPreviewFramework();
  });
}

function drawOwnFrameworks() {
  const own = state.frameworks.filter((f) => f.origin === "user");
  $("own-frameworks").hidden = own.length === 0;
  $("own-framework-list").replaceChildren(
    ...own.map((f) => {
      const remove = el("button", { type: "button", class: "link-button", textContent: "删除", "aria-label": `删除框架${f.title}` });
      remove.addEventListener("click", () => onDeleteFramework(f, remove));
      return el("li", { dataset: { id: f.id } }, el("span", { class: "label", textContent: f.title }), remove);
    }),
  );
}

async function onDeleteFramework(framework, button) {
  if (globalThis.confirm && !globalThis.confirm(`删除个人框架“${framework.title}”？`)) return;
  await busy(button, "正在删除…", async () => {
    await state.api.deleteFramework(framework.id);
    const keep = state.choice === framework.id ? AUTO_FRAMEWORK : state.choice;
    state.settings.set(FRAMEWORK_SETTING, keep);
    await loadFrameworks(keep);
    showNotice(`已删除框架“${framework.title}”。`, "success");
  });
}

// ---- scaffold ---------------------------------------------------------------------------------

function rememberedScaffoldOptions() {
  try {
    const stored = JSON.parse(state.settings.get(SCAFFOLD_SETTING) ?? "{}");
    return stored && typeof stored === "object" ? stored : {};
  } catch {
    return {};
  }
}

/** Fill the 框架选项 with the remembered values (text fields are the same for every framework). */
function restoreScaffoldOptions() {
  const stored = rememberedScaffoldOptions();
  for (const name of SCAFFOLD_TEXT_FIELDS) {
    if (typeof stored[name] === "string") $(SCAFFOLD_INPUTS[name]).value = stored[name];
  }
  if (stored.items_per_dimension != null) $("scaffold-items").value = String(stored.items_per_dimension);
}

/** Remember what the form holds; the optional sections are kept per framework, as they differ. */
function rememberScaffoldOptions() {
  const stored = rememberedScaffoldOptions();
  const raw = scaffoldFormValues();
  const sections = { ...(stored.sections ?? {}) };
  if (state.framework) sections[state.framework.id] = raw.optional_sections;
  const { optional_sections: _, ...texts } = raw;
  state.settings.set(SCAFFOLD_SETTING, JSON.stringify({ ...texts, sections }));
}

/** The framework-dependent parts: the title's placeholder and one checkbox per optional section. */
function drawScaffoldOptions() {
  const title = $("scaffold-title");
  title.placeholder = (state.framework?.document_title ?? "").replace(/\n/g, "");
  title.title = title.placeholder ? `不填则为：${title.placeholder}` : ""; // the narrow pane cuts it off
  const chosen = new Set(rememberedScaffoldOptions().sections?.[state.framework?.id] ?? []);
  const sections = optionalSections(state.framework);
  $("scaffold-sections").replaceChildren(
    ...sections.map((section) => {
      const box = el("input", { type: "checkbox", name: "optional_sections", value: section.key, checked: chosen.has(section.key) });
      return el("label", { class: "checkbox" }, box, el("span", { textContent: section.title }));
    }),
  );
  $("scaffold-sections-field").hidden = sections.length === 0;
  showFieldErrors(scaffoldFields(), {}, { focus: false });
}

function scaffoldFormValues() {
  const raw = {};
  for (const name of [...SCAFFOLD_TEXT_FIELDS, "items_per_dimension"]) raw[name] = $(SCAFFOLD_INPUTS[name]).value;
  raw.optional_sections = [...$("scaffold-sections").querySelectorAll("input:checked")].map((box) => box.value);
  return raw;
}

function scaffoldFields() {
  return Object.entries(SCAFFOLD_INPUTS).map(([name, id]) => ({
    name,
    input: name === "optional_sections" ? $("scaffold-sections").querySelector("input") : $(id),
    error: $(`${id}-error`),
  }));
}

function showScaffoldErrors(errors) {
  // Errors inside a closed disclosure would go unseen.
  if (Object.keys(errors).length) $("scaffold-options").open = true;
  return showFieldErrors(scaffoldFields(), errors);
}

async function onScaffold() {
  const framework = state.framework?.id;
  const { values: options, errors } = validateScaffoldOptions(state.framework, scaffoldFormValues());
  if (showScaffoldErrors(errors)) return;
  const showServerErrors = (fields) => showScaffoldErrors(scaffoldErrorsFromServer(fields));
  if (state.mode === "word") {
    closeScaffoldOffer();
    await busy($("scaffold-button"), "正在查看文档…", async () => {
      const prepared = await prepareScaffold({ api: state.api, word: state.word, framework: fillFramework() });
      if (prepared.kind === "empty") {
        await insertFullScaffold(framework, options);
      } else {
        openScaffoldOffer(prepared);
      }
    }, showServerErrors);
  } else {
    await busy($("scaffold-button"), "正在生成…", async () => {
      const file = await downloadScaffold({ api: state.api, framework, options, doc: document });
      showNotice(`已下载 ${file.filename}，请用 Word 或 WPS 打开后填写。`, "success");
    }, showServerErrors);
  }
}

/** The framework to complete a document by: the chosen one, or "auto" (the server recognises it
 * from the document's headings, as the check does). */
function fillFramework() {
  return state.choice === AUTO_FRAMEWORK ? AUTO_FRAMEWORK : state.framework?.id;
}

async function insertFullScaffold(framework, options) {
  const result = await insertScaffold({ api: state.api, word: state.word, framework, options });
  showNotice(
    result.placeholderSelected
      ? "已插入框架，光标停在第一处“【请填写】”，请逐项填写。"
      : "已插入框架。",
    "success",
  );
}

/** The document has text: say what is missing and offer to insert just that, at its places. */
function openScaffoldOffer({ plan, cursorInText }) {
  const entries = offerEntries(plan); // what goes where, a line per part
  $("scaffold-offer-text").textContent = entries.length
    ? "文档已有内容。可以只把缺少的部分补写到各自的位置："
    : "文档已包含框架要求的全部部分，不需要再插入框架。";
  $("scaffold-offer-list").replaceChildren(
    ...entries.map(({ where, parts }) => el(
      "li",
      {},
      where ? el("span", { class: "offer-where", textContent: where }) : null,
      el("ul", {}, ...parts.map((part) => el("li", { textContent: part }))),
    )),
  );
  $("scaffold-fill-missing").hidden = entries.length === 0;
  const warning = $("scaffold-offer-warning");
  warning.textContent = cursorInText
    ? "注意：光标在正文中，完整框架会插在这段文字之后，把原有内容隔开。"
    : "完整框架会插在光标处，与已有的内容重复。";
  warning.hidden = false;
  $("scaffold-offer").hidden = false;
  ($("scaffold-fill-missing").hidden ? $("scaffold-offer-cancel") : $("scaffold-fill-missing")).focus();
}

function closeScaffoldOffer() {
  $("scaffold-offer").hidden = true;
}

/** The notice after 补写: what went where, or that the preview was cancelled. */
function filledNotice(result) {
  if (result.cancelled) return showNotice(CANCELLED, "info");
  const text = result.notice;
  showNotice(text, result.inserted ? "success" : "info");
  return announce(text);
}

async function onFillMissing() {
  const framework = fillFramework();
  await busy($("scaffold-fill-missing"), "正在补写…", async () => {
    const result = await insertMissingParts({ api: state.api, word: state.word, framework, confirm: confirmWrite });
    if (!result.cancelled) closeScaffoldOffer();
    filledNotice(result);
  });
}

async function onFullScaffold() {
  const framework = state.framework?.id;
  const { values: options, errors } = validateScaffoldOptions(state.framework, scaffoldFormValues());
  if (showScaffoldErrors(errors)) return;
  await busy($("scaffold-full"), "正在插入…", async () => {
    await insertFullScaffold(framework, options);
    closeScaffoldOffer();
  }, (fields) => showScaffoldErrors(scaffoldErrorsFromServer(fields)));
}

/**
 * 「在此补写」 on a missing-part finding: show where that part goes, insert it on 确认插入 (in
 * Word and WPS into the document, on the page into the working copy), then check again.
 */
async function onFillPart(button, part) {
  const framework = fillFramework();
  if (state.mode === "word") {
    const done = await busy(button, "正在补写…", async () => {
      const result = await insertMissingParts({ api: state.api, word: state.word, framework, parts: [part], confirm: confirmWrite });
      filledNotice(result);
      return !result.cancelled;
    });
    if (done) await recheckKeepingNotice();
  } else {
    await fillWorkingCopy(button, { framework, parts: [part] }, "正在补写…");
  }
}

/**
 * The page's 在此补写 and 补齐: the plan of the working copy shown, and on 确认插入 the copy
 * replaced by the filled one and checked again. Returns whether the copy changed.
 */
async function fillWorkingCopy(button, fields, progress) {
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
    showNotice("文档已包含这些部分，没有需要插入的内容。", "info");
    return false;
  }
  state.upload = result.file;
  state.copyChanges.push(...result.plan.insertions.map((i) => ({ label: i.label })));
  drawUploadName();
  const text = `${planAppliedNotice(result.plan, { inserted: result.plan.paragraph_count, renumbered: (result.plan.renumber ?? []).length })}${WORKING_COPY_NOTE}`;
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
    drawReport(report, { announceAs: `${text}已重新检查。` });
    showNotice(text, "success");
  } catch (error) {
    showNotice(`${text}\n重新检查没有完成：${explain(error)}`, "info");
  }
}

/** Check again after an insertion, so the report shows the new paragraphs; the notice stays. */
async function recheckKeepingNotice() {
  try {
    const { report, paragraphs } = await checkDocument({ api: state.api, word: state.word, framework: state.framework?.id });
    state.paragraphs = paragraphs;
    drawReport(report);
  } catch (error) {
    showNotice(explain(error));
  }
}

// ---- check ------------------------------------------------------------------------------------

async function onCheck() {
  const framework = state.choice;
  await busy($("check-button"), "正在检查…", async () => {
    try {
      if (state.mode === "word") {
        const { report, paragraphs } = await checkDocument({ api: state.api, word: state.word, framework });
        state.paragraphs = paragraphs;
        drawReport(report);
      } else {
        const file = state.upload;
        const problem = uploadProblem(file);
        if (problem) {
          clearReport();
          showNotice(problem);
          return;
        }
        state.paragraphs = null;
        const format = $("check-format").checked;
        drawReport(await checkUploadedDocx({ api: state.api, file, framework, format }));
      }
    } catch (error) {
      clearReport(); // a result left on screen would be taken for this file's
      throw error;
    }
  });
}

/** Forget the shown result: a new file, a failed check or another framework makes it stale. */
function clearReport() {
  state.report = null;
  $("report").hidden = true;
  $("finding-groups").replaceChildren();
  drawRemedyDimensions();
}

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
  state.report = report;
  if (state.choice === AUTO_FRAMEWORK) {
    // The aspects, remedies and scaffold now follow the framework the check recognised.
    state.framework = effectiveFramework(state.choice, state.frameworks, state.defaultFramework, report);
    $("framework-description").textContent = describeChoice();
    drawScaffoldOptions();
    // Remedies chosen for another framework's aspects do not belong in this document.
    const others = state.basket.filter((e) => e.framework !== state.framework?.id).length;
    if (others) {
      state.basket = state.basket.filter((e) => e.framework === state.framework?.id);
      drawBasket();
      showNotice(`本文识别为“${state.framework.title}”，原先按其他框架选的 ${others} 条整改措施已移出“已选”，请按本框架重新选用。`, "info");
    }
  }
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
  drawRemedyDimensions();
  announce(announceAs ?? `检查完成：${verdict.line}。`);
  $("report-heading").focus();
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

/** 下一处待填写: the host selects the first 【请填写】 left in the document. */
async function onNextPlaceholder(button) {
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
async function onFix(button, findings, code) {
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
      drawReport(result.report, { announceAs: `${text}已重新检查。` });
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
      drawReport(report, { announceAs: `${text}已重新检查。` });
      showNotice(text, result.skipped ? "info" : "success");
    });
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
function drawUploadName() {
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

/**
 * 「为此写措施」 on a problem without a measure: the remedies of its aspect ranked for that one
 * problem (those the document's 整改措施 already has left out), in the remedy list; the one chosen
 * is inserted with the problem, so the measure opens with the problem's words.
 */
async function onWriteMeasure(button, finding) {
  const problem = problemForFinding(finding);
  clearNotice();
  await busy(button, "正在推荐…", async () => {
    closeRemedyForm();
    $("remedy-dimension").value = problem.dimension;
    showChosenDimension();
    const data = await state.api.rankRemedies({
      framework: state.framework.id,
      dimension: problem.dimension,
      problems: [problem.text],
      ...(state.paragraphs ? { paragraphs: state.paragraphs } : {}),
    });
    drawRemedyList(data.results, problem.dimension, true);
    if (!data.results.length) {
      const why = data.already_written?.length ? "这一方面可推荐的整改措施，文中都已写过" : "这一方面暂时没有可推荐的整改措施";
      showNotice(`${why}。请在“整改措施”部分针对问题${problem.quoted}自己补写一条。`, "info");
      return;
    }
    $("remedy-list").dataset.problem = problem.text;
    $("remedy-list").prepend(el("li", { class: "hint", textContent: `针对问题${problem.quoted}推荐：` }));
    const written = data.already_written?.length ? `整改措施中已有的 ${data.already_written.length} 条没有重复推荐。` : "";
    showNotice(`下面是针对问题${problem.quoted}推荐的整改措施。${written}选用一条后插入，措施开头会写明针对的问题，可再修改。`, "info");
    $("remedy-list").scrollIntoView?.({ block: "nearest" });
    $("remedy-list").querySelector("button")?.focus();
  });
}

// ---- remedies ---------------------------------------------------------------------------------

function drawRemedyDimensions({ keepChoice = false } = {}) {
  const select = $("remedy-dimension");
  const previous = keepChoice ? select.value : null;
  const dimensions = dimensionsByNeed(state.framework, state.report);
  select.replaceChildren(
    ...dimensions.map((d) =>
      el("option", { value: d.key, textContent: d.need === 2 ? `${d.title}（缺少）` : d.need === 1 ? `${d.title}（有问题）` : d.title }),
    ),
  );
  // After a new report the dimension that most needs remedies comes first and is chosen.
  if (previous && dimensions.some((d) => d.key === previous)) select.value = previous;
  select.disabled = dimensions.length === 0;
  showChosenDimension();
}

/** The chosen aspect in full under the drop-down, which a narrow pane cuts off. */
function showChosenDimension() {
  const select = $("remedy-dimension");
  $("remedy-dimension-full").textContent = select.selectedOptions[0]?.textContent ?? "";
}

async function onRank() {
  const dimension = $("remedy-dimension").value;
  if (!dimension) return;
  closeRemedyForm();
  await busy($("rank-button"), "正在推荐…", async () => {
    const problems = problemTexts(state.report, state.paragraphs, dimension).slice(0, 200);
    // With the document's paragraphs, remedies its 整改措施 already has are not offered again.
    const paragraphs = state.paragraphs ? { paragraphs: state.paragraphs } : {};
    const data = await state.api.rankRemedies({ framework: state.framework.id, dimension, problems, ...paragraphs });
    drawRemedyList(data.results, dimension, problems.length > 0);
  });
}

function drawRemedyList(results, dimension, rankedByProblems) {
  const list = $("remedy-list");
  list.dataset.dimension = dimension;
  delete list.dataset.problem; // set again by 为此写措施 (onWriteMeasure)
  if (!results.length) {
    list.replaceChildren(el("li", { class: "hint", textContent: "这个对照方面暂时没有可推荐的整改措施。" }));
    return;
  }
  list.replaceChildren(
    ...results.map(({ remedy, score, matched_terms: terms }, i) => {
      const choose = el("button", { type: "button", class: "secondary", textContent: "选用", "aria-label": `选用：${remedy.title}` });
      choose.addEventListener("click", () => openRemedyForm(remedy, dimension));
      const why = rankedByProblems && terms?.length ? `与问题相关：${terms.slice(0, 5).join("、")}` : "";
      const suggested = rankedByProblems && i === 0 && score > 0;
      return el(
        "li",
        { class: suggested ? "suggested" : "", dataset: { remedyId: remedy.id } },
        el(
          "div",
          { class: "remedy-title" },
          suggested ? el("span", { class: "suggested-label", textContent: "推荐" }) : null,
          remedy.title,
        ),
        el("div", { class: "remedy-snippet", textContent: snippet(previewParts(remedy, {}).map((p) => p.text).join("")) }),
        why ? el("div", { class: "remedy-snippet", textContent: why }) : null,
        el("span", { class: "chosen-label", textContent: "已选" }),
        choose,
      );
    }),
  );
  markChosenRemedies();
}

/** The 已选 entry of a remedy for a dimension, or undefined. */
function chosenEntry(dimension, remedyId) {
  return state.basket.find((e) => e.dimension === dimension && e.remedy.id === remedyId);
}

/** The recommendations already in 已选 say so; choosing one again changes its values. */
function markChosenRemedies() {
  const list = $("remedy-list");
  for (const item of list.querySelectorAll("li[data-remedy-id]")) {
    const chosen = Boolean(chosenEntry(list.dataset.dimension, item.dataset.remedyId));
    item.classList.toggle("chosen", chosen);
    const button = item.querySelector("button");
    const title = item.querySelector(".remedy-title").lastChild.textContent;
    button.textContent = chosen ? "修改" : "选用";
    button.setAttribute("aria-label", `${chosen ? "修改已选" : "选用"}：${title}`);
  }
}

function snippet(text, length = 60) {
  const chars = [...text.replace(/\s+/g, " ")];
  return chars.length > length ? `${chars.slice(0, length).join("")}…` : chars.join("");
}

function remedyParameters(remedy) {
  return remedy.parameters ?? [];
}

function openRemedyForm(remedy, dimension) {
  state.remedy = { remedy, dimension };
  $("remedy-form-title").textContent = remedy.title;
  const fields = remedyParameters(remedy).map((parameter) => drawParameterField(parameter));
  $("remedy-fields").replaceChildren(...fields);
  // A remedy already in 已选 opens with the values chosen for it.
  const chosen = chosenEntry(dimension, remedy.id);
  for (const [name, value] of Object.entries(chosen?.values ?? {})) {
    const input = $(`param-${name}`);
    if (input) input.value = value;
  }
  $("remedy-submit").textContent = chosen ? "更新已选" : "加入已选";
  $("remedy-form").hidden = false;
  updatePreview();
  (fields[0]?.querySelector("input,select,textarea") ?? $("remedy-submit")).focus();
}

function drawParameterField(parameter) {
  const id = `param-${parameter.name}`;
  const label = el("label", { class: "field-label", htmlFor: id }, parameter.label || parameter.name);
  if (parameter.required) label.append(el("span", { class: "required-mark", textContent: "*", "aria-hidden": "true" }));
  const type = parameter.type === "int" ? "number" : parameter.type === "date" ? "date" : "text";
  const input = el("input", { id, name: parameter.name, type });
  if (type === "number") {
    input.min = "0";
    input.step = "1";
    input.inputMode = "numeric";
  }
  if (parameter.default != null) input.value = String(parameter.default);
  if (parameter.required) input.required = true;
  const error = el("p", { class: "field-error", id: `${id}-error`, hidden: true });
  input.addEventListener("input", () => {
    input.removeAttribute("aria-invalid");
    error.hidden = true;
    updatePreview();
  });
  input.setAttribute("aria-describedby", error.id);
  return el("div", { class: "field" }, label, input, error);
}

function formValues() {
  const raw = {};
  for (const field of $("remedy-fields").querySelectorAll("[name]")) raw[field.name] = field.value;
  return raw;
}

function updatePreview() {
  if (!state.remedy) return;
  const parts = previewParts(state.remedy.remedy, formValues());
  $("remedy-preview").replaceChildren(
    ...parts.map((part) => (part.slot ? el("span", { class: part.filled ? "slot" : "slot empty", textContent: part.text }) : part.text)),
  );
}

function remedyFields() {
  return remedyParameters(state.remedy.remedy).map((parameter) => ({
    name: parameter.name,
    input: $(`param-${parameter.name}`),
    error: $(`param-${parameter.name}-error`),
  }));
}

/**
 * Show each field's message (errors: name → message) under it and mark its input invalid; clear
 * the others. Focuses the first invalid field; returns whether any field is invalid.
 */
function showFieldErrors(fields, errors, { focus = true } = {}) {
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

function closeRemedyForm() {
  state.remedy = null;
  $("remedy-form").hidden = true;
}

/**
 * 加入已选 (the form's submit): the remedy, with its checked values, joins the 已选 basket, in Word
 * and WPS as on the page; the host decides at the basket what 已选 becomes (basketAction).
 * 只插入这一条 (Word, WPS): the quick path, this remedy alone, inserted at once; the basket stays.
 */
async function onRemedySubmit(event) {
  event.preventDefault();
  await chooseRemedy({ insertNow: false });
}

async function chooseRemedy({ insertNow }) {
  if (!state.remedy || state.inserting) return;
  const { remedy, dimension } = state.remedy;
  const { values, errors } = validateParameters(remedyParameters(remedy), formValues());
  if (showFieldErrors(remedyFields(), errors)) return;
  const dimensionTitle = state.framework.dimensions.find((d) => d.key === dimension)?.title ?? "";
  const entry = { framework: state.framework.id, dimension, dimensionTitle, remedy, values };
  if ($("remedy-list").dataset.problem) entry.problem = $("remedy-list").dataset.problem; // 为此写措施
  if (insertNow) {
    const showServerErrors = (fields) => showFieldErrors(remedyFields(), parameterErrorsFromServer(fields));
    // Under 整改措施: the choice of place belongs to the basket, which may be hidden now.
    const done = await insertChosen([entry], $("remedy-insert-now"), { where: "section", showServerErrors });
    if (done) closeRemedyForm();
    // Written for a problem (为此写措施): check again, so its 「还没有对应的措施」 goes away.
    if (done && entry.problem && state.mode === "word") await recheckKeepingNotice();
    return;
  }
  const order = state.framework.dimensions.map((d) => d.key);
  const { basket, replaced, dropped } = addToBasket(state.basket, entry, order);
  state.basket = basket;
  closeRemedyForm();
  drawBasket();
  const other = dropped ? `原先在其他框架下选的 ${dropped} 条已移出。` : "";
  const next = `可以继续选用其他方面的措施，选好后点“${basketAction().label(basket.length)}”。`;
  showNotice(`${replaced ? "已更新" : "已加入"}“${remedy.title}”（已选 ${basket.length} 条）。${other}${next}`, "success");
  $("basket-commit").focus();
}

/**
 * What 已选 becomes, decided by the host: in Word and WPS the chosen remedies are inserted into the
 * open document in one batch; on the page they go into the uploaded document, as one download.
 */
function basketAction() {
  if (state.mode === "word") {
    return { label: (n) => `插入已选的 ${n} 条整改措施`, run: () => insertChosen(state.basket, $("basket-commit")) };
  }
  return { label: (n) => `补齐（含已选 ${n} 条整改措施）`, run: () => onFillUpload($("basket-commit")) };
}

/**
 * Insert `entries` into the open document with one plan and one insertParagraphs batch (one undo
 * step where the host has them). Inserted from the basket, the basket is emptied; if the document
 * changed meanwhile or the host refused, nothing of it is lost. Returns whether it was inserted.
 */
async function insertChosen(entries, button, { where = chosenPlace(), showServerErrors = null } = {}) {
  const fromBasket = entries === state.basket;
  const renderPayload = { framework: entries[0].framework, selections: basketSelections(entries) };
  const kept = fromBasket ? `已选的 ${entries.length} 条整改措施仍保留，` : "";
  const failed = (error) => {
    if (error instanceof StaleParagraphError) {
      return `插入时文档被修改，插入位置已变化，没有插入任何内容。${kept}请再点一次插入。`;
    }
    if (error?.name === "ApiError") return `${error.message}${kept ? `\n${kept}改正后再插入。` : ""}`;
    return `${explain(error)}${kept}如文档中已出现一部分，可先撤销（Ctrl+Z）再插入。`;
  };
  state.inserting = true;
  drawBasket();
  $("remedy-basket-box").setAttribute("aria-busy", "true");
  try {
    const insert = () => insertRemedies({
      api: state.api, word: state.word, framework: renderPayload.framework, renderPayload, where, confirm: confirmWrite,
    });
    const result = await busy(button, `正在插入 ${entries.length} 条…`, insert, showServerErrors, failed);
    if (!result) return false;
    if (result.cancelled) {
      showNotice(`已取消，文档没有改动。${kept ? `${kept.replace(/，$/, "")}。` : ""}`, "info");
      return false;
    }
    if (fromBasket) state.basket = [];
    const text = remediesInsertedNotice(result);
    showNotice(text, "success");
    announce(text);
    return true;
  } finally {
    state.inserting = false;
    $("remedy-basket-box").removeAttribute("aria-busy");
    drawBasket();
  }
}

/** 插入位置 of the basket: "section" (after the last measure of 整改措施) or "cursor". */
function chosenPlace() {
  return document.querySelector('input[name="where"]:checked')?.value ?? "section";
}

function drawBasket() {
  const count = state.basket.length;
  $("remedy-basket").replaceChildren(
    ...state.basket.map((entry, i) => {
      const remove = el("button", {
        type: "button",
        class: "link-button",
        textContent: "移除",
        disabled: state.inserting,
        "aria-label": `移除：${entry.remedy.title}`,
      });
      remove.addEventListener("click", () => {
        state.basket.splice(i, 1);
        drawBasket();
        (state.basket.length ? $("basket-commit") : $("rank-button")).focus();
      });
      return el(
        "li",
        { dataset: { dimension: entry.dimension, remedyId: entry.remedy.id } },
        el("span", {}, el("span", { class: "basket-dimension", textContent: entry.dimensionTitle }), entry.remedy.title),
        remove,
      );
    }),
  );
  markChosenRemedies();
  $("remedy-basket-count").textContent = `（${count} 条）`;
  $("remedy-basket-box").hidden = count === 0;
  $("basket-clear").disabled = state.inserting;
  const commit = $("basket-commit");
  if (!commit.classList.contains("busy")) commit.textContent = basketAction().label(count);
  commit.disabled = state.inserting || count === 0;
  updateFillButton();
}

function onClearBasket() {
  state.basket = [];
  drawBasket();
  showNotice("已清空已选的整改措施。", "info");
}

function updateFillButton() {
  $("fill-download-button").disabled = !state.upload && state.basket.length === 0;
}

/**
 * 补齐 (the page): what is missing and the 已选 remedies, shown where they go and on 确认插入
 * inserted into the working copy; without an upload, the chosen remedies as a document.
 */
async function onFillUpload(button = $("fill-download-button")) {
  const file = state.upload;
  // Remedies belong to the framework they were chosen under; without any, the file says which.
  const framework = state.basket.length ? state.basket[0].framework : fillFramework();
  if (!file && state.basket.length) {
    // No document of the writer's to fill: the chosen remedies as one document, numbered 一是….
    const selections = basketSelections(state.basket);
    return busy(button, "正在生成…", async () => {
      const rendered = await downloadRemedies({ api: state.api, renderPayload: { framework, selections }, doc: document });
      showNotice(`没有上传文档，已把所选整改措施下载为一份文档 ${rendered.filename}。`, "success");
    });
  }
  const remedies = state.basket.map((entry) => remedySpec(entry.dimension, entry.remedy.id, entry.values, entry.problem));
  const changed = await fillWorkingCopy(button, { framework, addMissing: true, remedies }, "正在补齐…");
  if (changed && remedies.length) {
    state.basket = [];
    drawBasket();
  }
  return changed;
}

// ---- start ------------------------------------------------------------------------------------

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

function wire() {
  $("notice-close").addEventListener("click", clearNotice);
  $("framework").addEventListener("change", (event) => {
    state.settings.set(FRAMEWORK_SETTING, event.target.value);
    selectFramework(event.target.value);
  });
  $("scaffold-button").addEventListener("click", onScaffold);
  const optionsForm = $("scaffold-options-form");
  // Enter in a field means "make the scaffold", not a page reload.
  optionsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    onScaffold();
  });
  optionsForm.addEventListener("input", (event) => {
    const field = event.target.closest(".field, fieldset");
    const error = field?.querySelector(".field-error");
    if (error) error.hidden = true;
    event.target.removeAttribute("aria-invalid");
    rememberScaffoldOptions();
  });
  $("check-button").addEventListener("click", onCheck);
  $("scaffold-fill-missing").addEventListener("click", onFillMissing);
  $("scaffold-full").addEventListener("click", onFullScaffold);
  $("scaffold-offer-cancel").addEventListener("click", closeScaffoldOffer);
  $("fill-download-button").addEventListener("click", () => onFillUpload($("fill-download-button")));
  $("new-framework-form").addEventListener("submit", onPreviewFramework);
  $("new-framework-form").addEventListener("input", (event) => {
    const error = event.target.closest(".field")?.querySelector(".field-error");
    if (error) error.hidden = true;
    event.target.removeAttribute("aria-invalid");
    $("nf-save").hidden = true;
  });
  $("nf-save").addEventListener("click", onSaveFramework);
  $("nf-from-document").addEventListener("click", onAspectsFromDocument);
  $("recognition-new").addEventListener("click", () => {
    $("nf-aspects").value = (state.report?.recognition?.headings ?? []).join("\n");
    $("new-framework").open = true;
    $("nf-title").focus();
  });
  $("rank-button").addEventListener("click", onRank);
  $("remedy-form").addEventListener("submit", onRemedySubmit);
  $("remedy-dimension").addEventListener("change", () => {
    showChosenDimension();
    closeRemedyForm();
    $("remedy-list").replaceChildren();
  });
  $("remedy-cancel").addEventListener("click", closeRemedyForm);
  $("basket-commit").addEventListener("click", () => basketAction().run());
  $("basket-clear").addEventListener("click", onClearBasket);
  $("remedy-insert-now").addEventListener("click", () => chooseRemedy({ insertNow: true }));
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
    clearReport(); // the result shown was for the previous file
    clearNotice();
    updateFillButton();
  });
  $("check-format").addEventListener("change", clearReport);
  $("annotated-button").addEventListener("click", onDownloadAnnotated);
  $("fixed-button").addEventListener("click", () =>
    onFix($("fixed-button"), safeFixFindings(state.report), null));
  $("copy-download").addEventListener("click", onDownloadCopy);
  $("copy-restore").addEventListener("click", onRestoreOriginal);
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

// The 插入框架 card: the 框架选项 form (remembered), 插入框架 in Word and WPS (the whole scaffold
// into an empty document; into one with text, the offer to 补写 only what is missing), 下载框架 on
// the page, and 「在此补写」 of a missing part named by a finding.

import {
  AUTO_FRAMEWORK,
  insertMissingParts,
  insertScaffold,
  offerEntries,
  optionalSections,
  prepareScaffold,
  scaffoldErrorsFromServer,
  SCAFFOLD_TEXT_FIELDS,
  validateScaffoldOptions,
} from "../pane_logic.js";
import { rememberScaffoldOptions, rememberedScaffoldOptions } from "../settings.js";
import { downloadScaffold } from "../standalone.js";
import { fillFramework, listen, state } from "../state.js";
import { $, CANCELLED, announce, busy, confirmWrite, el, showFieldErrors, showNotice } from "../ui.js";
import { recheckKeepingNotice } from "./check.js";
import { fillWorkingCopy } from "./working_copy.js";

// 框架选项 field → its input's id (errors go to `${id}-error`).
const SCAFFOLD_INPUTS = {
  title: "scaffold-title",
  author: "scaffold-author",
  position: "scaffold-position",
  items_per_dimension: "scaffold-items",
  optional_sections: "scaffold-sections",
};

// The 确认插入 dialog's words for a whole scaffold (ui.js confirmWrite).
const SCAFFOLD_TEXTS = {
  word: { heading: "确认插入框架", lead: "将在光标处插入下面的框架，插入后光标停在第一处“【请填写】”：", ok: "确认插入", note: "" },
  standalone: { heading: "确认下载框架", lead: "将生成下面的框架（.docx），下载后用 Word 或 WPS 打开填写：", ok: "下载", note: "" },
};

/** Fill the 框架选项 with the remembered values (text fields are the same for every framework). */
export function restoreScaffoldOptions() {
  const stored = rememberedScaffoldOptions();
  for (const name of SCAFFOLD_TEXT_FIELDS) {
    if (typeof stored[name] === "string") $(SCAFFOLD_INPUTS[name]).value = stored[name];
  }
  if (stored.items_per_dimension != null) $("scaffold-items").value = String(stored.items_per_dimension);
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

export async function onScaffold() {
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
      const confirm = (lines) => confirmWrite(lines, null, SCAFFOLD_TEXTS.standalone);
      const file = await downloadScaffold({ api: state.api, framework, options, doc: document, confirm });
      if (file.cancelled) showNotice("已取消，没有下载框架。", "info");
      else showNotice(`已下载 ${file.filename}，请用 Word 或 WPS 打开后填写。`, "success");
    }, showServerErrors);
  }
}

/** The whole scaffold at the cursor, once the writer has seen what it holds. Returns whether it went in. */
async function insertFullScaffold(framework, options) {
  const confirm = (lines) => confirmWrite(lines, null, SCAFFOLD_TEXTS.word);
  const result = await insertScaffold({ api: state.api, word: state.word, framework, options, confirm });
  if (result.cancelled) {
    showNotice(CANCELLED, "info");
    return false;
  }
  showNotice(
    result.placeholderSelected
      ? "已插入框架，光标停在第一处“【请填写】”，请逐项填写。"
      : "已插入框架。",
    "success",
  );
  return true;
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
    if (await insertFullScaffold(framework, options)) closeScaffoldOffer();
  }, (fields) => showScaffoldErrors(scaffoldErrorsFromServer(fields)));
}

/**
 * 「在此补写」 on a missing-part finding: show where that part goes, insert it on 确认插入 (in
 * Word and WPS into the document, on the page into the working copy), then check again.
 */
export async function onFillPart(button, part) {
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

export function wireScaffold() {
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
    rememberScaffoldOptions(scaffoldFormValues(), state.framework?.id);
  });
  $("scaffold-fill-missing").addEventListener("click", onFillMissing);
  $("scaffold-full").addEventListener("click", onFullScaffold);
  $("scaffold-offer-cancel").addEventListener("click", closeScaffoldOffer);
  listen("framework-chosen", () => {
    closeScaffoldOffer();
    drawScaffoldOptions();
  });
  // Under 自动识别 the title and optional sections follow the framework the check recognised.
  listen("report", (report) => {
    if (report && state.choice === AUTO_FRAMEWORK) drawScaffoldOptions();
  });
}

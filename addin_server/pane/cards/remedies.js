// The 填写整改措施 card: the aspects by need, 推荐整改措施 (ranked by the report's problems), the
// form that fills a remedy's parameters with its live preview, 加入已选 / 只插入这一条, and
// 「为此写措施」 of a problem without a measure. What 已选 becomes is basket.js.

import {
  addToBasket,
  dimensionsByNeed,
  parameterErrorsFromServer,
  previewParts,
  problemForFinding,
  problemTexts,
  validateParameters,
} from "../pane_logic.js";
import { listen, state } from "../state.js";
import { $, busy, clearNotice, el, showFieldErrors, showNotice } from "../ui.js";
import { basketAction, chosenEntry, drawBasket, insertChosen, markChosenRemedies } from "./basket.js";
import { recheckKeepingNotice } from "./check.js";

/**
 * 「为此写措施」 on a problem without a measure: the remedies of its aspect ranked for that one
 * problem (those the document's 整改措施 already has left out), in the remedy list; the one chosen
 * is inserted with the problem, so the measure opens with the problem's words.
 */
export async function onWriteMeasure(button, finding) {
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

export async function onRank() {
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

export function wireRemedies() {
  $("rank-button").addEventListener("click", onRank);
  $("remedy-form").addEventListener("submit", onRemedySubmit);
  $("remedy-dimension").addEventListener("change", () => {
    showChosenDimension();
    closeRemedyForm();
    $("remedy-list").replaceChildren();
  });
  $("remedy-cancel").addEventListener("click", closeRemedyForm);
  $("remedy-insert-now").addEventListener("click", () => chooseRemedy({ insertNow: true }));
  listen("framework-chosen", () => {
    closeRemedyForm();
    $("remedy-list").replaceChildren();
    drawRemedyDimensions();
  });
  // After a report the aspect that most needs remedies comes first (dimensionsByNeed).
  listen("report", () => drawRemedyDimensions());
}

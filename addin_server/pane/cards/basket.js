// 已选: the remedies chosen on the 填写整改措施 card, and what they become, decided by the host —
// in Word and WPS inserted into the open document in one batch (插入位置: under 整改措施 or at
// the cursor); on the page 补齐 puts them, with what is missing, into the working copy (without
// an upload, they are downloaded as a document of their own).

import { AUTO_FRAMEWORK, basketSelections, insertRemedies, remediesInsertedNotice, remedySpec } from "../pane_logic.js";
import { downloadRemedies } from "../standalone.js";
import { fillFramework, listen, state } from "../state.js";
import { $, announce, busy, confirmWrite, el, explain, showNotice } from "../ui.js";
import { StaleParagraphError } from "../word.js";
import { fillWorkingCopy, updateFillButton } from "./working_copy.js";

/** The 已选 entry of a remedy for a dimension, or undefined. */
export function chosenEntry(dimension, remedyId) {
  return state.basket.find((e) => e.dimension === dimension && e.remedy.id === remedyId);
}

/** The recommendations already in 已选 say so; choosing one again changes its values. */
export function markChosenRemedies() {
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

/**
 * What 已选 becomes, decided by the host: in Word and WPS the chosen remedies are inserted into the
 * open document in one batch; on the page they go into the uploaded document, as one download.
 */
export function basketAction() {
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
export async function insertChosen(entries, button, { where = chosenPlace(), showServerErrors = null } = {}) {
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

export function drawBasket() {
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

export function wireBasket() {
  $("basket-commit").addEventListener("click", () => basketAction().run());
  $("basket-clear").addEventListener("click", onClearBasket);
  $("fill-download-button").addEventListener("click", () => onFillUpload($("fill-download-button")));
  // Another framework: remedies chosen for its aspects do not belong.
  listen("framework-chosen", () => {
    state.basket = [];
    drawBasket();
  });
  // Under 自动识别: remedies chosen for another framework's aspects do not belong in this document.
  listen("report", (report) => {
    if (!report || state.choice !== AUTO_FRAMEWORK) return;
    const others = state.basket.filter((e) => e.framework !== state.framework?.id).length;
    if (others) {
      state.basket = state.basket.filter((e) => e.framework === state.framework?.id);
      drawBasket();
      showNotice(`本文识别为“${state.framework.title}”，原先按其他框架选的 ${others} 条整改措施已移出“已选”，请按本框架重新选用。`, "info");
    }
  });
}

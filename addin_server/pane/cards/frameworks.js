// The 框架 card: which framework the pane works by (自动识别 or one from the list), its
// description, 新建框架 (the aspects pasted or taken from the document, previewed, saved) and the
// writer's own frameworks (删除).

import {
  AUTO_FRAMEWORK,
  aspectLinesFromBox,
  effectiveFramework,
  frameworkLabel,
  initialFrameworkChoice,
} from "../pane_logic.js";
import { rememberFramework, rememberedFramework } from "../settings.js";
import { listen, state, tell } from "../state.js";
import { $, busy, el, explain, showFieldErrors, showNotice } from "../ui.js";

export async function loadFrameworks(selectId = null) {
  const select = $("framework");
  try {
    const data = await state.api.frameworks();
    state.frameworks = data.frameworks;
    state.defaultFramework = data.default;
    const chosen = selectId ?? initialFrameworkChoice(rememberedFramework(), data);
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

/** Work by `choice`: what every card drew for the previous framework is dropped (tell). */
function selectFramework(choice) {
  state.choice = choice;
  state.report = null;
  state.paragraphs = null;
  state.framework = effectiveFramework(choice, state.frameworks, state.defaultFramework);
  $("framework-description").textContent = describeChoice();
  tell("framework-chosen");
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
    rememberFramework(saved.id);
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
    rememberFramework(keep);
    await loadFrameworks(keep);
    showNotice(`已删除框架“${framework.title}”。`, "success");
  });
}

export function wireFrameworks() {
  $("framework").addEventListener("change", (event) => {
    rememberFramework(event.target.value);
    selectFramework(event.target.value);
  });
  $("new-framework-form").addEventListener("submit", onPreviewFramework);
  $("new-framework-form").addEventListener("input", (event) => {
    const error = event.target.closest(".field")?.querySelector(".field-error");
    if (error) error.hidden = true;
    event.target.removeAttribute("aria-invalid");
    $("nf-save").hidden = true;
  });
  $("nf-save").addEventListener("click", onSaveFramework);
  $("nf-from-document").addEventListener("click", onAspectsFromDocument);
  // 用文中标题新建框架, under a report whose headings fit no framework.
  $("recognition-new").addEventListener("click", () => {
    $("nf-aspects").value = (state.report?.recognition?.headings ?? []).join("\n");
    $("new-framework").open = true;
    $("nf-title").focus();
  });
  // Under 自动识别 the description names the framework the check recognised.
  listen("report", (report) => {
    if (report && state.choice === AUTO_FRAMEWORK) $("framework-description").textContent = describeChoice();
  });
}

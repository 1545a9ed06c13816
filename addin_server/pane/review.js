// The review page (/review): a set of materials checked at once by POST /api/review, which streams
// NDJSON progress events and then the result. The server keeps nothing: exports send the result
// back (POST /api/review/export), annotated copies send the files again with their findings
// (POST /api/review/annotated). Everything the documents say is put on the page as text, never
// as markup.

import { chinesePart } from "./api.js";
import { saveBlob } from "./standalone.js";

const ACCEPTED = /\.(docx|doc|wps|zip)$/i;
const LOCK_FILE = /(^|\/)~\$/;

const state = {
  sets: { current: [], previous: [] },
  result: null,
  labels: {},
  // The server's ranking (大段照搬, then 雷同组 and 照搬上年度 of half or more), then by file name.
  sort: { key: "rank", direction: -1 },
  expanded: new Set(),
};

const $ = (selector) => document.querySelector(selector);

function element(tag, { text, className, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function notify(message) {
  $("#notice-text").textContent = message;
  $("#notice").hidden = false;
}

function percent(ratio) {
  return `${Math.round(ratio * 100)}%`;
}

// ---- choosing files ---------------------------------------------------------------------------

function displayName(file) {
  return file.webkitRelativePath || file.relativePath || file.name;
}

function addFiles(set, files) {
  const known = new Set(state.sets[set].map(displayName));
  const skipped = [];
  for (const file of files) {
    const name = displayName(file);
    if (!ACCEPTED.test(name) || LOCK_FILE.test(name)) {
      // Word's lock files and a folder's hidden files are nobody's material: left out unsaid.
      if (!LOCK_FILE.test(name) && !file.name.startsWith(".")) skipped.push(file.name);
      continue;
    }
    if (!known.has(name)) {
      state.sets[set].push(file);
      known.add(name);
    }
  }
  showSet(set, skipped);
}

// The files left out, named (a notice as .pdf dropped with the materials), each in 「」.
const NAMED_SKIPPED = 3;

function showSet(set, skipped = []) {
  const files = state.sets[set];
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  const zips = files.filter((f) => /\.zip$/i.test(f.name)).length;
  let text = files.length ? `已选 ${files.length} 个文件（${(bytes / 2 ** 20).toFixed(1)} MB${zips ? `，其中压缩包 ${zips} 个` : ""}）` : "未选择";
  if (skipped.length) {
    const named = skipped.slice(0, NAMED_SKIPPED).map((n) => `「${n}」`).join("");
    text += `；已跳过 ${skipped.length} 个不是 .docx/.doc/.wps/.zip 的文件：${named}${skipped.length > NAMED_SKIPPED ? " 等" : ""}`;
  }
  $(`#${set}-summary`).textContent = text;
  $(`#${set}-clear`).hidden = !files.length;
  $("#start-button").disabled = !state.sets.current.length;
}

// Files and folders dropped from the file manager: folders are walked (webkitGetAsEntry).
async function droppedFiles(dataTransfer) {
  const entries = [...dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return [...dataTransfer.files];
  const out = [];
  async function walk(entry, path) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      file.relativePath = path + file.name;
      out.push(file);
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, `${path}${entry.name}/`);
      }
    }
  }
  for (const entry of entries) await walk(entry, "");
  return out;
}

function wireSet(set) {
  for (const id of [`#${set}-files`, `#${set}-folder`]) {
    $(id).addEventListener("change", (event) => {
      addFiles(set, event.target.files);
      event.target.value = "";
    });
  }
  $(`#${set}-clear`).addEventListener("click", () => {
    state.sets[set] = [];
    showSet(set);
  });
  const zone = $(`#${set}-zone`);
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", async (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    addFiles(set, await droppedFiles(event.dataTransfer));
  });
}

function formWith(set, form) {
  for (const file of state.sets[set]) form.append(set === "current" ? "files" : "previous", file, displayName(file));
}

// ---- running the review -----------------------------------------------------------------------

async function errorMessage(response) {
  try {
    const body = await response.json();
    return chinesePart(body.error?.message) || `服务返回错误（${response.status}）`;
  } catch {
    return `服务返回错误（${response.status}）`;
  }
}

async function startReview() {
  const form = new FormData();
  formWith("current", form);
  formWith("previous", form);
  form.append("framework", $("#framework").value);
  form.append("include_format", $("#include-format").checked ? "true" : "false");
  $("#start-button").disabled = true;
  $("#progress-box").hidden = false;
  $("#progress").removeAttribute("value");
  $("#progress-text").textContent = "正在上传材料…";
  $("#notice").hidden = true;
  try {
    const response = await fetch("/api/review", { method: "POST", body: form, headers: { Accept: "application/x-ndjson" } });
    if (!response.ok) throw new Error(await errorMessage(response));
    const result = await readEvents(response);
    showResult(result);
  } catch (error) {
    notify(error instanceof TypeError ? "无法连接本机的对照检查服务，请确认服务正在运行后重试。" : error.message);
  } finally {
    $("#start-button").disabled = !state.sets.current.length;
    $("#progress-box").hidden = true;
  }
}

async function readEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let result = null;
  const broken = "审阅没有完成（连接中断），请重试或分批上传。";
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      // The connection closed in the middle of the stream (the server stopped, or cut a review
      // that stalled): not "cannot connect", which is what a bare fetch error would say.
      throw new Error(broken);
    }
    const { value, done } = chunk;
    buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    let cut;
    while ((cut = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, cut).trim();
      buffer = buffer.slice(cut + 1);
      if (!line) continue;
      const event = JSON.parse(line);
      if (event.type === "start") {
        $("#progress").max = Math.max(1, event.total);
        $("#progress").value = 0;
        $("#progress-text").textContent = `共 ${event.files} 份本年度材料${event.previous ? `、${event.previous} 份上年度材料` : ""}，正在检查…`;
      } else if (event.type === "progress") {
        $("#progress").max = event.total;
        $("#progress").value = event.done;
        $("#progress-text").textContent = event.done < event.total
          ? `已检查 ${event.done} / ${event.total} 份（${event.name}）`
          : event.stage === "compare"
            ? `已检查 ${event.total} 份，${event.name}…`
            : `已检查 ${event.total} 份，正在比对雷同和上年度材料…`;
      } else if (event.type === "result") {
        result = event.result;
      } else if (event.type === "error") {
        throw new Error(event.message);
      }
    }
    if (done) break;
  }
  if (!result) throw new Error(broken);
  return result;
}

// ---- the table --------------------------------------------------------------------------------

function shortTitle(title) {
  for (const suffix of ["方面", "情况"]) {
    if (title.endsWith(suffix) && title.length > suffix.length + 1) return title.slice(0, -suffix.length);
  }
  return title;
}

function countCodes(row, prefixes) {
  return Object.entries(row.codes ?? {}).reduce((n, [code, k]) => n + (prefixes.some((p) => code.startsWith(p)) ? k : 0), 0);
}

// Half a material or more found in another is copying (review/exports.py COPIED_ERROR_SHARE);
// half its 存在问题 found in last year's, 照搬上年度 (CARRIED_RANK_SHARE).
const COPIED_SHARE = 0.5;
const CARRIED_SHARE = 0.5;
// Substance findings (checks/substance/, review.boilerplate): code → what the column says.
const SUBSTANCE = {
  "content.generic": "问题空泛",
  "content.praise_as_problem": "以表扬代批评",
  "content.blames_others": "写他人问题",
  "content.cause_restates": "原因重复问题",
  "content.measure_vague": "措施空泛",
  "review.boilerplate": "千篇一律",
};

function substanceCounts(row) {
  return Object.entries(SUBSTANCE)
    .filter(([code]) => (row.codes?.[code] ?? 0) > 0)
    .map(([code, label]) => ({ code, label, count: row.codes[code] }));
}

function indexResult(result) {
  const similar = new Map();
  const carried = new Map();
  for (const pair of result.similar) {
    for (const [me, other, share] of [[pair.a, pair.b, pair.ratio_a], [pair.b, pair.a, pair.ratio_b]]) {
      if (!similar.has(me)) similar.set(me, []);
      similar.get(me).push({ pair, other, share, mine: me === pair.a ? "a" : "b" });
    }
  }
  for (const c of result.carried_over ?? []) {
    if (!carried.has(c.name)) carried.set(c.name, []);
    carried.get(c.name).push(c);
  }
  return result.files.map((row) => {
    const mySimilar = (similar.get(row.name) ?? []).sort((x, y) => y.share - x.share);
    const myCarried = (carried.get(row.name) ?? []).sort((x, y) => y.ratio - x.ratio);
    const dims = row.dimensions ?? [];
    const substance = substanceCounts(row);
    const copied = row.copied ?? mySimilar[0]?.share ?? 0;
    return {
      row,
      similar: mySimilar,
      carried: myCarried,
      substance,
      copied: copied >= COPIED_SHARE,
      // Missing parts first (「整改措施部分」), then missing aspects: as exports.missing_parts.
      missing: [...(row.missing_sections ?? []).map((t) => `${t}部分`),
        ...dims.filter((d) => !d.present).map((d) => shortTitle(d.title))],
      keys: {
        name: row.sort?.name ?? row.name,
        author: row.sort?.author ?? row.author ?? "",
        unit: row.sort?.unit ?? row.unit ?? "",
        framework: row.framework_title ?? "",
        verdict: row.ok ? (row.complete ? 2 : 1) : 0,
        missing: (row.missing_sections ?? []).length + dims.filter((d) => !d.present).length,
        items: dims.reduce((n, d) => n + (d.items || 0), 0),
        unmatched: row.codes?.["remedy.unmatched"] ?? 0,
        proof: countCodes(row, ["lint.", "proof."]),
        format: countCodes(row, ["format."]),
        similar: mySimilar[0]?.share ?? 0,
        carried: myCarried[0]?.ratio ?? 0,
        substance: substance.reduce((n, s) => n + s.count, 0),
        // The server's ranking (review/exports.py ranks): 大段照搬, then 雷同组 and 照搬上年度.
        rank: row.sort?.rank ?? (copied >= COPIED_SHARE ? 2 + copied : 0),
      },
    };
  });
}

function hasProblems(item) {
  const { row } = item;
  return !row.ok || !row.complete || item.similar.length || item.carried.length ||
    Object.keys(row.codes ?? {}).length > 0;
}

function passesFilter(item) {
  const filter = $("#filter").value;
  const { row } = item;
  if (filter === "all") return true;
  if (filter === "copied") return item.copied;
  if (filter === "incomplete") return !row.ok || !row.complete;
  if (filter === "carried") return item.carried.length > 0;
  if (filter === "substance") return item.substance.length > 0;
  return (row.codes?.[filter] ?? 0) > 0;
}

// Columns that count what is wrong (or how much is copied): a reviewer clicks them for the worst
// materials, so the first click puts the most first; names, units and the verdict (无法检查,
// 不完整 before 完整) go up.
const MOST_FIRST = new Set(["missing", "unmatched", "proof", "format", "substance", "similar", "carried"]);

function sortedItems() {
  const { key, direction } = state.sort;
  const items = state.items.filter((item) => (!$("#only-problems").checked || hasProblems(item)) && passesFilter(item));
  return items.sort((x, y) => {
    const a = x.keys[key];
    const b = y.keys[key];
    const order = typeof a === "number" ? a - b : a < b ? -1 : a > b ? 1 : 0;
    return order * direction || (x.keys.name < y.keys.name ? -1 : 1);
  });
}

function cell(text, className) {
  return element("td", { text: String(text ?? ""), className });
}

function materialRow(item) {
  const { row } = item;
  const tr = element("tr", { className: `material${row.ok ? "" : " broken"}${item.copied ? " copied" : ""}`, attrs: { "data-name": row.name, "aria-expanded": String(state.expanded.has(row.name)), tabindex: "0" } });
  tr.append(cell(row.name));
  if (!row.ok) {
    tr.append(element("td", { text: `无法检查：${row.error ?? ""}`, className: "message", attrs: { colspan: "12" } }));
    return tr;
  }
  // A material on another framework than most of the set's says so (exports.framework_cell).
  const main = state.result?.main_framework;
  const otherFramework = main && row.framework_title && row.framework_title !== main;
  tr.append(cell(row.author ?? "—"), cell(row.unit ?? ""),
    cell(otherFramework ? `${row.framework_title}（本批多数材料用「${main}」，请核对是否用错框架）` : (row.framework_title ?? ""),
      otherFramework ? "flag" : ""));
  const bad = !row.complete || (row.carried ?? 0) >= CARRIED_SHARE;
  tr.append(element("td", { text: verdictText(row, item), className: bad ? "verdict-bad" : "verdict-ok" }));
  // 「；」: aspect titles themselves contain 「、」 (理论学习、政治素质 …).
  tr.append(cell(item.missing.join("；"), item.missing.length ? "flag" : ""));
  tr.append(cell((row.dimensions ?? []).filter((d) => d.present).map((d) => `${shortTitle(d.title)} ${d.items}`).join("；")));
  tr.append(cell(item.keys.unmatched || "", "num"), cell(item.keys.proof || "", "num"), cell(item.keys.format || "", "num"));
  tr.append(cell(item.substance.map((s) => `${s.label} ${s.count}`).join("；"), item.substance.length ? "substance" : ""));
  const top = item.similar[0];
  const copiedLabel = item.copied ? "大段照搬 " : "";
  tr.append(cell(top ? `${copiedLabel}${percent(top.share)}（${top.other}${item.similar.length > 1 ? ` 等 ${item.similar.length} 份` : ""}）` : "", top ? "flag similar" : ""));
  const old = item.carried[0];
  tr.append(cell(old ? `${percent(old.ratio)}（${old.previous}）` : "", old ? "flag carried" : ""));
  return tr;
}

function passageTable(caption, leftTitle, rightTitle, passages, leftKey, rightKey) {
  const table = element("table", { className: "passages" });
  table.append(element("caption", { text: caption }));
  table.append(element("tr", {}, [element("th", { text: leftTitle }), element("th", { text: rightTitle })]));
  for (const p of passages) {
    table.append(element("tr", {}, [
      element("td", { text: p[leftKey] || p.text, className: "passage-left" }),
      element("td", { text: p[rightKey] || p.text, className: "passage-right" }),
    ]));
  }
  return table;
}

function detailsRow(item) {
  const { row } = item;
  const td = element("td", { attrs: { colspan: "13" } });
  if (row.title) td.append(element("p", { text: `标题：${row.title}` }));
  if (row.recognition?.reason) {
    td.append(element("p", { className: row.recognition.fits === false ? "flag" : "hint", text: `框架：${row.recognition.reason}` }));
  }
  td.append(element("h4", { text: `发现的问题（${(row.findings ?? []).length}）` }));
  const list = element("ul", { className: "findings" });
  for (const f of row.findings ?? []) {
    const label = state.labels[f.code] ?? f.code;
    const where = Number.isInteger(f.paragraph) ? `第 ${f.paragraph + 1} 段 · ` : "";
    list.append(element("li", { attrs: { "data-code": f.code } }, [
      element("span", { className: `badge ${f.severity}`, text: f.severity_label ?? f.severity }),
      document.createTextNode(`${where}${label}：${f.message}`),
    ]));
  }
  if (!(row.findings ?? []).length) list.append(element("li", { text: "没有发现问题。" }));
  td.append(list);
  for (const s of item.similar) {
    const other = s.mine === "a" ? "b" : "a";
    td.append(passageTable(
      `与「${s.other}」雷同：相同 ${s.pair.shared_chars} 字，占本人所写 ${percent(s.share)}、占对方所写 ${percent(s.mine === "a" ? s.pair.ratio_b : s.pair.ratio_a)}`,
      `本材料：${row.name}`, `对方：${s.other}`, s.pair.passages, `${s.mine}_text`, `${other}_text`));
  }
  for (const c of item.carried) {
    td.append(passageTable(
      `照搬上年度问题：与上年度「${c.previous}」${c.same_writer ? "（同一署名）" : ""}相同 ${c.shared_chars} 字，占本年度本人所写问题 ${percent(c.ratio)}`,
      "本年度", `上年度：${c.previous}`, c.passages, "a_text", "b_text"));
  }
  return element("tr", { className: "details-row", attrs: { "data-details-for": row.name } }, [td]);
}

function renderTable() {
  const body = $("#review-table tbody");
  body.replaceChildren();
  for (const item of sortedItems()) {
    body.append(materialRow(item));
    if (state.expanded.has(item.row.name) && item.row.ok) body.append(detailsRow(item));
  }
  for (const th of document.querySelectorAll("#review-table th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort === state.sort.key ? (state.sort.direction > 0 ? "ascending" : "descending") : "none");
  }
}

// 完整 / 不完整 — and 「大段照搬」 for a material half or more copied, which is why it counts as not
// complete (exports.verdict says the same in the workbook and the report).
function verdictText(row, item) {
  if (item.copied) {
    const ownErrors = (row.findings ?? []).some((f) => f.severity === "error" && f.code !== "review.similar");
    return ownErrors ? "大段照搬，且不完整" : "大段照搬";
  }
  if ((row.carried ?? 0) >= CARRIED_SHARE) {
    // How many problems are last year's (exports.carried_items_note): the share column counts characters.
    const [repeated, items] = row.carried_items ?? [0, 0];
    return (row.complete ? "照搬上年度" : "照搬上年度，且不完整") + (repeated ? `（${items} 条问题中 ${repeated} 条）` : "");
  }
  return row.complete ? "完整" : "不完整";
}

function showResult(result) {
  state.result = result;
  state.labels = result.code_labels ?? {};
  state.items = indexResult(result);
  state.expanded.clear();
  const s = result.summary;
  const frameworks = (s.frameworks ?? []).join("；") || result.framework_title || "未识别";
  // The server's lines (frameworks found, files, where from, date), as the HTML report opens.
  $("#results-header").replaceChildren(...(result.header ?? [
    `框架：${frameworks}${(s.frameworks ?? []).length > 1 ? "（本批材料使用了不同框架）" : ""}`,
    `审阅日期：${result.date ?? ""}`,
  ]).map((line) => element("span", { text: line })));
  let text = `共 ${s.files} 份：完整 ${s.complete} 份，不完整 ${s.readable - s.complete} 份，无法检查 ${s.unreadable} 份；大段照搬 ${s.copied_half ?? 0} 份；疑似雷同 ${s.similar_pairs} 对`;
  if (s.previous_files !== undefined) text += `；照搬上年度 ${s.carried_over} 份（比对上年度材料 ${s.previous_files} 份）`;
  text += `。用时 ${result.elapsed_s} 秒。`;
  for (const note of result.incomplete ?? []) text += `注意：${note}。`;
  $("#results-summary").textContent = text;
  const clusters = result.clusters ?? [];
  $("#cluster-list").replaceChildren(...clusters.map((names, i) =>
    element("li", { text: `第 ${i + 1} 组（${names.length} 份）：${names.join("；")}`, attrs: { "data-cluster": String(i + 1) } })));
  $("#clusters").hidden = clusters.length === 0;
  $("#results").hidden = false;
  renderTable();
}

function toggle(name) {
  if (state.expanded.has(name)) state.expanded.delete(name);
  else state.expanded.add(name);
  renderTable();
}

// ---- exports ----------------------------------------------------------------------------------

async function exportAs(format) {
  const response = await fetch(`/api/review/export?format=${format}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state.result),
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  saveBlob(await response.blob(), `对照检查材料审阅报告.${format}`);
}

async function downloadAnnotated() {
  const form = new FormData();
  formWith("current", form);
  const report = { files: state.result.files.map((f) => ({ name: f.name, ok: f.ok, findings: f.findings ?? [] })) };
  form.append("report", JSON.stringify(report));
  const response = await fetch("/api/review/annotated", { method: "POST", body: form });
  if (!response.ok) throw new Error(await errorMessage(response));
  saveBlob(await response.blob(), "对照检查材料批注版.zip");
}

async function busy(button, work) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "正在生成…";
  try {
    await work();
  } catch (error) {
    notify(error instanceof TypeError ? "无法连接本机的对照检查服务，请确认服务正在运行后重试。" : error.message);
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

// ---- start ------------------------------------------------------------------------------------

async function loadFrameworks() {
  try {
    const response = await fetch("/api/frameworks", { headers: { Accept: "application/json" } });
    const data = await response.json();
    const select = $("#framework");
    // Recognition of each material's framework, where the engine offers it (issue 10's "auto").
    if (data.check_default === "auto" || data.default === "auto") {
      select.prepend(element("option", { text: "自动识别（按文中各方面标题）", attrs: { value: "auto" } }));
      select.value = "auto";
    }
    for (const fw of data.frameworks ?? []) {
      select.append(element("option", { text: fw.title + (fw.default ? "（默认）" : ""), attrs: { value: fw.id } }));
    }
  } catch {
    notify("无法读取框架列表：将按自动识别或默认框架检查。");
  }
}

function init() {
  wireSet("current");
  wireSet("previous");
  $("#notice-close").addEventListener("click", () => { $("#notice").hidden = true; });
  $("#start-button").addEventListener("click", startReview);
  $("#only-problems").addEventListener("change", renderTable);
  $("#filter").addEventListener("change", renderTable);
  for (const th of document.querySelectorAll("#review-table th[data-sort]")) {
    th.addEventListener("click", () => {
      const key = th.dataset.sort;
      const first = MOST_FIRST.has(key) ? -1 : 1;
      state.sort = { key, direction: state.sort.key === key ? -state.sort.direction : first };
      renderTable();
    });
  }
  const body = $("#review-table tbody");
  body.addEventListener("click", (event) => {
    const tr = event.target.closest("tr.material");
    if (tr && !tr.classList.contains("broken")) toggle(tr.dataset.name);
  });
  body.addEventListener("keydown", (event) => {
    const tr = event.target.closest("tr.material");
    if (tr && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      if (!tr.classList.contains("broken")) toggle(tr.dataset.name);
    }
  });
  for (const button of document.querySelectorAll("[data-export]")) {
    button.addEventListener("click", () => busy(button, () => exportAs(button.dataset.export)));
  }
  $("#annotated-button").addEventListener("click", (event) => busy(event.currentTarget, downloadAnnotated));
  loadFrameworks().finally(() => { document.body.dataset.ready = "true"; });
}

init();

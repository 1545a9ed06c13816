// Unit tests of addin_server/pane/wps.js (the WPS 文字 adapter) against the documented WPS test
// double (tests/e2e/wps_double.js, the same one the browser tests inject), and of the pane's host
// pick (addin_server/pane/host.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import "../e2e/wps_double.js";
import { createWpsAdapter, placeholderSpan, wpsApplication } from "../../addin_server/pane/wps.js";
import { StaleParagraphError, WordUnavailableError } from "../../addin_server/pane/word.js";
import { applyPlan, insertMissingParts, insertRemedies } from "../../addin_server/pane/pane_logic.js";
import { docxBase64 } from "./docx.mjs";

function wpsHost(config) {
  const host = globalThis.__createWpsDouble(config);
  return { ...host, adapter: createWpsAdapter({ Application: host.Application }) };
}

const MATERIAL = [
  { text: "对照检查材料", style: "标题 1" },
  { text: "一、存在问题", style: "标题 2", listString: "" },
  { text: "在理论学习方面：一是学得不深。", style: "正文" },
  { text: "存在问题", style: "正文", listString: "二、" },
  { text: "表格里的一段", inTable: true },
];

test("readParagraphs gives text, style, outline level, list numbering and table flag", async () => {
  const { adapter } = wpsHost({ paragraphs: MATERIAL });
  const paragraphs = await adapter.readParagraphs();
  assert.equal(paragraphs.length, 5);
  assert.deepEqual(paragraphs[0], {
    text: "对照检查材料", style: "标题 1", outlineLevel: 1, isListItem: false, listString: "", tableNestingLevel: 0,
  });
  assert.equal(paragraphs[2].outlineLevel, 10);
  assert.equal(paragraphs[3].listString, "二、");
  assert.equal(paragraphs[3].isListItem, true);
  assert.equal(paragraphs[4].tableNestingLevel, 1);
  // No paragraph mark leaks into the text the server sees.
  assert.ok(paragraphs.every((p) => !/[\r\u0007]/.test(p.text)));
});

test("readParagraphs gives a table paragraph its column, as word.js does (Range.Cells(1).ColumnIndex - 1)", async () => {
  const rows = [["序号", "存在问题", "整改措施"], ["1", "学得不深", "每月自学"]];
  const cells = rows.flatMap((row) => row.map((text, tableColumn) => ({ text, inTable: true, tableColumn })));
  const { adapter } = wpsHost({ paragraphs: [{ text: "附件：个人问题整改清单" }, ...cells] });
  const paragraphs = await adapter.readParagraphs();
  assert.equal("tableColumn" in paragraphs[0], false);
  assert.deepEqual(paragraphs.slice(1).map((p) => [p.tableNestingLevel, p.tableColumn]),
    [[1, 0], [1, 1], [1, 2], [1, 0], [1, 1], [1, 2]]);
});

test("a soft line break (\\v) reaches the server as \\n", async () => {
  const { adapter } = wpsHost({ paragraphs: [{ text: "第一行\u000b第二行" }] });
  assert.equal((await adapter.readParagraphs())[0].text, "第一行\n第二行");
});

test("selectParagraph selects the paragraph, and follows text that moved", async () => {
  const { adapter, double } = wpsHost({ paragraphs: MATERIAL });
  assert.equal(await adapter.selectParagraph(2), 2);
  assert.deepEqual(double.selectedIndexes(), [2]);
  assert.equal(double.selectedText(), "在理论学习方面：一是学得不深。\r");

  double.setParagraphs([{ text: "新加的一段" }, ...MATERIAL]);
  assert.equal(await adapter.selectParagraph(2, "在理论学习方面：一是学得不深。"), 3);
  assert.deepEqual(double.selectedIndexes(), [3]);
  await assert.rejects(adapter.selectParagraph(2, "已经删掉的一段"), StaleParagraphError);
});

test("insertDocx puts the scaffold after the cursor with InsertXML and selects the whole placeholder", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "" }] });
  const base64 = docxBase64([["一、存在问题", "Heading1"], ["一是【请填写：问题】。", null]]);
  const result = await adapter.insertDocx(base64, "cursor");
  assert.deepEqual(result, { method: "ooxml", placeholderSelected: true });
  assert.deepEqual(double.texts(), ["一、存在问题", "一是【请填写：问题】。", ""]);
  assert.equal(double.state.paragraphs[0].style, "标题 1");
  assert.equal(double.selectedText(), "【请填写：问题】");
  assert.deepEqual(double.state.undo, [{ name: "插入框架", open: false }]);
});

test("when WPS refuses InsertXML the paragraphs go in with their styles", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "前文" }, { text: "" }], refuse: ["InsertXML"] });
  double.setSelection(double.startOf(1));
  const base64 = docxBase64([["二、原因剖析", "Heading1"], ["【请填写：原因】", null]]);
  const result = await adapter.insertDocx(base64, "cursor");
  assert.deepEqual(result, { method: "paragraphs", placeholderSelected: true });
  // The empty paragraph at the cursor is filled, not left behind.
  assert.deepEqual(double.texts(), ["前文", "二、原因剖析", "【请填写：原因】"]);
  assert.deepEqual(double.state.paragraphs.map((p) => p.outlineLevel), [10, 1, 10]);
  assert.equal(double.selectedText(), "【请填写：原因】");
  assert.ok(double.state.calls.some((c) => c.method === "InsertXML"), "InsertXML was tried first");
});

test("insertDocx in the middle of a paragraph splits it, as Word does", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "前半后半" }], refuse: ["InsertXML"] });
  double.setSelection(2);
  await adapter.insertDocx(docxBase64([["插入的", null]]), "cursor");
  assert.deepEqual(double.texts(), ["前半", "插入的", "后半"]);
});

test("insertDocx takes the Flat OPC the pane prepared when no file is given", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "" }], refuse: ["InsertXML"] });
  const { docxToFlatOpc } = await import("../../addin_server/pane/docx_convert.js");
  const ooxml = await docxToFlatOpc(docxBase64([["仅有 OOXML", null]]));
  await adapter.insertDocx(null, "end", { ooxml });
  assert.deepEqual(double.texts().filter(Boolean), ["仅有 OOXML"]);
});

test("applyEdits replaces the spans (code points), last first, and skips what changed", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "标题" }, { text: "𠮷字：加强学习,,提高认识." }] });
  const edits = [
    { paragraph: 1, start: 7, end: 9, replacement: "，" },
    { paragraph: 1, start: 13, end: 14, replacement: "。" },
    { paragraph: 1, start: 0, end: 1, replacement: "吉" },
  ];
  const result = await adapter.applyEdits(edits, { expected: { 1: "𠮷字：加强学习,,提高认识." } });
  assert.deepEqual(result, { applied: 3, skipped: 0 });
  assert.deepEqual(double.texts(), ["标题", "吉字：加强学习，提高认识。"]);
  assert.equal(double.state.undo.at(-1).name, "改正");

  // A paragraph moved down is found by its text; one that is gone is skipped.
  double.setParagraphs([{ text: "新段" }, { text: "标题" }, { text: "提高认识." }]);
  const moved = await adapter.applyEdits([{ paragraph: 1, start: 4, end: 5, replacement: "。" }], { expected: { 1: "提高认识." } });
  assert.deepEqual(moved, { applied: 1, skipped: 0 });
  assert.deepEqual(double.texts(), ["新段", "标题", "提高认识。"]);
  const gone = await adapter.applyEdits([{ paragraph: 0, start: 0, end: 1, replacement: "x" }], { expected: { 0: "已删除的段" } });
  assert.deepEqual(gone, { applied: 0, skipped: 1 });
});

test("insertParagraphs puts each group after its anchor, in the style of its model", async () => {
  const paragraphs = [
    { text: "一、存在问题", style: "标题 1" },
    { text: "（一）理论学习方面", style: "标题 2" },
    { text: "一是学得不深。", style: "条目" },
    { text: "（三）担当作为方面", style: "标题 2" },
    { text: "一是不敢碰硬。", style: "条目" },
  ];
  const { adapter, double } = wpsHost({ paragraphs, styles: ["条目"] });
  const result = await adapter.insertParagraphs([
    { after: 2, anchorText: "一是学得不深。", paragraphs: [
      { text: "（二）政治素质方面", like: 1 }, { text: "一是【请填写：问题】。", like: 2 }] },
    { after: 4, anchorText: "一是不敢碰硬。", paragraphs: [{ text: "二是【请填写：问题】。", like: null }] },
  ]);
  assert.deepEqual(result, { inserted: 3, placeholderSelected: true });
  assert.deepEqual(double.texts(), [
    "一、存在问题", "（一）理论学习方面", "一是学得不深。", "（二）政治素质方面", "一是【请填写：问题】。",
    "（三）担当作为方面", "一是不敢碰硬。", "二是【请填写：问题】。",
  ]);
  assert.deepEqual(double.state.paragraphs.map((p) => p.style), ["标题 1", "标题 2", "条目", "标题 2", "条目", "标题 2", "条目", "条目"]);
  // The first placeholder in document order is selected, whole.
  assert.equal(double.selectedText(), "【请填写：问题】");
  assert.deepEqual(double.selectedIndexes(), [4]);
  assert.equal(double.state.undo.at(-1).name, "补齐");
});

test("insertParagraphs at the start, after an empty paragraph, and refusing a moved anchor", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "" }, { text: "正文" }] });
  await adapter.insertParagraphs([
    { after: -1, paragraphs: [{ text: "标题行" }] },
    { after: 0, anchorText: "", paragraphs: [{ text: "空段之后" }] },
  ]);
  assert.deepEqual(double.texts(), ["标题行", "", "空段之后", "正文"]);
  await assert.rejects(
    adapter.insertParagraphs([{ after: 3, anchorText: "原来的文字", paragraphs: [{ text: "x" }] }]),
    StaleParagraphError,
  );
  assert.deepEqual(double.texts(), ["标题行", "", "空段之后", "正文"]); // nothing inserted
});

test("several chosen remedies go in after the last measure with one InsertAfter, as one undo step", async () => {
  const paragraphs = [
    { text: "三、整改措施", style: "标题 1" },
    { text: "一是加强学习。", style: "正文" },
    { text: "二是改进作风。", style: "正文" },
  ];
  const { adapter, double } = wpsHost({ paragraphs });
  const planned = [];
  const api = {
    fillPlan: async (body) => {
      planned.push(body);
      return {
        framework: "zhuti-2023", empty_document: false, missing: [], paragraph_count: 3,
        insertions: [{ after: 2, anchorText: "二是改进作风。", parts: ["remedies"], label: "插入 3 条整改措施",
          paragraphs: ["三是系统学习。", "四是严守纪律。", "五是补齐短板。"].map((text) => ({ text, role: "item", like: 2, level: 0 })) }],
      };
    },
  };
  const selections = ["theory", "politics", "ability"].map((dimension) => ({ dimension, remedy_id: `r-${dimension}`, params: {} }));
  const result = await insertRemedies({ api, word: adapter, framework: "zhuti-2023", renderPayload: { selections }, where: "section" });
  assert.equal(planned.length, 1);
  assert.equal(planned[0].selections.length, 3);
  assert.deepEqual(double.texts(), ["三、整改措施", "一是加强学习。", "二是改进作风。", "三是系统学习。", "四是严守纪律。", "五是补齐短板。"]);
  assert.deepEqual(double.state.paragraphs.slice(3).map((p) => p.style), ["正文", "正文", "正文"]);
  assert.equal(double.state.calls.filter((c) => c.method === "InsertAfter").length, 1);
  assert.deepEqual(double.state.undo, [{ name: "填写整改措施", open: false }]);
  assert.deepEqual([result.inserted, result.remedies, result.firstNumber], [3, 3, "三是"]);
});

test("insertDocx names its undo step as asked (remedies at the cursor)", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "" }] });
  const base64 = docxBase64([["三、整改措施", "Heading1"], ["一是加强学习。", null]]);
  await adapter.insertDocx(base64, "cursor", { undoName: "填写整改措施" });
  assert.deepEqual(double.state.undo, [{ name: "填写整改措施", open: false }]);
});

test("cursorInText tells an empty paragraph from one with text", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "有字" }, { text: "  " }] });
  assert.equal(await adapter.cursorInText(), true);
  double.setSelection(double.startOf(1));
  assert.equal(await adapter.cursorInText(), false);
});

test("goToFirstPlaceholder selects the first whole placeholder, false when none is left", async () => {
  const { adapter, double } = wpsHost({ paragraphs: [{ text: "姓名：【请填写：姓名】" }, { text: "【请填写：职务】" }] });
  assert.equal(await adapter.goToFirstPlaceholder(), true);
  assert.equal(double.selectedText(), "【请填写：姓名】");
  double.setParagraphs([{ text: "都已填写" }]);
  assert.equal(await adapter.goToFirstPlaceholder(), false);
});

test("placeholderSpan stops at the paragraph's end when a placeholder is not closed", () => {
  assert.deepEqual(placeholderSpan("前【请填写：甲】后"), [1, 8]);
  assert.deepEqual(placeholderSpan("【请填写：未闭合\r下一段】"), [0, 8]);
  assert.equal(placeholderSpan("没有"), null);
});

test("without an open document every call says what to do in Chinese", async () => {
  const { adapter } = wpsHost({ noDocument: true });
  await assert.rejects(adapter.readParagraphs(), (error) => {
    assert.ok(error instanceof WordUnavailableError);
    assert.match(error.message, /打开或新建/);
    return true;
  });
});

test("wpsApplication finds WPS through wps.WpsApplication and ignores Word's globals", () => {
  const { wps, Application } = globalThis.__createWpsDouble({});
  assert.equal(wpsApplication({ wps }), Application);
  assert.equal(wpsApplication({ wps: {}, Application }), Application);
  assert.equal(wpsApplication({ Office: {}, Word: {} }), null);
  assert.equal(wpsApplication({ Application: { ActiveDocument: {} } }), null);
});

// A missing （三） where the writer typed （三）（四） for the later aspects: the plan renumbers
// them （四）（五） (spans of the document as read) and inserts the new （三） after （二）'s item,
// its anchorText being the anchor's text once renumbered.
const GAP = [
  { text: "一、存在问题", style: "标题 1" },
  { text: "（一）理论学习方面", style: "标题 2" },
  { text: "一是学得不深。", style: "正文" },
  { text: "（二）政治素质方面", style: "标题 2" },
  { text: "一是站位不高。", style: "正文" },
  { text: "（三）践行宗旨方面", style: "标题 2" },
  { text: "一是联系群众少。", style: "正文" },
  { text: "（四）廉洁自律方面", style: "标题 2" },
  { text: "一是要求不严。", style: "正文" },
  { text: "二、原因剖析", style: "标题 1" },
];

function gapPlan() {
  return {
    framework: "zhuti-2023", empty_document: false, missing: ["dimension:ability"], paragraph_count: 2,
    renumber: [
      { paragraph: 5, start: 1, end: 2, replacement: "四", expected: "（三）践行宗旨方面" },
      { paragraph: 7, start: 1, end: 2, replacement: "五", expected: "（四）廉洁自律方面" },
    ],
    summary: ["在“（二）政治素质方面”之后补写“（三）能力本领方面”", "“（三）践行宗旨方面”改为“（四）践行宗旨方面”",
      "“（四）廉洁自律方面”改为“（五）廉洁自律方面”"],
    insertions: [{
      after: 4, anchorText: "一是站位不高。", parts: ["dimension:ability"], label: "补写“（三）能力本领方面”",
      where: "在“（二）政治素质方面”的条目之后、“（四）践行宗旨方面”之前",
      paragraphs: [{ text: "（三）能力本领方面", role: "dimension", like: 3, level: 2 },
        { text: "一是【请填写：问题】", role: "item", like: 4, level: 0 }],
    }],
  };
}

test("a plan's renumbering goes in first (applyEdits), then its insertions, shown and confirmed before", async () => {
  const { adapter, double } = wpsHost({ paragraphs: GAP });
  const shown = [];
  const api = { fillPlan: async () => gapPlan() };
  const confirm = async (lines) => {
    shown.push(lines);
    assert.deepEqual(double.texts(), GAP.map((p) => p.text), "nothing is written before the writer confirms");
    return true;
  };
  const result = await insertMissingParts({ api, word: adapter, framework: "zhuti-2023", parts: ["dimension:ability"], confirm });
  assert.deepEqual(shown, [gapPlan().summary]);
  assert.deepEqual(double.texts(), [
    "一、存在问题", "（一）理论学习方面", "一是学得不深。", "（二）政治素质方面", "一是站位不高。",
    "（三）能力本领方面", "一是【请填写：问题】", "（四）践行宗旨方面", "一是联系群众少。", "（五）廉洁自律方面", "一是要求不严。",
    "二、原因剖析",
  ]);
  // Only the number characters changed: the headings keep their style.
  assert.deepEqual([7, 9].map((i) => double.state.paragraphs[i].style), ["标题 2", "标题 2"]);
  assert.deepEqual([result.inserted, result.renumbered], [2, 2]);
  // Two steps in WPS's undo list, each named for what it did.
  assert.deepEqual(double.state.undo, [{ name: "顺延序号", open: false }, { name: "补齐", open: false }]);
  assert.equal(result.notice,
    "已在“（二）政治素质方面”的条目之后、“（四）践行宗旨方面”之前补写“（三）能力本领方面”。"
    + "后面的 2 处序号已顺延（“（三）践行宗旨方面”改为“（四）践行宗旨方面”、“（四）廉洁自律方面”改为“（五）廉洁自律方面”）。"
    + "光标停在第一处“【请填写】”，请填写。");
});

test("取消 in the preview writes nothing; a document changed meanwhile is not half renumbered", async () => {
  const { adapter, double } = wpsHost({ paragraphs: GAP });
  const api = { fillPlan: async () => gapPlan() };
  const cancelled = await insertMissingParts({ api, word: adapter, framework: "zhuti-2023", parts: ["dimension:ability"], confirm: async () => false });
  assert.equal(cancelled.cancelled, true);
  assert.deepEqual(double.texts(), GAP.map((p) => p.text));
  assert.equal(double.state.calls.filter((c) => c.method === "InsertAfter" || c.method === "setText").length, 0);

  // The writer edits a heading to renumber while the preview is open: nothing is written.
  const editing = async () => {
    double.state.paragraphs[7].text = "（四）廉洁自律方面（已改）";
    return true;
  };
  await assert.rejects(
    insertMissingParts({ api, word: adapter, framework: "zhuti-2023", parts: ["dimension:ability"], confirm: editing }),
    StaleParagraphError,
  );
  assert.deepEqual(double.texts().slice(5, 8), ["（三）践行宗旨方面", "一是联系群众少。", "（四）廉洁自律方面（已改）"]);
  assert.equal(double.texts().length, GAP.length);
  // Nothing to write: the preview is not shown, nothing happens.
  const none = await applyPlan({ word: adapter, plan: { insertions: [], renumber: [] } });
  assert.deepEqual([none.inserted, none.renumbered], [0, 0]);
});

test("appendTableRows adds rows at the end of the table and fills their cells (Rows.Add, Cell().Range.Text)", async () => {
  const rows = [["序号", "整改措施"], ["1", "每月自学"]];
  const cells = rows.flatMap((row) => row.map((text, tableColumn) => ({ text, inTable: true, tableColumn })));
  const host = wpsHost({ paragraphs: [{ text: "附件：个人问题整改清单" }, ...cells, { text: "表后" }] });
  assert.equal(host.adapter.capabilities().appendsTableRows, true);
  const result = await host.adapter.appendTableRows({ lastRow: 3, anchorText: "1", rows: [["2", "建立台账"], ["3", "现场办公"]] });
  assert.deepEqual(result, { rows: 2 });
  assert.deepEqual(host.double.texts(), ["附件：个人问题整改清单", "序号", "整改措施", "1", "每月自学", "2", "建立台账", "3", "现场办公", "表后"]);
  const read = await host.adapter.readParagraphs();
  assert.deepEqual(read.slice(5, 9).map((p) => p.tableColumn), [0, 1, 0, 1]);
  assert.equal(read[9].tableNestingLevel, 0);
  assert.deepEqual(host.double.state.undo.map((u) => u.name), ["整改清单增加行"]);
});

test("appendTableRows refuses a moved anchor or one no longer in a table, adding nothing", async () => {
  const cells = [["1", "每月自学"]].flatMap((row) => row.map((text, tableColumn) => ({ text, inTable: true, tableColumn })));
  const host = wpsHost({ paragraphs: [{ text: "正文" }, ...cells] });
  await assert.rejects(host.adapter.appendTableRows({ lastRow: 1, anchorText: "9", rows: [["2", "x"]] }), StaleParagraphError);
  await assert.rejects(host.adapter.appendTableRows({ lastRow: 0, anchorText: "正文", rows: [["2", "x"]] }), StaleParagraphError);
  assert.deepEqual(host.double.texts(), ["正文", "1", "每月自学"]);
});

// The Word pane cutting a paragraph where a plan's insertion goes inside it — at a soft line break
// (an insertion's `split`) or before the closing sentence typed on at its end (`closingCut`) —
// against the Word test double (tests/e2e/word_double.js, loaded as the browser loads it), which
// models the documented calls the cut uses: Paragraph.search("^l"), Range.getRange/expandTo,
// Range.getOoxml, Paragraph.insertOoxml, Range.delete. Each run keeps its formatting.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

import { DOMParser } from "@xmldom/xmldom";

import { applyPlan } from "../../addin_server/pane/pane_logic.js";
import { createWordAdapter } from "../../addin_server/pane/word.js";

const wordDouble = readFileSync(new URL("../e2e/word_double.js", import.meta.url), "utf8");

/** The Word double on `paragraphs` (its config), with the adapter the pane would build. */
function wordHost(paragraphs, { wordApi = "1.3", lists } = {}) {
  globalThis.window = globalThis;
  globalThis.DOMParser ??= DOMParser; // the browser's in the browser tests
  globalThis.__wordDoubleConfig = { wordApi, paragraphs, lists };
  vm.runInThisContext(wordDouble);
  return { adapter: createWordAdapter({ Word: globalThis.Word, Office: globalThis.Office }), double: globalThis.__wordDouble };
}

const texts = (double) => double.texts();
const methods = (double) => double.state.calls.map((c) => c.method);

// The aspect's items pasted from a chat window: one paragraph, a soft break (\v) after each line;
// the heading's words bold, a red phrase in the second item.
const ASPECT = {
  style: "Normal",
  runs: [
    { text: "（二）带头严守政治纪律方面", format: "bold" },
    { text: "\v一是执行决策讲条件。" },
    { text: "\v二是对", format: "" },
    { text: "群众诉求", format: "red" },
    { text: "回应不及时。" },
  ],
};
const HEAD = "（二）带头严守政治纪律方面";
const LINE_1 = "一是执行决策讲条件。";
const LINE_2 = "二是对群众诉求回应不及时。";
const anchorText = `${HEAD}\n${LINE_1}\n${LINE_2}`;

function insertion(fields) {
  return { parts: ["remedies"], label: "插入", where: "", split: null, closingCut: null, ...fields };
}

test("a part planned after a line inside a soft-broken paragraph goes there: the paragraph is cut at that break", async () => {
  const { adapter, double } = wordHost([{ text: "一、存在问题", style: "Heading 1" }, ASPECT, { text: "二、原因剖析", style: "Heading 1" }]);
  const plan = { insertions: [insertion({ after: 1, anchorText, split: 0, paragraphs: [{ text: "三是新的一条。", like: 1 }] })] };
  const result = await applyPlan({ word: adapter, plan });
  assert.equal(result.inserted, 1);
  assert.deepEqual(texts(double), ["一、存在问题", HEAD, "三是新的一条。", `${LINE_1}\v${LINE_2}`, "二、原因剖析"]);
  // Both halves keep their runs: the bold heading, the red phrase; the cut-off lines keep the
  // anchor's paragraph formatting (made as Enter makes a paragraph).
  assert.deepEqual(double.runs(1), [{ text: HEAD, format: "bold" }]);
  assert.deepEqual(double.runs(3), [{ text: `${LINE_1}\v二是对`, format: "" }, { text: "群众诉求", format: "red" }, { text: "回应不及时。", format: "" }]);
  assert.equal(double.state.paragraphs[3].style, "Normal");
  // Found with ^l, read with getOoxml, moved with insertOoxml, the rest of the anchor deleted;
  // every write in the one last batch.
  const calls = double.state.calls;
  assert.ok(calls.some((c) => c.method === "search" && c.text === "^l"), methods(double));
  const writes = calls.filter((c) => ["insertParagraph", "Paragraph.insertOoxml", "Range.delete"].includes(c.method));
  assert.deepEqual(writes.map((c) => c.method), ["insertParagraph", "Paragraph.insertOoxml", "Range.delete", "insertParagraph"]);
  assert.equal(new Set(writes.map((c) => c.sync)).size, 1);
  assert.equal(calls.find((c) => c.method === "Range.delete").text, `\v${LINE_1}\v${LINE_2}`);
});

test("several places in one paragraph, and one after it, each land between the right lines", async () => {
  const { adapter, double } = wordHost([ASPECT]);
  const plan = {
    insertions: [
      insertion({ after: 0, anchorText, split: 1, paragraphs: [{ text: "B", like: 0 }] }),
      insertion({ after: 0, anchorText, paragraphs: [{ text: "C", like: 0 }] }),
      insertion({ after: 0, anchorText, split: 0, paragraphs: [{ text: "A1", like: 0 }, { text: "A2", like: 0 }] }),
    ],
  };
  await applyPlan({ word: adapter, plan });
  assert.deepEqual(texts(double), [HEAD, "A1", "A2", LINE_1, "B", LINE_2, "C"]);
  assert.deepEqual(double.runs(5), [{ text: "二是对", format: "" }, { text: "群众诉求", format: "red" }, { text: "回应不及时。", format: "" }]);
});

test("the lines cut off a Word list item leave its list; the item keeps its number", async () => {
  const { adapter, double } = wordHost([{ ...ASPECT, listId: 1 }, { text: "后一条", listId: 1 }], { lists: { 1: { levels: { 0: [0, "."] } } } });
  const plan = { insertions: [insertion({ after: 0, anchorText, split: 0, paragraphs: [{ text: "新的一条", like: 0 }] })] };
  await applyPlan({ word: adapter, plan });
  assert.deepEqual(texts(double), [HEAD, "新的一条", `${LINE_1}\v${LINE_2}`, "后一条"]);
  assert.deepEqual(double.listStrings(), ["1.", "2.", "", "3."]);
});

test("a closing sentence typed on at the end of the last measure is split off with its own formatting", async () => {
  const measure = "二是站稳人民立场，每季度到社区现场办公一次。";
  const closing = "以上对照检查，请同志们批评指正。";
  const { adapter, double } = wordHost([
    { text: "三、整改措施", style: "Heading 1" },
    { runs: [{ text: `${measure}  ` }, { text: closing, format: "italic" }] },
    { text: "2025年12月26日" },
  ]);
  const text = `${measure}  ${closing}`;
  const headEnd = Array.from(measure).length;
  const plan = {
    insertions: [insertion({
      after: 1, anchorText: text, closingCut: { headEnd, tailStart: headEnd + 2, tail: closing },
      paragraphs: [{ text: "三是新的一条。", like: 1 }],
    })],
  };
  await applyPlan({ word: adapter, plan });
  assert.deepEqual(texts(double), ["三、整改措施", measure, "三是新的一条。", closing, "2025年12月26日"]);
  assert.deepEqual(double.runs(3), [{ text: closing, format: "italic" }]);
  assert.ok(!methods(double).includes("insertText"), methods(double)); // no retyping
});

test("without WordApi 1.3 the plan is refused before anything changes, in plain Chinese", async () => {
  const { adapter, double } = wordHost([ASPECT], { wordApi: "1.1" });
  const before = texts(double);
  const plan = { insertions: [insertion({ after: 0, anchorText, split: 0, paragraphs: [{ text: "新的一条", like: 0 }] })] };
  await assert.rejects(applyPlan({ word: adapter, plan }), (error) => error.name === "CannotCutParagraphError"
    && error.message.includes("手动换行符") && error.message.includes("段落标记"));
  assert.deepEqual(texts(double), before);
});

test("without WordApi 1.3 a glued closing is still split off, as text", async () => {
  const { adapter, double } = wordHost([{ text: "二是办实事。以上对照检查，请同志们批评指正。" }], { wordApi: "1.1" });
  const plan = {
    insertions: [insertion({
      after: 0, anchorText: "二是办实事。以上对照检查，请同志们批评指正。",
      closingCut: { headEnd: 6, tailStart: 6, tail: "以上对照检查，请同志们批评指正。" },
      paragraphs: [{ text: "三是新的一条。", like: 0 }],
    })],
  };
  await applyPlan({ word: adapter, plan });
  assert.deepEqual(texts(double), ["二是办实事。", "三是新的一条。", "以上对照检查，请同志们批评指正。"]);
});

test("a paragraph edited since the plan (its soft break gone) is refused, nothing written", async () => {
  const { adapter, double } = wordHost([{ text: `${HEAD}${LINE_1}` }]);
  const plan = { insertions: [insertion({ after: 0, anchorText: `${HEAD}\n${LINE_1}`, split: 0, paragraphs: [{ text: "X", like: 0 }] })] };
  await assert.rejects(applyPlan({ word: adapter, plan }), (error) => error.name === "StaleParagraphError");
  assert.deepEqual(texts(double), [`${HEAD}${LINE_1}`]);
});

test("a Word that put the cut lines in otherwise than planned is caught when the paragraphs are read back", async () => {
  // As if this Word build added the OOXML as a paragraph of its own, not as runs: the cut
  // paragraph stays empty and the lines stand before it. The pane tells the writer to check.
  const { adapter, double } = wordHost([ASPECT]);
  const paragraphClass = await globalThis.Word.run(async (context) => {
    const paragraphs = context.document.body.paragraphs.load("items");
    await context.sync();
    return Object.getPrototypeOf(paragraphs.items[0]);
  });
  const original = paragraphClass.insertOoxml;
  paragraphClass.insertOoxml = function insertAsParagraph(ooxml, location) {
    return original.call(this.insertParagraph("", "Before"), ooxml, location);
  };
  try {
    const plan = { insertions: [insertion({ after: 0, anchorText, split: 0, paragraphs: [{ text: "新的一条", like: 0 }] })] };
    await assert.rejects(applyPlan({ word: adapter, plan }), (error) => error.name === "CutMismatchError"
      && error.message.includes("Ctrl+Z"));
  } finally {
    paragraphClass.insertOoxml = original;
  }
  assert.equal(texts(double).length, 4);
});

// Unit tests of word.js applyEdits (the findings' fixes) against Microsoft's office-addin-mock.
// Word has no offset-based ranges: applyEdits searches each span's text in its paragraph and
// replaces the right occurrence with Range.insertText(…, "Replace"). The mock models exactly that:
// Paragraph.search returns a collection (added to the mock tree, so context.sync loads it) with
// one hit per occurrence, and each hit records the insertText call made on it.
import assert from "node:assert/strict";
import { test } from "node:test";
import mock from "office-addin-mock";

import { applyFixes, fixEdits, fixableOfCode } from "../../addin_server/pane/pane_logic.js";
import { createWordAdapter, escapeSearchText, locateSpan, nonOverlapping } from "../../addin_server/pane/word.js";

const { OfficeMockObject } = mock;

function officeMock() {
  const supported = (name, version) => name === "WordApi" && Number(version) <= 1.3;
  return new OfficeMockObject({ context: { requirements: { isSetSupported: supported } } }, "word");
}

/**
 * Paragraph texts → a Word mock. `widthFolding` makes search also hit the full-width form of a
 * half-width mark, as Word builds with East Asian width matching on do.
 */
function wordMock(texts, { widthFolding = false } = {}) {
  const paragraphs = texts.map((text) => ({ text }));
  const word = new OfficeMockObject(
    {
      context: { document: { body: { paragraphs: { items: paragraphs } } } },
      run: async function (callback) {
        return callback(this.context);
      },
    },
    "word",
  );
  const document = word.context.document;
  word.replaced = [];
  word.searches = [];
  let searchCount = 0;
  paragraphs.forEach((paragraph, index) => {
    paragraph.search = (searchText, options) => {
      word.searches.push({ index, searchText, options });
      const wanted = searchText.replace(/\^\^/g, "^");
      const alternatives = widthFolding ? [wanted, wanted.replace(/,/g, "，")] : [wanted];
      const hits = [];
      for (let i = 0; i < paragraph.text.length; ) {
        const match = alternatives.find((a) => paragraph.text.startsWith(a, i));
        if (!match) {
          i += 1;
          continue;
        }
        const at = i;
        hits.push({
          text: match,
          insertText(replacement, location) {
            word.replaced.push({ index, at, text: match, replacement, location });
            // Applied last to first, so `at` is still where this hit starts.
            paragraph.text = paragraph.text.slice(0, at) + replacement + paragraph.text.slice(at + match.length);
          },
        });
        i += match.length;
      }
      const name = `found${searchCount++}`;
      document.addMock(name);
      document[name].populate({ items: hits });
      return document[name];
    };
  });
  const sync = word.context.sync.bind(word.context);
  word.syncCount = 0;
  word.context.sync = async () => {
    word.syncCount += 1;
    return sync();
  };
  return word;
}

test("applyEdits replaces the occurrence at the edit's offset, counted in code points", async () => {
  // 𠀀 is one code point and two UTF-16 units: the server's offsets count it once.
  const text = "𠀀学习不够,还要加强,持续用力";
  const Word = wordMock(["标题", text]);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const second = Array.from(text).indexOf(",", 6);
  const result = await adapter.applyEdits([{ paragraph: 1, start: second, end: second + 1, replacement: "，" }], {
    expected: { 1: text },
  });
  assert.deepEqual(result, { applied: 1, skipped: 0 });
  assert.deepEqual(Word.replaced, [{ index: 1, at: text.lastIndexOf(","), text: ",", replacement: "，", location: "Replace" }]);
  assert.deepEqual(Word.searches.map((s) => s.options), [{ matchCase: true }]);
  assert.equal(Word.syncCount, 3); // read paragraphs, run the searches, apply
});

test("several edits are applied from the last to the first, in one search round", async () => {
  const text = "学习,工作;生活,,其他";
  const Word = wordMock([text]);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const edits = [
    { paragraph: 0, start: 2, end: 3, replacement: "，" },
    { paragraph: 0, start: 5, end: 6, replacement: "；" },
    { paragraph: 0, start: 8, end: 10, replacement: "，" },
    { paragraph: 0, start: 9, end: 10, replacement: "，" }, // overlaps the one before: waits
  ];
  const result = await adapter.applyEdits(edits);
  assert.deepEqual(result, { applied: 3, skipped: 0 });
  assert.deepEqual(Word.replaced.map((r) => [r.at, r.text, r.replacement]), [[8, ",,", "，"], [5, ";", "；"], [2, ",", "，"]]);
  assert.equal(Word.syncCount, 3);
});

test("hits Word folds from the other width are not taken for the span", async () => {
  const text = "第一，第二,第三";
  const Word = wordMock([text], { widthFolding: true });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  assert.deepEqual(await adapter.applyEdits([{ paragraph: 0, start: 5, end: 6, replacement: "，" }]), { applied: 1, skipped: 0 });
  assert.deepEqual(Word.replaced.map((r) => r.at), [5]);
});

test("a paragraph edited since the check is followed by its text, or skipped when gone", async () => {
  const Word = wordMock(["新插入的一段", "问题,还有差距"]);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const edit = { paragraph: 0, start: 2, end: 3, replacement: "，" };
  assert.deepEqual(await adapter.applyEdits([edit], { expected: { 0: "问题,还有差距" } }), { applied: 1, skipped: 0 });
  assert.equal(Word.replaced[0].index, 1);
  assert.deepEqual(await adapter.applyEdits([edit], { expected: { 0: "已经删掉的段落" } }), { applied: 0, skipped: 1 });
});

test("an insertion takes its neighbour into the span; carets are escaped for Word's search", async () => {
  assert.deepEqual(locateSpan("问题还有", { start: 2, end: 2, replacement: "，" }), { text: "题", occurrence: 0, replacement: "题，" });
  assert.deepEqual(locateSpan("问题", { start: 0, end: 0, replacement: "“" }), { text: "问", occurrence: 0, replacement: "“问" });
  assert.equal(locateSpan("甲\t乙", { start: 1, end: 2, replacement: " " }), null); // Word cannot search a typed tab
  assert.equal(locateSpan("短", { start: 0, end: 5, replacement: "" }), null);
  assert.equal(locateSpan("，，，", { start: 1, end: 3, replacement: "，" }), null); // not where Word's search puts it
  assert.equal(escapeSearchText("a^b"), "a^^b");
  const Word = wordMock(["x^y,好"]);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  await adapter.applyEdits([{ paragraph: 0, start: 1, end: 4, replacement: "^，" }]);
  assert.equal(Word.searches[0].searchText, "^^y,");
  assert.deepEqual(Word.replaced.map((r) => r.replacement), ["^，"]);
});

test("nothing to apply costs no call to Word", async () => {
  const Word = wordMock(["x"]);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  assert.deepEqual(await adapter.applyEdits([]), { applied: 0, skipped: 0 });
  assert.equal(Word.syncCount, 0);
  assert.deepEqual(nonOverlapping([{ paragraph: 1, start: 0, end: 1 }, { paragraph: 0, start: 3, end: 3 }]).map((e) => e.paragraph), [0, 1]);
});

test("applyFixes applies the findings' edits against what the check read, then checks again", async () => {
  const Word = wordMock(["新插入的一段", "问题,还有差距;继续"]);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const checked = [];
  const api = {
    check: async (framework, paragraphs) => {
      checked.push({ framework, texts: paragraphs.map((p) => p.text) });
      return { findings: [], counts: { error: 0, warning: 0, info: 0 } };
    },
  };
  const finding = {
    code: "lint.halfwidth_punctuation",
    paragraph: 0, // the check saw it first; a paragraph was inserted above it since
    fix: { safe: true, label: "改为全角", edits: [
      { paragraph: 0, start: 2, end: 3, replacement: "，" }, { paragraph: 0, start: 7, end: 8, replacement: "；" }] },
  };
  const result = await applyFixes({ api, word: adapter, framework: "zhuti-2023", findings: [finding],
    paragraphs: [{ text: "问题,还有差距;继续" }] });
  assert.equal(result.applied, 2);
  assert.equal(result.skipped, 0);
  assert.deepEqual(checked, [{ framework: "zhuti-2023", texts: ["新插入的一段", "问题，还有差距；继续"] }]);
  assert.deepEqual(result.paragraphs.map((p) => p.text), ["新插入的一段", "问题，还有差距；继续"]);
});

test("fix edits and kinds: only findings that carry a fix, safe ones when asked", () => {
  const edit = { paragraph: 1, start: 0, end: 1, replacement: "，" };
  const findings = [
    { code: "a", fix: { safe: true, edits: [edit] } },
    { code: "a", fix: { safe: false, edits: [edit] } },
    { code: "a", fix: null },
    { code: "b", fix: { safe: true, edits: [] } },
  ];
  assert.equal(fixEdits(findings).length, 2);
  assert.equal(fixEdits(findings, { safeOnly: true }).length, 1);
  assert.equal(fixableOfCode(findings, "a").length, 2);
  assert.equal(fixableOfCode(findings, "b").length, 0);
});

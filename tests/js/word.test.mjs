// Unit tests of addin_server/pane/word.js against Microsoft's office-addin-mock.
// office-addin-mock 4 keeps arrays as plain values, so paragraph collections are {items: [...]}
// and are readable only after load("items") + context.sync(): exactly what word.js does.
import assert from "node:assert/strict";
import { test } from "node:test";
import mock from "office-addin-mock";

import {
  PLACEHOLDER_PREFIX,
  StaleParagraphError,
  WordUnavailableError,
  createSettingsStore,
  createWordAdapter,
} from "../../addin_server/pane/word.js";

const { OfficeMockObject } = mock;

function officeMock(maxWordApi = "1.3") {
  const supported = (name, version) => name === "WordApi" && Number(version) <= Number(maxWordApi);
  return new OfficeMockObject({ context: { requirements: { isSetSupported: supported } } }, "word");
}

function paragraph(text, extra = {}) {
  const p = { text, style: "Normal", outlineLevel: 10, isListItem: false, tableNestingLevel: 0, ...extra };
  p.select = () => {
    p.selected = true;
  };
  return p;
}

function hit(text) {
  const h = { text };
  h.select = () => {
    h.selected = true;
  };
  return h;
}

/**
 * A Word mock. Everything Word.run code touches must hang off `context` so that the mock's
 * context.sync() loads it, as the real one does: the range an insert returns is
 * context.document.inserted, whose search() gives its `found` placeholders.
 */
function wordMock(paragraphs, { placeholders = [], bodyPlaceholders = [] } = {}) {
  const word = new OfficeMockObject(
    {
      context: {
        document: {
          body: {
            paragraphs: { items: paragraphs },
            found: { items: bodyPlaceholders.map(hit) },
          },
          inserted: { found: { items: placeholders.map(hit) } },
          selection: {},
        },
      },
      run: async function (callback) {
        return callback(this.context);
      },
    },
    "word",
  );
  const document = word.context.document;
  const inserted = document.inserted;
  const record = (target, method) => (content, location) => {
    target.calls = [...(target.calls ?? []), { method, content, location }];
    if (target.refuse?.includes(method)) throw new Error("GeneralException");
    return inserted;
  };
  const insertable = (target) => {
    target.insertFileFromBase64 = record(target, "file");
    target.insertOoxml = record(target, "ooxml");
    target.insertHtml = record(target, "html");
    return target;
  };
  inserted.search = function (text, options) {
    this.searchedFor = { text, options };
    return this.found;
  };
  inserted.select = function () {
    this.selected = true;
  };
  document.body.search = function (text) {
    this.searchedFor = { text };
    return this.found;
  };
  insertable(document.selection);
  insertable(document.body);
  document.getSelection = () => document.selection;
  const addParagraph = (p) => {
    p.insertParagraph = (text, location) => {
      const slot = insertable(addParagraph(paragraph(text)));
      slot.location = location;
      p.after = slot;
      return slot;
    };
    return p;
  };
  paragraphs.forEach(addParagraph);
  document.body.insertParagraph = (text, location) => {
    const p = addParagraph(paragraph(text));
    p.location = location;
    document.body.appended = p;
    return p;
  };
  const sync = word.context.sync.bind(word.context);
  word.syncCount = 0;
  word.context.sync = async () => {
    word.syncCount += 1;
    return sync();
  };
  return word;
}

test("readParagraphs reads every paragraph's properties in one sync", async () => {
  const Word = wordMock([
    paragraph("一、存在问题", { style: "标题 1", outlineLevel: 1 }),
    paragraph("（一）理论学习方面\r", { style: "Heading 2", outlineLevel: 2, isListItem: true }),
    paragraph("表格里的文字", { tableNestingLevel: 1 }),
  ]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.3") });
  const read = await adapter.readParagraphs();
  assert.equal(Word.syncCount, 1);
  assert.deepEqual(read, [
    { text: "一、存在问题", style: "标题 1", outlineLevel: 1, isListItem: false, tableNestingLevel: 0 },
    { text: "（一）理论学习方面", style: "Heading 2", outlineLevel: 2, isListItem: true, tableNestingLevel: 0 },
    { text: "表格里的文字", style: "Normal", outlineLevel: 10, isListItem: false, tableNestingLevel: 1 },
  ]);
});

test("readParagraphs on WordApi 1.1 leaves out the 1.3-only properties", async () => {
  const Word = wordMock([paragraph("列表项", { isListItem: true, tableNestingLevel: 2 })]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.1") });
  const [only] = await adapter.readParagraphs();
  assert.equal(only.isListItem, false);
  assert.equal(only.tableNestingLevel, 0);
});

test("without WordApi 1.1 every action says Word is not supported", async () => {
  const Word = wordMock([paragraph("x")]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.0") });
  assert.equal(adapter.isSupported(), false);
  await assert.rejects(adapter.readParagraphs(), WordUnavailableError);
  await assert.rejects(adapter.insertDocx("AAAA"), /WordApi 1\.1/);
  assert.equal(Word.syncCount, 0);
});

test("insertDocx inserts the file after the cursor and selects the first placeholder it brought", async () => {
  const Word = wordMock([], { placeholders: ["【请填写：第一条】", "【请填写：第二条】"] });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const result = await adapter.insertDocx("UEsDBA==", "cursor");
  const { selection, inserted } = Word.context.document;
  assert.deepEqual(selection.calls, [{ method: "file", content: "UEsDBA==", location: "After" }]);
  assert.equal(inserted.searchedFor.text, PLACEHOLDER_PREFIX);
  assert.equal(inserted.found.items[0].selected, true);
  assert.equal(inserted.found.items[1].selected, undefined);
  assert.deepEqual(result, { method: "file", placeholderSelected: true });
});

test("insertDocx falls back to OOXML, then HTML, when the host refuses the file", async () => {
  const Word = wordMock([]);
  const { selection } = Word.context.document;
  selection.refuse = ["file"];
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const result = await adapter.insertDocx("UEsDBA==", "cursor", { ooxml: "<pkg:package/>", html: "<p>x</p>" });
  assert.deepEqual(selection.calls.map((c) => c.method), ["file", "ooxml"]);
  assert.deepEqual(result, { method: "ooxml", placeholderSelected: false });

  selection.calls = [];
  selection.refuse = ["file", "ooxml"];
  const html = await adapter.insertDocx("UEsDBA==", "cursor", { ooxml: "<pkg:package/>", html: "<p>x</p>" });
  assert.deepEqual(selection.calls.map((c) => c.method), ["file", "ooxml", "html"]);
  assert.equal(html.method, "html");

  selection.refuse = ["file"];
  await assert.rejects(adapter.insertDocx("UEsDBA==", "cursor"), /GeneralException/);
});

test("insertDocx at the end inserts into the body", async () => {
  const Word = wordMock([], { placeholders: ["【请填写：标题】"] });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  await adapter.insertDocx("QQ==", "end");
  assert.deepEqual(Word.context.document.body.calls, [{ method: "file", content: "QQ==", location: "End" }]);
});

test("selectParagraph selects by index, follows moved text, and refuses vanished text", async () => {
  const items = [paragraph("标题"), paragraph("新插入的一段"), paragraph("（一）理论学习方面")];
  const Word = wordMock(items);
  const adapter = createWordAdapter({ Word, Office: officeMock() });

  assert.equal(await adapter.selectParagraph(0, "标题"), 0);
  assert.equal(items[0].selected, true);

  // The report said paragraph 1, but the user inserted a paragraph since: the text moved to 2.
  assert.equal(await adapter.selectParagraph(1, "（一）理论学习方面"), 2);
  assert.equal(items[2].selected, true);
  assert.equal(items[1].selected, undefined);

  await assert.rejects(adapter.selectParagraph(1, "已经删掉的段落"), StaleParagraphError);
});

test("insertAtEndOfSection puts the remedies after the section's last paragraph", async () => {
  const items = [paragraph("三、整改措施", { outlineLevel: 1 }), paragraph("一是加强学习。")];
  const Word = wordMock(items, { placeholders: ["【请填写：时限】"] });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const result = await adapter.insertAtEndOfSection({ base64: "QkFTRQ==", lastIndex: 1, heading: "三、整改措施" });
  assert.equal(items[1].after.location, "After");
  assert.deepEqual(items[1].after.calls, [{ method: "file", content: "QkFTRQ==", location: "Replace" }]);
  assert.equal(Word.context.document.inserted.found.items[0].selected, true);
  assert.equal(result.createdSection, false);
  assert.equal(Word.context.document.body.appended, undefined);
});

test("insertAtEndOfSection creates the missing section as a level-1 heading at the end", async () => {
  const Word = wordMock([paragraph("一、存在问题")]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.3") });
  const result = await adapter.insertAtEndOfSection({ base64: "QkFTRQ==", lastIndex: null, heading: "三、整改措施" });
  const heading = Word.context.document.body.appended;
  assert.equal(heading.text, "三、整改措施");
  assert.equal(heading.location, "End");
  assert.equal(heading.styleBuiltIn, "Heading1");
  assert.deepEqual(heading.after.calls, [{ method: "file", content: "QkFTRQ==", location: "Replace" }]);
  assert.equal(result.createdSection, true);
  // No placeholder in what was inserted: the inserted range itself is selected instead.
  assert.equal(result.placeholderSelected, false);
  assert.equal(Word.context.document.inserted.selected, true);
});

test("goToFirstPlaceholder reports whether any placeholder is left", async () => {
  const Word = wordMock([], { bodyPlaceholders: ["【请填写：姓名】"] });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  assert.equal(await adapter.goToFirstPlaceholder(), true);
  assert.equal(Word.context.document.body.found.items[0].selected, true);
  assert.equal(Word.context.document.body.searchedFor.text, PLACEHOLDER_PREFIX);

  const Empty = wordMock([]);
  assert.equal(await createWordAdapter({ Word: Empty, Office: officeMock() }).goToFirstPlaceholder(), false);
});

test("settings are kept in the pane's localStorage under the add-in's prefix", () => {
  const local = new Map();
  const storage = { getItem: (k) => local.get(k) ?? null, setItem: (k, v) => local.set(k, v) };
  const settings = createSettingsStore({ storage });
  assert.equal(settings.get("framework"), null);
  settings.set("framework", "zuzhi-shenghuohui");
  assert.equal(settings.get("framework"), "zuzhi-shenghuohui");
  assert.deepEqual([...local.entries()], [["duizhao-jiancha:framework", "zuzhi-shenghuohui"]]);
  // A later pane (Word reopens it for each document) reads what an earlier one kept.
  assert.equal(createSettingsStore({ storage }).get("framework"), "zuzhi-shenghuohui");
});

test("settings survive a disabled localStorage: nothing is kept, nothing throws", () => {
  const refusing = { getItem() { throw new Error("SecurityError"); }, setItem() { throw new Error("QuotaExceededError"); } };
  const settings = createSettingsStore({ storage: refusing });
  settings.set("framework", "nianhui-2024");
  assert.equal(settings.get("framework"), null);
  assert.equal(createSettingsStore({ storage: null }).get("framework"), null);
});

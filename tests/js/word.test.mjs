// Unit tests of addin_server/pane/word.js against Microsoft's office-addin-mock.
// office-addin-mock 4 keeps arrays as plain values, so paragraph collections are {items: [...]}
// and are readable only after load("items") + context.sync(): exactly what word.js does.
import assert from "node:assert/strict";
import { test } from "node:test";
import mock from "office-addin-mock";

import {
  PLACEHOLDER_PREFIX,
  PLACEHOLDER_WILDCARD,
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

/** Paragraph.listItemOrNullObject of a list paragraph; records what word.js loads of it. */
function listItem(listString) {
  const item = { listString, isNullObject: false, loaded: [] };
  item.load = (names) => item.loaded.push(names);
  return item;
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
function wordMock(paragraphs, { placeholders = [], bodyPlaceholders = [], selectionParagraphs = [] } = {}) {
  // Search results of inserted paragraphs: collections declared up front, so the mock loads them.
  const pool = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}`, { items: [] }]));
  const word = new OfficeMockObject(
    {
      context: {
        document: {
          body: {
            paragraphs: { items: paragraphs },
            found: { items: bodyPlaceholders.map(hit) },
          },
          inserted: { found: { items: placeholders.map(hit) } },
          selection: { paragraphs: { items: selectionParagraphs } },
          pool,
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
  // A paragraph's search finds its own placeholders, whole under a wildcard search (as Word does).
  let searches = 0;
  const searchable = (p) => {
    p.search = (text, options = {}) => {
      p.searchedFor = { text, options };
      const matches = options.matchWildcards
        ? p.text.match(/【请填写[^】]*】/g) ?? []
        : p.text.includes(text) ? [text] : [];
      p.found = word.context.document.pool[`s${searches++}`];
      p.found.items = matches.map(hit);
      return p.found;
    };
    return p;
  };
  const addParagraph = (p) => {
    p.insertParagraph = (text, location) => {
      const slot = insertable(addParagraph(searchable(paragraph(text))));
      slot.location = location;
      slot.from = p;
      p.inserted = [...(p.inserted ?? []), slot];
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

test("readParagraphs sends the number Word's automatic numbering shows, in a second sync", async () => {
  const Word = wordMock([
    paragraph("存在问题", { isListItem: true, listItemOrNullObject: listItem("一、") }),
    paragraph("理论学习方面", { isListItem: true, listItemOrNullObject: listItem("（一） ") }),
    paragraph("一是学习不够深入。"),
    paragraph("要点", { isListItem: true, listItemOrNullObject: listItem("") }),   // a bullet: no number
  ]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.3") });
  const read = await adapter.readParagraphs();
  assert.equal(Word.syncCount, 2);
  assert.deepEqual(Word.context.document.body.paragraphs.items[1].listItemOrNullObject.loaded, ["listString"]);
  assert.deepEqual(read.map((p) => p.listString), ["一、", "（一）", undefined, undefined]);
  assert.equal(read[1].text, "理论学习方面");
});

test("readParagraphs sends a table paragraph's column (TableCell.cellIndex) in the same second sync", async () => {
  const cell = (cellIndex) => {
    const object = { cellIndex, isNullObject: false, loaded: [] };
    object.load = (names) => object.loaded.push(names);
    return object;
  };
  const Word = wordMock([
    paragraph("对照方面", { tableNestingLevel: 1, parentTableCellOrNullObject: cell(0) }),
    paragraph("存在问题", { tableNestingLevel: 1, parentTableCellOrNullObject: cell(1) }),
    paragraph("理论学习方面", { tableNestingLevel: 1, isListItem: true, listItemOrNullObject: listItem("（一）"),
                              parentTableCellOrNullObject: cell(0) }),
    paragraph("表格外的正文。"),
  ]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.3") });
  const read = await adapter.readParagraphs();
  assert.equal(Word.syncCount, 2);
  assert.deepEqual(read.map((p) => p.tableColumn), [0, 1, 0, undefined]);
  assert.equal(read[2].listString, "（一）");
  assert.deepEqual(Word.context.document.body.paragraphs.items[1].parentTableCellOrNullObject.loaded, ["cellIndex"]);
});

test("readParagraphs without list paragraphs stays one sync", async () => {
  const Word = wordMock([paragraph("一、存在问题"), paragraph("正文。")]);
  const adapter = createWordAdapter({ Word, Office: officeMock("1.3") });
  const read = await adapter.readParagraphs();
  assert.equal(Word.syncCount, 1);
  assert.ok(read.every((p) => !("listString" in p)));
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
  await assert.rejects(adapter.insertDocx("AAAA"), /此版本的 Word 太旧，不支持本加载项/);
  assert.equal(Word.syncCount, 0);
});

test("insertDocx inserts the file after the cursor and selects the first placeholder it brought", async () => {
  const Word = wordMock([], { placeholders: ["【请填写：第一条】", "【请填写：第二条】"] });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const result = await adapter.insertDocx("UEsDBA==", "cursor");
  const { selection, inserted } = Word.context.document;
  assert.deepEqual(selection.calls, [{ method: "file", content: "UEsDBA==", location: "After" }]);
  assert.deepEqual(inserted.searchedFor, { text: PLACEHOLDER_WILDCARD, options: { matchCase: true, matchWildcards: true } });
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

test("insertParagraphs continues after the anchor, in order, styled like the model paragraphs", async () => {
  const items = [
    paragraph("三、整改措施", { style: "Heading 1", outlineLevel: 1 }),
    paragraph("一是加强学习。"),
    paragraph("二是改进作风。", { style: "正文缩进" }),
    paragraph("附：整改清单"),
  ];
  const Word = wordMock(items);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const result = await adapter.insertParagraphs([
    { after: 2, anchorText: "二是改进作风。", paragraphs: [
      { text: "三是严守纪律。", like: 2 },
      { text: "四是【请填写：第四条整改措施】", like: 2 },
    ] },
  ]);
  const [third] = items[2].inserted;
  assert.equal(third.text, "三是严守纪律。");
  assert.equal(third.location, "After");
  assert.equal(third.style, "正文缩进");
  const [fourth] = third.inserted;
  assert.equal(fourth.text, "四是【请填写：第四条整改措施】");
  assert.equal(fourth.location, "After");
  // The whole placeholder is found (a wildcard search), and selected.
  assert.deepEqual(fourth.searchedFor.options, { matchCase: true, matchWildcards: true });
  assert.equal(fourth.searchedFor.text, PLACEHOLDER_WILDCARD);
  assert.equal(fourth.found.items[0].text, "【请填写：第四条整改措施】");
  assert.equal(fourth.found.items[0].selected, true);
  assert.deepEqual(result, { inserted: 2, placeholderSelected: true });
  assert.equal(items[3].inserted, undefined);
});

test("insertParagraphs applies several insertions from the last anchor up, and refuses a changed anchor", async () => {
  const items = [paragraph("（一）理论学习"), paragraph("一是学得不深。"), paragraph("（三）能力本领"), paragraph("一是本领不强。")];
  const Word = wordMock(items);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  const syncsBefore = Word.syncCount;
  await adapter.insertParagraphs([
    { after: 1, anchorText: "一是学得不深。", paragraphs: [{ text: "（二）政治素质", like: 0 }, { text: "一是【请填写：问题】", like: 1 }] },
    { after: 3, anchorText: "一是本领不强。", paragraphs: [{ text: "三是【请填写：措施】", like: 3 }] },
  ]);
  assert.equal(items[1].inserted[0].text, "（二）政治素质");
  assert.equal(items[1].inserted[0].inserted[0].text, "一是【请填写：问题】");
  assert.equal(items[3].inserted[0].text, "三是【请填写：措施】");
  // The first placeholder in document order is the one selected.
  assert.equal(items[1].inserted[0].inserted[0].found.items[0].selected, true);
  assert.equal(items[3].inserted[0].found.items[0].selected, undefined);
  assert.ok(Word.syncCount - syncsBefore <= 4);

  await assert.rejects(
    adapter.insertParagraphs([{ after: 1, anchorText: "已被改写的一段", paragraphs: [{ text: "x", like: null }] }]),
    StaleParagraphError,
  );
});

test("insertParagraphs at the start inserts before the first paragraph", async () => {
  const items = [paragraph("二、原因剖析")];
  const Word = wordMock(items);
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  await adapter.insertParagraphs([{ after: -1, paragraphs: [{ text: "一、存在问题", like: 0 }, { text: "一是【请填写：问题】", like: null }] }]);
  const [heading] = items[0].inserted;
  assert.equal(heading.location, "Before");
  assert.equal(heading.inserted[0].location, "After");
});

test("cursorInText tells whether the cursor stands in text", async () => {
  const inText = wordMock([], { selectionParagraphs: [paragraph("已有的一段正文")] });
  assert.equal(await createWordAdapter({ Word: inText, Office: officeMock() }).cursorInText(), true);
  const onEmpty = wordMock([], { selectionParagraphs: [paragraph("\r")] });
  assert.equal(await createWordAdapter({ Word: onEmpty, Office: officeMock() }).cursorInText(), false);
});

test("goToFirstPlaceholder reports whether any placeholder is left", async () => {
  const Word = wordMock([], { bodyPlaceholders: ["【请填写：姓名】"] });
  const adapter = createWordAdapter({ Word, Office: officeMock() });
  assert.equal(await adapter.goToFirstPlaceholder(), true);
  assert.equal(Word.context.document.body.found.items[0].selected, true);
  assert.equal(Word.context.document.body.searchedFor.text, PLACEHOLDER_WILDCARD);

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

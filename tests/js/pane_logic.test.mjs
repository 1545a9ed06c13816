// The pane's actions (pane_logic.js) over the real Word adapter on office-addin-mock, with a
// recording stand-in for our own HTTP client (api.js is exercised against the real server in
// tests/e2e). Also the .docx → OOXML/HTML conversion used when a host refuses insertFileFromBase64.
import assert from "node:assert/strict";
import { test } from "node:test";
import mock from "office-addin-mock";

import { docxToFlatOpc, docxToHtml, readZip, base64ToBytes } from "../../addin_server/pane/docx_convert.js";
import {
  NOTHING_TO_INSERT,
  AUTO_FRAMEWORK,
  addToBasket,
  aspectLinesFromBox,
  basketSelections,
  effectiveFramework,
  frameworkLabel,
  initialFrameworkChoice,
  checkDocument,
  describeLocation,
  dimensionsByNeed,
  verdictGroups,
  safeFixFindings,
  recognitionText,
  offerEntries,
  insertMissingParts,
  insertRemedies,
  insertScaffold,
  itemNumber,
  partForFinding,
  planAppliedNotice,
  planLines,
  prepareScaffold,
  problemForFinding,
  renumberedParagraphs,
  withEdits,
  problemTexts,
  revealFinding,
  optionalSections,
  parameterErrorsFromServer,
  previewParts,
  remediesInsertedNotice,
  remediesPlanned,
  planChangesSomething,
  remedySpec,
  scaffoldErrorsFromServer,
  scaffoldRequest,
  validateParameters,
  validateScaffoldOptions,
} from "../../addin_server/pane/pane_logic.js";
import { StaleParagraphError, createWordAdapter } from "../../addin_server/pane/word.js";
import { docxBase64 } from "./docx.mjs";

const { OfficeMockObject } = mock;

const OFFICE = new OfficeMockObject(
  { context: { requirements: { isSetSupported: (name, v) => name === "WordApi" && Number(v) <= 1.3 } } },
  "word",
);

function para(text, extra = {}) {
  const p = { text, style: "Normal", outlineLevel: 10, isListItem: false, tableNestingLevel: 0, ...extra };
  p.select = () => {
    p.selected = true;
  };
  return p;
}

function wordWith(paragraphs, { refuse = [], cursorText = "" } = {}) {
  // Search results of inserted paragraphs: declared up front, so that the mock loads them.
  const pool = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`s${i}`, { items: [] }]));
  const Word = new OfficeMockObject(
    {
      context: {
        document: {
          body: { paragraphs: { items: paragraphs } },
          inserted: { found: { items: [] } },
          selection: { paragraphs: { items: [para(cursorText)] } },
          pool,
        },
      },
      run: async function (callback) {
        return callback(this.context);
      },
    },
    "word",
  );
  const { document } = Word.context;
  document.inserted.search = function () {
    return this.found;
  };
  document.inserted.select = () => {};
  const insertable = (target) => {
    for (const [method, name] of [["file", "insertFileFromBase64"], ["ooxml", "insertOoxml"], ["html", "insertHtml"]]) {
      target[name] = (content, location) => {
        target.calls = [...(target.calls ?? []), { method, content, location }];
        if (refuse.includes(method)) throw new Error("GeneralException");
        return document.inserted;
      };
    }
    return target;
  };
  insertable(document.selection);
  document.getSelection = () => document.selection;
  let searches = 0;
  const insertAfter = (p) => {
    p.insertParagraph = (text, location) => {
      const created = insertAfter(insertable(para(text)));
      created.location = location;
      created.atSync = Word.syncCount;
      created.search = (pattern, options) => {
        created.found = document.pool[`s${searches++}`];
        created.found.items = (text.match(/【请填写[^】]*】/g) ?? []).map((hit) => {
          const found = { text: hit, options };
          found.select = () => {
            found.selected = true;
          };
          return found;
        });
        return created.found;
      };
      p.after = created;
      return created;
    };
    return p;
  };
  paragraphs.forEach(insertAfter);
  // Office.js queues calls and carries them out at context.sync(): each new paragraph notes how
  // many syncs had run when it was asked for, so a test can tell one batch from several.
  const sync = Word.context.sync.bind(Word.context);
  Word.syncCount = 0;
  Word.context.sync = async () => {
    Word.syncCount += 1;
    return sync();
  };
  return Word;
}

function recordingApi(responses) {
  const calls = [];
  const api = {};
  for (const [name, response] of Object.entries(responses)) {
    api[name] = async (...args) => {
      calls.push([name, ...args]);
      return typeof response === "function" ? response(...args) : response;
    };
  }
  return { api, calls };
}

const SCAFFOLD = docxBase64([
  ["2023年度专题民主生活会对照检查材料", "Title"],
  ["一、存在问题", "Heading1"],
  ["【请填写：理论学习方面的具体问题】", null],
  ["A&B <标记>", null],
]);

test("checkDocument posts what Word holds and returns the report with the paragraphs", async () => {
  const Word = wordWith([para("一、存在问题", { style: "Heading 1", outlineLevel: 1 }), para("（一）理论学习方面")]);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const report = { framework: "zhuti-2023", findings: [] };
  const { api, calls } = recordingApi({ check: report });
  const result = await checkDocument({ api, word, framework: "zhuti-2023" });
  assert.equal(result.report, report);
  assert.deepEqual(calls, [[
    "check",
    "zhuti-2023",
    [
      { text: "一、存在问题", style: "Heading 1", outlineLevel: 1, isListItem: false, tableNestingLevel: 0 },
      { text: "（一）理论学习方面", style: "Normal", outlineLevel: 10, isListItem: false, tableNestingLevel: 0 },
    ],
  ]]);
});

test("insertScaffold inserts the server's file at the cursor", async () => {
  const Word = wordWith([]);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api, calls } = recordingApi({ scaffold: { filename: "s.docx", base64: SCAFFOLD } });
  const result = await insertScaffold({ api, word, framework: "nianhui-2024" });
  assert.deepEqual(calls, [["scaffold", { framework: "nianhui-2024" }]]);
  assert.deepEqual(Word.context.document.selection.calls, [{ method: "file", content: SCAFFOLD, location: "After" }]);
  assert.equal(result.method, "file");
});

test("insertScaffold shows the scaffold's outline first and inserts nothing when cancelled", async () => {
  const outline = ["标题“个人对照检查材料”和署名行", "一、存在问题：（一）理论学习方面，每方面 3 条（待填写）"];
  for (const answer of [false, true]) {
    const Word = wordWith([]);
    const word = createWordAdapter({ Word, Office: OFFICE });
    const { api } = recordingApi({ scaffold: { filename: "s.docx", base64: SCAFFOLD, outline } });
    const shown = [];
    const result = await insertScaffold({
      api, word, framework: "zhuti-2023", confirm: async (lines) => { shown.push(lines); return answer; },
    });
    assert.deepEqual(shown, [outline]);
    assert.equal(Boolean(result.cancelled), !answer);
    assert.equal(Word.context.document.selection?.calls?.length ?? 0, answer ? 1 : 0);
  }
});

// The sections of zhuti-2023 as GET /api/frameworks gives them (synonyms left out).
const FRAMEWORK = {
  id: "zhuti-2023",
  sections: [
    { key: "problems", role: "problems", title: "存在问题", required: true },
    { key: "causes", role: "causes", title: "原因剖析", required: true },
    { key: "measures", role: "measures", title: "整改措施", required: true },
    { key: "last_year", role: "other", title: "上年度民主生活会整改措施落实情况", required: false },
    { key: "opinions", role: "other", title: "征求意见情况", required: false },
  ],
};

test("optionalSections offers only the sections with role other, in framework order", () => {
  assert.deepEqual(optionalSections(FRAMEWORK).map((s) => s.key), ["last_year", "opinions"]);
  assert.deepEqual(optionalSections(null), []);
});

test("框架选项 with nothing filled in send the defaults and leave placeholders", () => {
  const { values, errors } = validateScaffoldOptions(FRAMEWORK, {
    title: "  ", author: "", position: " ", items_per_dimension: "", optional_sections: [],
  });
  assert.deepEqual(errors, {});
  assert.deepEqual(scaffoldRequest("zhuti-2023", values), {
    framework: "zhuti-2023", items_per_dimension: 3, optional_sections: [],
  });
});

test("框架选项 become the request body: trimmed texts, a number, the framework's sections in its order", () => {
  const { values, errors } = validateScaffoldOptions(FRAMEWORK, {
    title: " 2025年度民主生活会对照检查材料 ",
    author: "张三",
    position: "办公室主任",
    items_per_dimension: "2",
    // "personal_matters" was remembered from another framework and is not offered here.
    optional_sections: ["opinions", "personal_matters", "last_year"],
  });
  assert.deepEqual(errors, {});
  assert.deepEqual(scaffoldRequest("zhuti-2023", values), {
    framework: "zhuti-2023",
    title: "2025年度民主生活会对照检查材料",
    author: "张三",
    position: "办公室主任",
    items_per_dimension: 2,
    optional_sections: ["last_year", "opinions"],
  });
});

test("每个方面条目数 outside 1–10 or not whole is refused in Chinese before anything is sent", () => {
  for (const bad of ["0", "11", "2.5", "-1", "三", "1e1"]) {
    const { values, errors } = validateScaffoldOptions(FRAMEWORK, { items_per_dimension: bad });
    assert.equal(errors.items_per_dimension, "每个方面条目数须为 1 到 10 之间的整数", bad);
    assert.equal(values.items_per_dimension, undefined);
  }
  for (const [good, number] of [["1", 1], ["10", 10], [" 7 ", 7]]) {
    assert.equal(validateScaffoldOptions(FRAMEWORK, { items_per_dimension: good }).values.items_per_dimension, number);
  }
});

test("scaffold field errors from the server go to their fields; others are left to the notice", () => {
  assert.deepEqual(
    scaffoldErrorsFromServer({
      author: ["must be at most 30 characters"],
      "optional_sections.0": ["Not a valid string."],
      optional_sections: ["unknown for framework"],
      framework: ["unknown"],
    }),
    { author: "must be at most 30 characters", optional_sections: "Not a valid string.；unknown for framework" },
  );
  assert.deepEqual(scaffoldErrorsFromServer(undefined), {});
});

test("insertScaffold sends the 框架选项 with the framework", async () => {
  const Word = wordWith([]);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api, calls } = recordingApi({ scaffold: { filename: "s.docx", base64: SCAFFOLD } });
  const { values } = validateScaffoldOptions(FRAMEWORK, { author: "李四", items_per_dimension: "4", optional_sections: ["opinions"] });
  await insertScaffold({ api, word, framework: "zhuti-2023", options: values });
  assert.deepEqual(calls, [["scaffold", {
    framework: "zhuti-2023", author: "李四", items_per_dimension: 4, optional_sections: ["opinions"],
  }]]);
});

test("insertScaffold converts the file to OOXML when the host refuses it", async () => {
  const Word = wordWith([], { refuse: ["file"] });
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api } = recordingApi({ scaffold: { filename: "s.docx", base64: SCAFFOLD } });
  const result = await insertScaffold({ api, word, framework: "zhuti-2023" });
  const calls = Word.context.document.selection.calls;
  assert.deepEqual(calls.map((c) => c.method), ["file", "ooxml"]);
  assert.match(calls[1].content, /<pkg:package /);
  assert.match(calls[1].content, /【请填写：理论学习方面的具体问题】/);
  assert.equal(result.method, "ooxml");
});

const MEASURES_PLAN = {
  framework: "zhuti-2023",
  empty_document: false,
  missing: [],
  insertions: [{
    after: 2, anchorText: "一是加强理论学习。", parts: ["remedies"], label: "插入 1 条整改措施",
    paragraphs: [{ text: "二是严守纪律。每季度自查一次，【请填写：完成时限】前完成。", role: "item", like: 2, level: 0 }],
  }],
  paragraph_count: 1,
};

test("insertRemedies plans against what Word holds, then continues the measures after their last one", async () => {
  const paragraphs = [para("一、存在问题"), para("三、整改措施"), para("一是加强理论学习。", { style: "正文" }), para("附：说明")];
  const Word = wordWith(paragraphs);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api, calls } = recordingApi({ fillPlan: MEASURES_PLAN });
  const selections = [{ dimension: "theory", remedy_id: "r1", params: {} }];
  const result = await insertRemedies({ api, word, framework: "zhuti-2023", renderPayload: { selections }, where: "section" });
  assert.deepEqual(calls.map((c) => c[0]), ["fillPlan"]);
  assert.equal(calls[0][1].framework, "zhuti-2023");
  assert.deepEqual(calls[0][1].selections, selections);
  assert.equal(calls[0][1].paragraphs[2].text, "一是加强理论学习。");
  const added = paragraphs[2].after;
  assert.equal(added.text, "二是严守纪律。每季度自查一次，【请填写：完成时限】前完成。");
  assert.equal(added.location, "After");
  assert.equal(added.style, "正文");
  assert.equal(added.found.items[0].text, "【请填写：完成时限】");
  assert.equal(added.found.items[0].selected, true);
  assert.equal(paragraphs[3].after, undefined);
  const { plan, ...rest } = result;
  assert.equal(plan, MEASURES_PLAN);
  assert.deepEqual(rest, {
    inserted: 1, renumbered: 0, placeholderSelected: true, labels: ["插入 1 条整改措施"], createdSection: false, checklistRows: 0,
    remedies: 1, firstNumber: "二是", place: "", where: "section",
  });
});

test("insertRemedies reports a 整改措施 section it had to create", async () => {
  const paragraphs = [para("一、存在问题"), para("一是学得不深。")];
  const Word = wordWith(paragraphs);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const plan = { ...MEASURES_PLAN, insertions: [{
    after: 1, anchorText: "一是学得不深。", parts: ["section:measures", "remedies"], label: "补写“三、整改措施”",
    paragraphs: [{ text: "三、整改措施", role: "section", like: 0 }, { text: "一是加强学习。", role: "item", like: 1 }],
  }] };
  const { api } = recordingApi({ fillPlan: plan });
  const result = await insertRemedies({ api, word, framework: "zhuti-2023", renderPayload: { selections: [] }, where: "section" });
  assert.equal(paragraphs[1].after.text, "三、整改措施");
  assert.equal(paragraphs[1].after.after.text, "一是加强学习。");
  assert.equal(result.createdSection, true);
  assert.equal(result.placeholderSelected, false);
  assert.deepEqual([result.remedies, result.firstNumber], [1, "一是"]);
});

const THREE_CHOSEN = [
  { dimension: "theory", remedy_id: "r-theory", params: {} },
  { dimension: "politics", remedy_id: "r-politics", params: { deadline: "6月底" } },
  { dimension: "ability", remedy_id: "r-ability", params: {} },
];

function threeMeasuresPlan() {
  return {
    ...MEASURES_PLAN,
    insertions: [{
      after: 3, anchorText: "二是改进作风。", parts: ["remedies"], label: "插入 3 条整改措施",
      paragraphs: [
        { text: "三是系统学习。每月研读一个专题。", role: "item", like: 3, level: 0 },
        { text: "四是严守纪律。6月底前完成自查。", role: "item", like: 3, level: 0 },
        { text: "五是补齐短板。每季度调研一次。", role: "item", like: 3, level: 0 },
      ],
    }],
  };
}

test("insertRemedies puts three chosen remedies in with one plan and one batch, after the last measure", async () => {
  const paragraphs = [
    para("一、存在问题", { style: "Heading 1" }),
    para("三、整改措施", { style: "Heading 1" }),
    para("一是加强学习。", { style: "正文" }),
    para("二是改进作风。", { style: "正文" }),
  ];
  const Word = wordWith(paragraphs);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api, calls } = recordingApi({ fillPlan: threeMeasuresPlan() });
  const result = await insertRemedies({ api, word, framework: "zhuti-2023", renderPayload: { selections: THREE_CHOSEN }, where: "section" });
  // One request for all three.
  assert.deepEqual(calls.map((c) => c[0]), ["fillPlan"]);
  assert.deepEqual(calls[0][1].selections, THREE_CHOSEN);
  // Paragraph.insertParagraph(text, "After") down a chain from the last measure, each styled like it.
  const third = paragraphs[3].after;
  const fourth = third.after;
  const fifth = fourth.after;
  assert.deepEqual([third, fourth, fifth].map((p) => p.text.slice(0, 2)), ["三是", "四是", "五是"]);
  assert.deepEqual([third, fourth, fifth].map((p) => p.location), ["After", "After", "After"]);
  assert.deepEqual([third, fourth, fifth].map((p) => p.style), ["正文", "正文", "正文"]);
  assert.equal(fifth.after, undefined);
  // All three are asked for in one batch: no context.sync between them, one after them.
  const batch = third.atSync;
  assert.ok([fourth, fifth].every((p) => p.atSync === batch));
  // After the syncs that read the body for the plan, for the check before writing, and for the insertion.
  assert.equal(batch, 3);
  assert.ok(Word.syncCount - batch <= 3, `${Word.syncCount} syncs`); // insert, search, select
  assert.equal(paragraphs[1].after, undefined); // no second 整改措施 heading
  assert.deepEqual(
    [result.inserted, result.remedies, result.firstNumber, result.createdSection, result.where],
    [3, 3, "三是", false, "section"],
  );
});

test("insertRemedies inserts nothing when the document changed since it was read", async () => {
  const paragraphs = [para("三、整改措施"), para("一是加强学习。"), para("二是改进作风。"), para("四")];
  const Word = wordWith(paragraphs);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api } = recordingApi({
    fillPlan: () => {
      paragraphs[3].text = "二是改进作风，已经改写。"; // the writer types while the server plans
      return threeMeasuresPlan();
    },
  });
  paragraphs[3].text = "二是改进作风。";
  await assert.rejects(
    insertRemedies({ api, word, framework: "zhuti-2023", renderPayload: { selections: THREE_CHOSEN }, where: "section" }),
    StaleParagraphError,
  );
  assert.ok(paragraphs.every((p) => p.after === undefined), "no paragraph was inserted");
});

test("the notice says how many remedies went in, from which number, and where the plan put them", () => {
  const place = "在“四是加强作风建设……”之后、“以上对照检查……”之前";
  assert.equal(
    remediesInsertedNotice({ remedies: 3, firstNumber: "五是", createdSection: false, place, where: "section" }),
    "已插入 3 条整改措施（在“四是加强作风建设……”之后、“以上对照检查……”之前），从“五是”起接着编号。",
  );
  // A server that does not say where: no claim about the place.
  assert.equal(
    remediesInsertedNotice({ remedies: 3, firstNumber: "五是", createdSection: false, where: "section" }),
    "已插入 3 条整改措施，从“五是”起接着编号。",
  );
  assert.equal(
    remediesInsertedNotice({ remedies: 3, firstNumber: "一是", createdSection: true, where: "section", placeholderSelected: true }),
    "文档中没有“整改措施”部分，已在应有的位置新建该部分，并插入 3 条整改措施，从“一是”起编号。光标停在第一处“【请填写】”，请填写。",
  );
  assert.equal(remediesInsertedNotice({ remedies: 2, firstNumber: "", where: "cursor" }), "已在光标处插入 2 条整改措施。");
});

test("measure numbers are read in the document's own style", () => {
  assert.equal(itemNumber("五是坚持问题导向。"), "五是");
  assert.equal(itemNumber("（十二）强化督办。"), "（十二）");
  assert.equal(itemNumber("5．建立台账。"), "5．");
  assert.equal(itemNumber("12.建立台账。"), "12.");
  assert.equal(itemNumber("六、加强学习"), "六、");
  assert.equal(itemNumber("坚持问题导向。"), "");
});

test("已选: the same remedy again replaces its values, other frameworks' choices leave, aspects keep their order", () => {
  const entry = (dimension, id, values = {}, framework = "zhuti-2023") => ({ framework, dimension, remedy: { id }, values });
  const order = ["theory", "politics", "ability"];
  let { basket, replaced, dropped } = addToBasket([], entry("ability", "a1"), order);
  ({ basket } = addToBasket(basket, entry("theory", "t1"), order));
  ({ basket, replaced } = addToBasket(basket, entry("theory", "t2"), order));
  assert.equal(replaced, false);
  assert.deepEqual(basket.map((e) => e.remedy.id), ["t1", "t2", "a1"]);
  const before = basket;
  ({ basket, replaced } = addToBasket(basket, entry("ability", "a1", { deadline: "年底" }), order));
  assert.equal(replaced, true);
  assert.deepEqual(basket.map((e) => e.remedy.id), ["t1", "t2", "a1"]);
  assert.deepEqual(basketSelections(basket), [
    { dimension: "theory", remedy_id: "t1", params: {} },
    { dimension: "theory", remedy_id: "t2", params: {} },
    { dimension: "ability", remedy_id: "a1", params: { deadline: "年底" } },
  ]);
  assert.equal(before[2].values.deadline, undefined); // the basket given is left as it was
  ({ basket, dropped } = addToBasket(basket, entry("lead", "l1", {}, "nianhui-2024"), ["lead"]));
  assert.equal(dropped, 3);
  assert.deepEqual(basket.map((e) => e.remedy.id), ["l1"]);
});

test("为此写措施: a finding without a measure gives its problem, and the selection carries it", () => {
  const finding = {
    code: "remedy.unmatched", dimension: "theory", paragraph: 4, subject: "一是学习时间保障不足。业务繁忙时让位于临时任务。",
    message: "问题「学习时间保障不足」在整改措施中还没有对应的措施，请在“整改措施”部分补写针对它的措施",
  };
  assert.deepEqual(problemForFinding(finding), {
    text: finding.subject, dimension: "theory", paragraph: 4, quoted: "「学习时间保障不足」",
  });
  assert.equal(problemForFinding({ ...finding, code: "dimension.empty" }), null);
  assert.equal(problemForFinding({ ...finding, subject: null }), null); // a report from before subjects
  const entry = { framework: "zhuti-2023", dimension: "theory", remedy: { id: "t1" }, values: {}, problem: finding.subject };
  assert.deepEqual(basketSelections([entry]), [{ dimension: "theory", remedy_id: "t1", params: {}, problem: finding.subject }]);
  // The page's upload form writes it as the command line does: one more pair, commas made Chinese.
  assert.equal(remedySpec("theory", "t1", { 完成时限: "6月底" }, "一是学习不够,自学少。"),
    "theory=t1,完成时限=6月底,问题=一是学习不够，自学少。");
  assert.equal(remedySpec("theory", "t1", {}), "theory=t1");
});

test("insertRemedies at the cursor renders all chosen and names the undo step", async () => {
  const Word = wordWith([]);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const seen = [];
  const recording = { ...word, insertDocx: (...args) => (seen.push(args), word.insertDocx(...args)) };
  const { api, calls } = recordingApi({ renderRemedies: { filename: "r.docx", base64: "UEsFBg==" } });
  const result = await insertRemedies({
    api, word: recording, framework: "zhuti-2023", renderPayload: { selections: THREE_CHOSEN }, where: "cursor",
  });
  assert.deepEqual(calls[0][1].selections, THREE_CHOSEN);
  assert.equal(seen[0][1], "cursor");
  assert.equal(seen[0][2].undoName, "填写整改措施");
  assert.deepEqual([result.remedies, result.where], [3, "cursor"]);
});

test("prepareScaffold: an empty document gets the whole scaffold, one with text an offer", async () => {
  const empty = createWordAdapter({ Word: wordWith([para("")]), Office: OFFICE });
  const { api: emptyApi, calls } = recordingApi({ fillPlan: { ...MEASURES_PLAN, empty_document: true, insertions: [] } });
  assert.equal((await prepareScaffold({ api: emptyApi, word: empty, framework: "zhuti-2023" })).kind, "empty");
  assert.equal(calls[0][1].add_missing, true);

  const written = createWordAdapter({ Word: wordWith([para("一、存在问题")], { cursorText: "已经写好的正文" }), Office: OFFICE });
  const { api } = recordingApi({ fillPlan: MEASURES_PLAN });
  const offer = await prepareScaffold({ api, word: written, framework: "zhuti-2023" });
  assert.equal(offer.kind, "offer");
  assert.equal(offer.cursorInText, true);
  assert.equal(offer.plan, MEASURES_PLAN);
});

test("insertMissingParts asks for one part only, or for everything missing", async () => {
  const paragraphs = [para("（三）能力本领"), para("一是本领不强。"), para("（五）工作作风")];
  const word = createWordAdapter({ Word: wordWith(paragraphs), Office: OFFICE });
  const plan = { ...MEASURES_PLAN, insertions: [{
    after: 1, anchorText: "一是本领不强。", parts: ["dimension:responsibility"], label: "补写“（四）担当作为”",
    paragraphs: [{ text: "（四）担当作为", like: 0 }, { text: "一是【请填写：问题】", like: 1 }],
  }] };
  const { api, calls } = recordingApi({ fillPlan: plan });
  const result = await insertMissingParts({ api, word, framework: "zhuti-2023", parts: ["dimension:responsibility"] });
  assert.deepEqual([calls[0][1].add_missing, calls[0][1].parts], [false, ["dimension:responsibility"]]);
  assert.equal(paragraphs[1].after.text, "（四）担当作为");
  assert.equal(paragraphs[2].after, undefined);
  assert.equal(result.placeholderSelected, true);
  await insertMissingParts({ api, word, framework: "zhuti-2023" });
  assert.deepEqual([calls[1][1].add_missing, calls[1][1].parts], [true, []]);
});

test("partForFinding names the part a missing-part finding inserts", () => {
  const report = { sections: [{ key: "causes", title: "原因剖析", present: false, required: true }] };
  assert.equal(partForFinding({ code: "dimension.missing", dimension: "theory" }, report), "dimension:theory");
  assert.equal(partForFinding({ code: "section.missing", message: "缺少“原因剖析”部分" }, report), "section:causes");
  assert.equal(partForFinding({ code: "section.missing", message: "缺少“整改措施”部分" }, report), null);
  assert.equal(partForFinding({ code: "numbering.skipped" }, report), null);
});

test("insertRemedies at the cursor does not re-check", async () => {
  const Word = wordWith([]);
  const word = createWordAdapter({ Word, Office: OFFICE });
  const { api, calls } = recordingApi({ renderRemedies: { filename: "r.docx", base64: "UEsFBg==" } });
  await insertRemedies({ api, word, framework: "zhuti-2023", renderPayload: {}, where: "cursor" });
  assert.deepEqual(calls.map((c) => c[0]), ["renderRemedies"]);
  assert.equal(Word.context.document.selection.calls[0].location, "After");
});

test("revealFinding selects the paragraph the finding names, checked against its text", async () => {
  const paragraphs = [para("标题"), para("（一）理论学习方面")];
  const word = createWordAdapter({ Word: wordWith(paragraphs), Office: OFFICE });
  const read = [{ text: "标题" }, { text: "（一）理论学习方面" }];
  await revealFinding({ word, finding: { paragraph: 1 }, paragraphs: read });
  assert.equal(paragraphs[1].selected, true);
});

test("findings are grouped as the verdict groups them, in its order, with their findings", () => {
  const report = {
    findings: [
      { code: "remedy.unmatched", severity: "warning", message: "m" },
      { code: "dimension.missing", severity: "error", message: "d" },
      { code: "proof.halfwidth", severity: "warning", message: "p", fix: { safe: true, edits: [{}] } },
      { code: "proof.other", severity: "warning", message: "q", fix: { safe: false, edits: [{}] } },
    ],
    verdict: {
      groups: [
        { action: "补写", title: "补写缺少的部分", count: 1, findings: [1], safe_fixes: 0 },
        { action: "改正", title: "改正错字、标点和序号", count: 2, findings: [2, 3], safe_fixes: 1 },
        { action: "写措施", title: "为问题写整改措施", count: 1, findings: [0], safe_fixes: 0 },
      ],
    },
  };
  const groups = verdictGroups(report);
  assert.deepEqual(groups.map((g) => [g.action, g.count, g.findings.map((f) => f.message).join("")]), [
    ["补写", 1, "d"],
    ["改正", 2, "pq"],
    ["写措施", 1, "m"],
  ]);
  assert.deepEqual(safeFixFindings(report).map((f) => f.message), ["p"]);
  assert.deepEqual(verdictGroups({ findings: [] }), []);
});

test("the runner-up framework is named only when the recognition is uncertain", () => {
  const base = {
    reason: "按文中标题识别为2025年度民主生活会（五个带头）：5 个方面标题全部吻合；其次接近2024年度民主生活会（四个带头）（2 个方面吻合）",
    fits: true, fuzzy: false, score: 5, runner_up: "nianhui-2024", runner_up_title: "2024年度民主生活会（四个带头）", runner_up_score: 2,
  };
  assert.equal(recognitionText(base), "按文中标题识别为2025年度民主生活会（五个带头）：5 个方面标题全部吻合");
  assert.equal(recognitionText({ ...base, runner_up_score: 4.5 }), base.reason);
  assert.equal(recognitionText({ ...base, fuzzy: true }), base.reason);
  assert.equal(recognitionText({ ...base, fits: false }), base.reason);
  assert.equal(recognitionText(null), "");
});

test("the offer lists each part to insert on its own line, under where it goes", () => {
  const plan = {
    insertions: [
      { where: "在“一、存在问题”之后", label: "补写“（四）担当作为方面”；补写“（五）廉洁自律方面”" },
      { where: "", label: "补写“三、整改措施”" },
    ],
  };
  assert.deepEqual(offerEntries(plan), [
    { where: "在“一、存在问题”之后", parts: ["补写“（四）担当作为方面”", "补写“（五）廉洁自律方面”"] },
    { where: "", parts: ["补写“三、整改措施”"] },
  ]);
});

test("locations are shown 1-based, as people count paragraphs", () => {
  assert.equal(describeLocation({ paragraph: 0, end_paragraph: 0 }), "第 1 段");
  assert.equal(describeLocation({ paragraph: 4, end_paragraph: 6 }), "第 5–7 段");
  assert.equal(describeLocation({ paragraph: null }), "");
});

test("problem texts for ranking come from the dimension's item paragraphs", () => {
  const report = { dimensions: [{ key: "lilun", items: [1, 3] }, { key: "zuofeng", items: [] }] };
  const paragraphs = [{ text: "h" }, { text: "学习不深入" }, { text: "x" }, { text: "理论联系实际不够" }];
  assert.deepEqual(problemTexts(report, paragraphs, "lilun"), ["学习不深入", "理论联系实际不够"]);
  assert.deepEqual(problemTexts(report, null, "lilun"), []);
});

test("problem texts prefer the report's item texts (standalone mode has no paragraphs)", () => {
  const report = { dimensions: [{ key: "lilun", items: [1, 1], item_texts: ["一是学习不深入。", "二是联系实际不够。"] }] };
  assert.deepEqual(problemTexts(report, null, "lilun"), ["一是学习不深入。", "二是联系实际不够。"]);
  assert.deepEqual(problemTexts(report, null, "other"), []);
});

test("dimensions that need remedies come first: missing, then flagged, then the rest", () => {
  const framework = { dimensions: [{ key: "a", title: "A" }, { key: "b", title: "B" }, { key: "c", title: "C" }] };
  const report = {
    dimensions: [{ key: "a", present: true }, { key: "b", present: true }, { key: "c", present: false }],
    findings: [{ dimension: "b" }],
  };
  assert.deepEqual(dimensionsByNeed(framework, report).map((d) => [d.key, d.need]), [["c", 2], ["b", 1], ["a", 0]]);
  assert.deepEqual(dimensionsByNeed(framework, null).map((d) => d.key), ["a", "b", "c"]);
});

test("remedy parameters are validated as the library declares them", () => {
  const parameters = [
    { name: "完成时限", type: "str", label: "完成时限", default: null, required: true },
    { name: "每周学习小时", type: "int", label: "每周自学小时数", default: 4, required: true },
    { name: "截止日期", type: "date", label: "截止日期", default: null, required: true },
    { name: "备注", type: "str", label: "备注", default: null, required: false },
  ];
  assert.deepEqual(
    validateParameters(parameters, { 完成时限: " 年底前 ", 每周学习小时: "6", 截止日期: "2025-06-30", 备注: "" }),
    { values: { 完成时限: "年底前", 每周学习小时: "6", 截止日期: "2025-06-30", 备注: "" }, errors: {} },
  );
  // A required field left empty is an error even where the library has a default: the form
  // shows the default, so emptying it is the writer's doing, not a cue to use it silently.
  const { errors } = validateParameters(parameters, { 完成时限: "", 每周学习小时: "", 截止日期: "2025-02-30" });
  assert.deepEqual(errors, {
    完成时限: "请填写“完成时限”（必填）",
    每周学习小时: "请填写“每周自学小时数”（必填）",
    截止日期: "“截止日期”须为日期，格式如 2025-06-30",
  });
  assert.equal(validateParameters(parameters, { 每周学习小时: "2.5" }).errors.每周学习小时, "“每周自学小时数”须为整数");
});

test("server field errors map back to the form's parameters", () => {
  assert.deepEqual(
    parameterErrorsFromServer({ "params.完成时限": ["不超过60字"], "selections.0.remedy_id": ["x"] }),
    { 完成时限: "不超过60字" },
  );
});

test("the preview fills {{ slots }} with values or shows the label to fill", () => {
  const remedy = {
    text: "每周不少于{{每周学习小时}}小时，{{ 完成时限 }}前完成。",
    parameters: [{ name: "每周学习小时", label: "每周自学小时数" }, { name: "完成时限", label: "完成时限" }],
  };
  assert.deepEqual(previewParts(remedy, { 每周学习小时: "4" }), [
    { text: "每周不少于" },
    { slot: "每周学习小时", text: "4", filled: true },
    { text: "小时，" },
    { slot: "完成时限", text: "【请填写：完成时限】", filled: false },
    { text: "前完成。" },
  ]);
});

test("a .docx converts to Flat OPC with XML and binary parts, and to HTML with headings", async () => {
  const parts = await readZip(base64ToBytes(SCAFFOLD));
  assert.ok(parts.has("word/document.xml"));
  const flat = await docxToFlatOpc(SCAFFOLD);
  assert.match(flat, /^<\?xml version="1\.0" standalone="yes"\?>/);
  assert.match(flat, /pkg:name="\/word\/document\.xml" pkg:contentType="application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml"><pkg:xmlData><w:document /);
  assert.match(flat, /pkg:name="\/word\/media\/image1\.png" pkg:contentType="image\/png" pkg:compression="store"><pkg:binaryData>iVBORwABAgM=<\/pkg:binaryData>/);
  assert.doesNotMatch(flat, /Content_Types/);
  const html = await docxToHtml(SCAFFOLD);
  assert.equal(
    html,
    "<p>2023年度专题民主生活会对照检查材料</p><h1>一、存在问题</h1><p>【请填写：理论学习方面的具体问题】</p><p>A&amp;B &lt;标记&gt;</p>",
  );
  await assert.rejects(docxToHtml(Buffer.from("not a zip at all, just text").toString("base64")), /不是有效的 \.docx/);
});

// ---- framework choice ------------------------------------------------------------------------

const LIST = {
  default: "nianhui-2025",
  check_default: "auto",
  frameworks: [
    { id: "nianhui-2025", title: "2025年度民主生活会（五个带头）", origin: "shipped" },
    { id: "zhuti-2023", title: "2023年主题教育专题民主生活会（六个方面）", origin: "shipped" },
    { id: "mine", title: "本支部组织生活会", origin: "user" },
    { id: "org", title: "单位框架", origin: "organisation" },
  ],
};

test("the framework list says where a framework not shipped comes from", () => {
  assert.deepEqual(LIST.frameworks.map(frameworkLabel), [
    "2025年度民主生活会（五个带头）", "2023年主题教育专题民主生活会（六个方面）", "本支部组织生活会（个人）", "单位框架（单位）"]);
});

test("the pane opens on the remembered choice, else on what the server checks with", () => {
  assert.equal(initialFrameworkChoice("zhuti-2023", LIST), "zhuti-2023");
  assert.equal(initialFrameworkChoice("auto", LIST), AUTO_FRAMEWORK);
  assert.equal(initialFrameworkChoice("deleted-one", LIST), AUTO_FRAMEWORK);
  assert.equal(initialFrameworkChoice(null, { ...LIST, check_default: "zhuti-2023" }), "zhuti-2023");
});

test("with 自动识别 the pane draws with the recognised framework, else the default", () => {
  const fws = LIST.frameworks;
  assert.equal(effectiveFramework("auto", fws, "nianhui-2025").id, "nianhui-2025");
  const report = { framework: "zhuti-2023", recognition: { fits: true } };
  assert.equal(effectiveFramework("auto", fws, "nianhui-2025", report).id, "zhuti-2023");
  assert.equal(effectiveFramework("mine", fws, "nianhui-2025", report).id, "mine");
  // A report for a named framework (no recognition) does not move the choice.
  assert.equal(effectiveFramework("auto", fws, "nianhui-2025", { framework: "zhuti-2023", recognition: null }).id, "nianhui-2025");
});

test("aspect lines from the box: one a line, blanks dropped", () => {
  assert.deepEqual(aspectLinesFromBox("（一）甲方面\r\n\n  2. 乙  \n"), ["（一）甲方面", "2. 乙"]);
});

test("the preview: the server's summary when it gives one, else each insertion's place and label and each renumbered heading", () => {
  const renumber = [
    { paragraph: 9, start: 1, end: 2, replacement: "五", expected: "（四）廉洁自律方面" },
    { paragraph: 5, start: 1, end: 2, replacement: "四", expected: "（三）践行宗旨、服务群众方面" },
  ];
  const insertions = [{ after: 4, label: "补写“（三）能力本领方面”", where: "在“一是站位不高。”之后、“（三）践行宗旨……”之前" }];
  assert.deepEqual(planLines({ summary: ["将在……插入 3 条整改措施"], insertions, renumber }), ["将在……插入 3 条整改措施"]);
  assert.deepEqual(planLines({ insertions, renumber }), [
    "在“一是站位不高。”之后、“（三）践行宗旨……”之前补写“（三）能力本领方面”",
    "“（三）践行宗旨、服务群众……”改为“（四）践行宗旨、服务群众……”",
    "“（四）廉洁自律方面”改为“（五）廉洁自律方面”",
  ]);
  assert.deepEqual(renumberedParagraphs({ renumber }).map((r) => r.paragraph), [5, 9]);
  // Offsets in code points, as Python counts: a character outside the BMP is one.
  assert.equal(withEdits("𠮷（九）方面", [{ start: 2, end: 3, replacement: "十" }]), "𠮷（十）方面");
  assert.equal(withEdits("9. 十", [{ start: 0, end: 1, replacement: "10" }, { start: 3, end: 4, replacement: "十一" }]), "10. 十一");
});

test("the notice after writing says what went where, from the plan, and nothing when nothing was written", () => {
  const plan = { insertions: [
    { label: "补写“（三）带头……方面”", where: "在“（二）……”的条目之后、“二、原因剖析”之前" },
    { label: "补写“二、原因剖析”", where: "" },
  ] };
  assert.equal(planAppliedNotice(plan, { inserted: 5 }),
    "已在“（二）……”的条目之后、“二、原因剖析”之前补写“（三）带头……方面”；补写“二、原因剖析”。");
  assert.equal(planAppliedNotice(plan, { inserted: 0, renumbered: 0 }), NOTHING_TO_INSERT);
  assert.match(NOTHING_TO_INSERT, /条数不足/);
});

test("aspects held back (the writer's own headings may hold them): the notice says why, not 已包含", () => {
  const why = "“存在问题”中有 3 个标题（“（二）在组织观念方面”等）对应不上……所以没有补写；请按框架的表述改写这些标题后再检查";
  const plan = { insertions: [], renumber: [], held: [why], summary: [why] };
  assert.equal(planAppliedNotice(plan, { inserted: 0, renumbered: 0 }), why);
  assert.deepEqual(planLines(plan), [why]);
});

test("a host that adds the 整改清单 rows is previewed and thanked for them; one that cannot reminds the writer", () => {
  const checklist = { lastRow: 40, anchorText: "2", rows: [["3", "", "措施甲", "本人", ""], ["4", "", "措施乙", "本人", ""]],
    line: "并在附件整改清单末尾增加 2 行（序号 3 至 4），写明新措施" };
  const plan = { insertions: [{ after: 30, label: "插入 2 条整改措施", where: "在“二是……”之后" }], summary: ["在“二是……”之后插入 2 条整改措施", checklist.line], checklist };
  assert.deepEqual(planLines(plan, { inDocument: true, addsRows: true }), plan.summary);
  const byHand = planLines(plan, { inDocument: true });
  assert.ok(byHand.at(-1).includes("不会自动增加行") && !byHand.includes(checklist.line), byHand);
  const added = planAppliedNotice(plan, { inserted: 2, checklistRows: 2 });
  assert.ok(added.includes("已在附件整改清单末尾增加 2 行（序号 3 至 4），写明新措施。") && !added.includes("手动"), added);
  assert.ok(planAppliedNotice(plan, { inserted: 2, checklistRows: 0 }).includes("手动增加 2 行"));
});

test("the remedy values the writer never chose are named after inserting, in Word and WPS as on the page", () => {
  const defaults = [{ title: "牵头领办难题、限时攻坚", values: [{ label: "分管领域", value: "分管领域" }, { label: "完成时限", value: "9月底" }],
    line: "“牵头领办难题、限时攻坚”按默认值填入了：分管领域写作“分管领域”、完成时限写作“9月底”，请核对，需要时插入后在文中修改" }];
  const plan = { insertions: [{ after: 30, parts: ["remedies"], label: "插入 1 条整改措施", where: "在“二是……”之后", paragraphs: [{ text: "三是……", role: "item" }] }],
    summary: ["在“二是……”之后插入 1 条整改措施", defaults[0].line], defaults };
  assert.deepEqual(planLines(plan, { inDocument: true }), plan.summary);
  const said = "“牵头领办难题、限时攻坚”按默认值填入了：分管领域写作“分管领域”、完成时限写作“9月底”，请在文中核对修改。";
  assert.ok(remediesInsertedNotice({ remedies: 1, firstNumber: "三是", where: "section", plan }).endsWith(said));
  assert.ok(planAppliedNotice(plan, { inserted: 1 }).endsWith(said));
  assert.ok(!planAppliedNotice({ ...plan, defaults: [] }, { inserted: 1 }).includes("默认值"));
});

test("insertRemedies at the cursor shows the values taken from defaults before inserting, and after", async () => {
  const word = createWordAdapter({ Word: wordWith([]), Office: OFFICE });
  const defaults = [{ title: "严格执行请示报告制度", values: [{ label: "完成时限", value: "9月底" }],
    line: "“严格执行请示报告制度”按默认值填入了：完成时限写作“9月底”，请核对，需要时插入后在文中修改" }];
  const { api } = recordingApi({ renderRemedies: { filename: "r.docx", base64: "UEsFBg==", defaults } });
  const shown = [];
  const result = await insertRemedies({
    api, word, framework: "nianhui-2025", renderPayload: { selections: THREE_CHOSEN }, where: "cursor",
    confirm: async (lines) => (shown.push(...lines), true),
  });
  assert.equal(shown.at(-1), defaults[0].line);
  assert.ok(remediesInsertedNotice(result).endsWith("“严格执行请示报告制度”按默认值填入了：完成时限写作“9月底”，请在文中核对修改。"));
  // Cancelled: nothing inserted (the render wrote nothing either).
  const cancelled = await insertRemedies({
    api, word, framework: "nianhui-2025", renderPayload: { selections: THREE_CHOSEN }, where: "cursor", confirm: async () => false,
  });
  assert.equal(cancelled.cancelled, true);
});

test("measures set out as a table: the plan's rows are the new measures, previewed, counted and thanked for", () => {
  // An unseen draft (d11): 整改措施 as a table 序号 | 整改事项 | 整改措施 | 完成时限. The plan inserts no
  // paragraph; its rows are the remedies.
  const checklist = { lastRow: 52, anchorText: "5", rows: [["6", "", "对党中央决策部署建账销号。……", "6月底"]],
    line: "在整改措施表格末尾增加 1 行（序号 6），写明新措施", place: "measures" };
  const plan = { insertions: [], renumber: [], summary: [checklist.line], checklist };
  assert.ok(planChangesSomething(plan));
  assert.equal(remediesPlanned(plan).remedies, 1);
  assert.deepEqual(planLines(plan, { inDocument: true, addsRows: true }), [checklist.line]);
  assert.ok(planLines(plan, { inDocument: true }).at(-1).startsWith("整改措施表格不会自动增加行"));
  assert.equal(remediesInsertedNotice({ ...remediesPlanned(plan), plan, where: "section", checklistRows: 1 }),
    "已在整改措施表格末尾增加 1 行（序号 6），写明新措施。");
  assert.ok(remediesInsertedNotice({ ...remediesPlanned(plan), plan, where: "section", checklistRows: 0 })
    .startsWith("整改措施表格不会自动增加行：请在表格末尾手动增加 1 行（序号 6）"));
  assert.equal(planAppliedNotice(plan, { inserted: 0, renumbered: 0, checklistRows: 1 }),
    "已在整改措施表格末尾增加 1 行（序号 6），写明新措施。");
});

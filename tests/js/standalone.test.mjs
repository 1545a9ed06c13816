// The page's working copy (standalone.js): 在此补写 and 补齐 ask the server for the plan of the
// copy, show it, and only on confirmation ask for the filled copy — with the same fields, so the
// file is what was shown. A recording stand-in for our own HTTP client (api.js runs against the
// real server in tests/e2e).
import assert from "node:assert/strict";
import { test } from "node:test";

import { FORMAT_GROUP_TITLE, fillUploadedDocx, withFormatFindings, workingCopyName } from "../../addin_server/pane/standalone.js";

const PLAN = {
  framework: "zhuti-2023", empty_document: false, missing: ["dimension:ability"], paragraph_count: 1,
  renumber: [], summary: ["在“一是……”之后补写“（三）能力本领方面”"],
  insertions: [{ after: 4, anchorText: "一是……", parts: ["dimension:ability"], label: "补写“（三）能力本领方面”", where: "在“一是……”之后", paragraphs: [] }],
};
const FILLED = Buffer.from("PK filled").toString("base64");

function recordingApi(plan) {
  const calls = [];
  return {
    calls,
    api: {
      fillDocxPlan: async (file, fields) => (calls.push(["plan", file, fields]), plan),
      fillDocx: async (file, fields) => (calls.push(["fill", file, fields]), { filename: "x-已补写.docx", base64: FILLED }),
    },
  };
}

const COPY = new File([Buffer.from("PK copy")], "我的材料.docx");
const FIELDS = { framework: "auto", parts: ["dimension:ability"] };

test("confirmed, the copy is filled with the fields it was planned with and keeps its name", async () => {
  const { api, calls } = recordingApi(PLAN);
  const shown = [];
  const result = await fillUploadedDocx({ api, file: COPY, ...FIELDS, confirm: async (lines) => (shown.push(lines), true) });
  assert.deepEqual(shown, [PLAN.summary]);
  assert.deepEqual(calls.map((c) => c[0]), ["plan", "fill"]);
  assert.deepEqual(calls[0][2], calls[1][2]);
  assert.ok(calls.every((c) => c[1] === COPY));
  assert.equal(result.changed, true);
  assert.equal(result.file.name, "我的材料.docx");
  assert.equal(Buffer.from(await result.file.arrayBuffer()).toString(), "PK filled");
});

test("取消 asks for no filled copy; a plan that changes nothing is not shown", async () => {
  const cancelled = recordingApi(PLAN);
  const result = await fillUploadedDocx({ api: cancelled.api, file: COPY, ...FIELDS, confirm: async () => false });
  assert.equal(result.cancelled, true);
  assert.deepEqual(cancelled.calls.map((c) => c[0]), ["plan"]);

  const nothing = recordingApi({ ...PLAN, insertions: [], summary: [] });
  let asked = false;
  const same = await fillUploadedDocx({ api: nothing.api, file: COPY, ...FIELDS, confirm: async () => (asked = true) });
  assert.equal(asked, false);
  assert.deepEqual([same.changed, same.file], [false, COPY]);
  assert.deepEqual(nothing.calls.map((c) => c[0]), ["plan"]);
});

test("the working copy is saved under the picked name with -已修改", () => {
  assert.equal(workingCopyName("王芳 材料.docx"), "王芳 材料-已修改.docx");
  assert.equal(workingCopyName("材料.DOCX"), "材料-已修改.docx");
});

test("GB/T 9704 findings join the verdict as a last group, said in its line", () => {
  const ready = { state: "ready", line: "材料完整，没有发现需要修改的地方", to_fill: 0, groups: [] };
  const joined = withFormatFindings(ready, 0, 2);
  assert.equal(joined.line, "结构完整，2 处版式请核对");
  assert.equal(joined.state, "to_improve");
  assert.deepEqual(joined.groups, [{ action: "核对", title: FORMAT_GROUP_TITLE, count: 2, findings: [0, 1], safe_fixes: 0 }]);
  const fill = { state: "to_fill", line: "结构完整，还有 3 处待填写", to_fill: 3, groups: [{ action: "填写", findings: [0, 1, 2] }] };
  const both = withFormatFindings(fill, 3, 1);
  assert.equal(both.line, "结构完整，还有 3 处待填写；1 处版式请核对");
  assert.deepEqual(both.groups.map((g) => g.findings), [[0, 1, 2], [3]]);
  assert.equal(withFormatFindings(fill, 3, 0), fill);
});

// Carries out fill plans (render/plan.py, as /api/fill/plan gives them) in the Word and the WPS
// adapters against their documented test doubles, the way the pane does (pane_logic.applyPlan:
// the renumbering, then the insertions), and prints each document's paragraphs afterwards.
// Driven by tests/test_adapters_apply_plans.py with generated materials:
//   stdin  [{paragraphs: [{text, style?, listId?, listLevel?}], plan, refusals?, lists?}]
//   stdout [{word: [text…], wps: [text…]} | {error}]; with `refusals`, a host that refuses the
//          plan gives {refused: "Name: message", text: [the document as left]} in its place;
//          with `lists` (Word lists of the double, config `lists`) Word only, each paragraph as
//          [listString, text] as the pane reads it: {word: [[number, text]…]}
import { readFileSync } from "node:fs";
import vm from "node:vm";

import { DOMParser } from "@xmldom/xmldom";

import "../e2e/wps_double.js";
import { applyPlan } from "../../addin_server/pane/pane_logic.js";
import { createWordAdapter } from "../../addin_server/pane/word.js";
import { createWpsAdapter } from "../../addin_server/pane/wps.js";

const wordDouble = readFileSync(new URL("../e2e/word_double.js", import.meta.url), "utf8");

function wordHost(paragraphs, lists = undefined) {
  // The double reads its configuration when it loads, as in the browser (page.add_init_script);
  // it parses the OOXML the pane inserts with the browser's DOMParser, here xmldom's.
  globalThis.window = globalThis;
  globalThis.DOMParser ??= DOMParser;
  globalThis.__wordDoubleConfig = { wordApi: "1.3", paragraphs, lists };
  vm.runInThisContext(wordDouble);
  return { adapter: createWordAdapter({ Word: globalThis.Word, Office: globalThis.Office }), double: globalThis.__wordDouble };
}

function wpsHost(paragraphs) {
  const host = globalThis.__createWpsDouble({ paragraphs });
  return { adapter: createWpsAdapter({ Application: host.Application }), double: host.double };
}

async function carryOut(host, plan) {
  await applyPlan({ word: host.adapter, plan });
  return (await host.adapter.readParagraphs()).map((p) => p.text);
}

// A host that refuses a plan: its error and the document as it was left ({refused, text}).
async function carryOutOrRefuse(host, plan) {
  try {
    return await carryOut(host, plan);
  } catch (error) {
    return { refused: `${error?.name}: ${error?.message}`, text: (await host.adapter.readParagraphs()).map((p) => p.text) };
  }
}

const cases = JSON.parse(readFileSync(0, "utf8"));
const out = [];
for (const { paragraphs, plan, refusals, lists } of cases) {
  try {
    if (lists) {
      const host = wordHost(paragraphs, lists);
      await applyPlan({ word: host.adapter, plan });
      out.push({ word: (await host.adapter.readParagraphs()).map((p) => [p.listString ?? "", p.text]) });
    } else if (refusals) {
      out.push({ word: await carryOutOrRefuse(wordHost(paragraphs), plan), wps: await carryOutOrRefuse(wpsHost(paragraphs), plan) });
    } else {
      out.push({ word: await carryOut(wordHost(paragraphs), plan), wps: await carryOut(wpsHost(paragraphs), plan) });
    }
  } catch (error) {
    out.push({ error: `${error?.name}: ${error?.message}` });
  }
}
process.stdout.write(JSON.stringify(out));

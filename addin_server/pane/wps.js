// The host adapter for WPS 文字 (a WPS 加载项): the interface word.js lists, written against the
// WPS JS object model, which is Word's VBA object model reached from JavaScript
// (`window.Application`, the WpsApplication of Kingsoft's typings, npm package wps-jsapi:
// lib.wps.d.ts). Calls are synchronous; positions are character offsets in the main story, where
// every paragraph ends with "\r". Collections are 1-based (Paragraphs.Item(1) is the first).
//
// Which calls this uses, and what was and was not verified against a real WPS, is in docs/wps.md;
// the browser and Node tests run against tests/e2e/wps_double.js, which models only these calls.

import { docxParagraphs, docxToFlatOpc, flatOpcParagraphs } from "./docx_convert.js";
import { PLACEHOLDER_PREFIX, StaleParagraphError, WordUnavailableError, nonOverlapping } from "./word.js";

// WdInformation.wdWithInTable and the WdBuiltinStyle values of lib.wps.d.ts (as in Word VBA).
const WD_WITHIN_TABLE = 12;
const WD_STYLE_NORMAL = -1;
const WD_STYLE_HEADING_1 = -2; // wdStyleHeading2 = -3 … wdStyleHeading9 = -10
const PLACEHOLDER_CLOSE = "】";
const PARAGRAPH_MARK = "\r";

/** The WPS Application of this page, or null outside WPS (the pane is then in Word or a browser). */
export function wpsApplication(globals = globalThis) {
  try {
    if (globals.wps && typeof globals.wps.WpsApplication === "function") {
      const app = globals.wps.WpsApplication();
      if (app) return app;
    }
    const app = globals.Application;
    // Word's Office.js defines no global Application; WPS defines it with the WPS-only PluginStorage.
    if (globals.wps && app && typeof app === "object" && "PluginStorage" in app) return app;
  } catch {
    // A host object that throws on access is not one we can use.
  }
  return null;
}

function normalizeText(text) {
  // A paragraph's Range.Text ends with its mark "\r"; cells end with "\r\u0007"; soft breaks are \v.
  return String(text ?? "").replace(/[\r\u0007\v]+$/u, "").replace(/\v/gu, "\n");
}

function attempt(read, fallback = null) {
  try {
    const value = read();
    return value === undefined ? fallback : value;
  } catch {
    return fallback;
  }
}

/** A style's name: Paragraph.Style is a Style object (NameLocal) in VBA; a bridge may give a string. */
function styleName(style) {
  if (typeof style === "string") return style;
  const name = attempt(() => style?.NameLocal, "");
  return typeof name === "string" ? name : "";
}

/** The first whole 【请填写…】 in `text`: [start, end) offsets, or null. */
export function placeholderSpan(text) {
  const start = text.indexOf(PLACEHOLDER_PREFIX);
  if (start < 0) return null;
  const close = text.indexOf(PLACEHOLDER_CLOSE, start);
  const stop = text.indexOf(PARAGRAPH_MARK, start);
  // A placeholder that is not closed in its paragraph is selected up to the paragraph's end.
  const end = close >= 0 && (stop < 0 || close < stop) ? close + 1 : stop >= 0 ? stop : text.length;
  return [start, end];
}

export function createWpsAdapter({ Application = wpsApplication() } = {}) {
  function capabilities() {
    // cutsParagraphs: a plan insertion's `split` and `closingCut` are carried out (insertParagraphs).
    return { wps: Boolean(Application), cutsParagraphs: true };
  }

  function activeDocument() {
    if (!Application) {
      throw new WordUnavailableError("未能连接 WPS 文字。请关闭并重新打开对照检查助手窗格。");
    }
    const doc = attempt(() => Application.ActiveDocument);
    if (!doc) throw new WordUnavailableError("WPS 中没有打开的文档。请先打开或新建一个文字文档，再使用本助手。");
    return doc;
  }

  /** Run `work` as one undo step where WPS offers UndoRecord (lib.wps.d.ts WpsUndoRecord). */
  async function asOneUndoStep(name, work) {
    const record = attempt(() => Application.UndoRecord);
    const started = Boolean(record) && attempt(() => (record.StartCustomRecord(name), true), false);
    try {
      return await work();
    } finally {
      if (started) attempt(() => record.EndCustomRecord());
    }
  }

  function paragraphCount(doc) {
    return doc.Paragraphs.Count;
  }

  /** Body paragraphs as /api/check wants them, plus the list numbering WPS shows (ListString). */
  async function readParagraphs() {
    const doc = activeDocument();
    const paragraphs = doc.Paragraphs;
    const count = paragraphs.Count;
    const out = [];
    for (let i = 1; i <= count; i += 1) {
      const paragraph = paragraphs.Item(i);
      const range = paragraph.Range;
      const list = attempt(() => range.ListFormat);
      const listString = String(attempt(() => list?.ListString, "") ?? "");
      const outline = attempt(() => paragraph.OutlineLevel);
      out.push({
        text: normalizeText(range.Text),
        style: styleName(attempt(() => paragraph.Style)),
        outlineLevel: Number.isInteger(outline) ? outline : null,
        isListItem: listString !== "" || Number(attempt(() => list?.ListType, 0)) > 0,
        listString,
        tableNestingLevel: attempt(() => range.Information(WD_WITHIN_TABLE), false) ? 1 : 0,
      });
    }
    return out;
  }

  function paragraphRange(doc, index) {
    return doc.Paragraphs.Item(index + 1).Range;
  }

  /** Select the first whole placeholder in doc.Range(start, end); false when there is none. */
  function selectFirstPlaceholder(doc, start, end) {
    if (end <= start) return false;
    const text = String(doc.Range(start, end).Text ?? "");
    const span = placeholderSpan(text);
    if (!span) return false;
    const target = doc.Range(start + span[0], start + span[1]);
    // Offsets of Range.Text match story positions for plain paragraphs (what we insert); where
    // they do not (fields, hidden text), select the paragraph that holds the placeholder instead.
    if (!String(target.Text ?? "").startsWith(PLACEHOLDER_PREFIX)) {
      const holder = attempt(() => doc.Range(start + span[0], start + span[0]).Paragraphs.Item(1).Range);
      (holder ?? target).Select();
      return true;
    }
    target.Select();
    return true;
  }

  function storyEnd(doc) {
    return doc.Content.End;
  }

  function atParagraphStart(doc, position) {
    return position === 0 || doc.Range(position - 1, position).Text === PARAGRAPH_MARK;
  }

  /** The story offset of the `split`-th soft line break (0: the first) of paragraph `index`. */
  function softBreakPosition(doc, index, split) {
    const range = paragraphRange(doc, index);
    const text = String(range.Text ?? "");
    let seen = -1;
    for (let k = 0; k < text.length; k += 1) {
      if ((text[k] === "\v" || text[k] === "\n") && ++seen === split) return range.Start + k;
    }
    throw new StaleParagraphError("文档已修改，插入位置已变化。请重新检查后再插入。");
  }

  /** The style to give an inserted paragraph: built-in constants for headings and body text. */
  function styleFor({ headingLevel, style }) {
    if (headingLevel >= 1 && headingLevel <= 9) return WD_STYLE_HEADING_1 - (headingLevel - 1);
    return style && !/^normal$|^正文$/i.test(style) ? style : WD_STYLE_NORMAL;
  }

  /**
   * Insert `items` ([{text, headingLevel, style}]) as paragraphs of their own at story `position`:
   * a paragraph there is split, an empty one is filled — unless `afterParagraph` (the position is
   * the end of a paragraph's text, and the new ones follow it) or `beforeParagraph` (the position
   * is a paragraph's start, and the new ones go before it). Each new paragraph gets its style
   * (a style the document lacks leaves body text; `keepStyle` keeps the formatting it took from
   * the paragraph it was made in). Returns [start, end) of what was added.
   */
  function insertParagraphsAt(doc, position, items, { afterParagraph = false, beforeParagraph = false } = {}) {
    const texts = items.map((item) => String(item.text ?? "").replace(/[\r\n\v]+/gu, " "));
    const leading = afterParagraph || !atParagraphStart(doc, position);
    const trailing = beforeParagraph || doc.Range(position, position + 1).Text !== PARAGRAPH_MARK;
    const text = (leading ? PARAGRAPH_MARK : "") + texts.join(PARAGRAPH_MARK) + (trailing ? PARAGRAPH_MARK : "");
    doc.Range(position, position).InsertAfter(text);
    let start = position + (leading ? 1 : 0);
    items.forEach((item, i) => {
      const range = doc.Range(start, start + texts[i].length);
      if (item.keepStyle) {
        start += texts[i].length + 1;
        return;
      }
      const style = styleFor(item);
      try {
        range.Style = style;
      } catch {
        if (typeof style === "string") attempt(() => (range.Style = WD_STYLE_NORMAL));
      }
      start += texts[i].length + 1;
    });
    return [position, position + text.length];
  }

  /**
   * Insert a rendered .docx at story `position`, the richest way WPS takes: Range.InsertXML with the
   * package as Flat OPC keeps the template's formatting; if WPS refuses it, the paragraphs are
   * inserted with their styles. Returns {method, start, end} of the inserted content.
   */
  async function insertDocxAt(doc, position, base64, fallback = {}) {
    let ooxml = fallback.ooxml ?? null;
    if (!ooxml && base64) ooxml = await docxToFlatOpc(base64);
    if (!ooxml && !base64) throw new Error("没有可插入的内容");
    const before = storyEnd(doc);
    try {
      doc.Range(position, position).InsertXML(ooxml);
      const added = storyEnd(doc) - before;
      if (added > 0) return { method: "ooxml", start: position, end: position + added };
    } catch {
      // Older WPS builds lack InsertXML or refuse Flat OPC: fall back to plain paragraphs.
    }
    const items = base64 ? await docxParagraphs(base64) : flatOpcParagraphs(ooxml);
    if (!items.length) throw new Error("插入的内容中没有段落");
    const [start, end] = insertParagraphsAt(doc, position, items);
    return { method: "paragraphs", start, end };
  }

  /**
   * Insert a rendered .docx (base64) after the cursor (`where: "cursor"`) or at the end of the
   * document (`"end"`), then select the first placeholder of what was inserted.
   */
  async function insertDocx(base64, where = "cursor", fallback = {}) {
    const doc = activeDocument();
    return asOneUndoStep(fallback.undoName ?? "插入框架", async () => {
      const position = where === "end" ? storyEnd(doc) - 1 : Application.Selection.End;
      const { method, start, end } = await insertDocxAt(doc, position, base64, fallback);
      return { method, placeholderSelected: selectFirstPlaceholder(doc, start, end) };
    });
  }

  /** Put the cursor on the first 【请填写…】 in the document; false when none is left. */
  async function goToFirstPlaceholder() {
    const doc = activeDocument();
    return selectFirstPlaceholder(doc, 0, storyEnd(doc));
  }

  /**
   * Select paragraph `index` (as numbered in readParagraphs). When `expectedText` is given and the
   * paragraph there no longer has it, the first paragraph that does is selected instead; if none
   * does, StaleParagraphError asks for a re-check.
   */
  async function selectParagraph(index, expectedText = null) {
    const doc = activeDocument();
    const count = paragraphCount(doc);
    const textAt = (i) => normalizeText(paragraphRange(doc, i).Text);
    let found = Number.isInteger(index) && index >= 0 && index < count ? index : -1;
    if (expectedText != null) {
      const wanted = normalizeText(expectedText);
      if (found < 0 || textAt(found) !== wanted) {
        found = -1;
        for (let i = 0; i < count && found < 0; i += 1) if (textAt(i) === wanted) found = i;
      }
    }
    if (found < 0) throw new StaleParagraphError("文档已修改，找不到该段落。请重新检查后再点击。");
    paragraphRange(doc, found).Select();
    return found;
  }

  /**
   * Apply fix edits ({paragraph, start, end, replacement}: a span of the paragraph's text as
   * readParagraphs gave it, in code points) in the open document. WPS has offset ranges, so each
   * span is Document.Range(paragraph start + offset…) and is replaced by setting its Text (the new
   * text takes the formatting of the replaced characters; the rest of the paragraph is untouched).
   * A span whose text is not what the check saw is skipped; `expected` maps a paragraph index to
   * the text the check saw, so an edited paragraph is found again by it. One undo step, named
   * `undoName` (改正; a plan's renumbering: 顺延序号). Returns {applied, skipped}.
   */
  async function applyEdits(edits, { expected = {}, undoName = "改正" } = {}) {
    const planned = nonOverlapping(edits ?? []);
    if (!planned.length) return { applied: 0, skipped: 0 };
    const doc = activeDocument();
    return asOneUndoStep(undoName, async () => {
      const count = paragraphCount(doc);
      const texts = new Map();
      const textAt = (i) => {
        if (!texts.has(i)) texts.set(i, normalizeText(paragraphRange(doc, i).Text));
        return texts.get(i);
      };
      const byParagraph = new Map();
      for (const edit of planned) {
        if (!byParagraph.has(edit.paragraph)) byParagraph.set(edit.paragraph, []);
        byParagraph.get(edit.paragraph).push(edit);
      }
      let applied = 0;
      let skipped = 0;
      for (const [index, group] of byParagraph) {
        const wanted = expected[index] != null ? normalizeText(expected[index]) : null;
        let target = Number.isInteger(index) && index >= 0 && index < count ? index : -1;
        if (wanted != null && (target < 0 || textAt(target) !== wanted)) {
          target = -1;
          for (let i = 0; i < count && target < 0; i += 1) if (textAt(i) === wanted) target = i;
        }
        if (target < 0) {
          skipped += group.length;
          continue;
        }
        const chars = Array.from(textAt(target));
        const origin = paragraphRange(doc, target).Start;
        // From the last span back to the first, so no replacement moves another's place.
        for (const edit of [...group].reverse()) {
          const { start, end } = edit;
          if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > chars.length) {
            skipped += 1;
            continue;
          }
          const from = origin + chars.slice(0, start).join("").length;
          const spanText = chars.slice(start, end).join("");
          const range = doc.Range(from, from + spanText.length);
          if (String(range.Text ?? "") !== spanText) {
            skipped += 1;
            continue;
          }
          range.Text = String(edit.replacement ?? "");
          applied += 1;
        }
      }
      return { applied, skipped };
    });
  }

  /** Whether the cursor (or the start of the selection) is in a paragraph that has text. */
  async function cursorInText() {
    const doc = activeDocument();
    const at = Application.Selection.Start;
    const paragraph = attempt(() => doc.Range(at, at).Paragraphs.Item(1));
    return Boolean(paragraph) && normalizeText(paragraph.Range.Text).trim() !== "";
  }

  /**
   * Insert planned paragraphs at their places: insertions [{after, anchorText, paragraphs:
   * [{text, like}]}] as /api/fill/plan gives them (`after`: the paragraph they follow, -1 the start
   * of the document; `anchorText`: its text when planned, else StaleParagraphError; `like`: the
   * paragraph whose style a new one takes, null for the anchor's). Each group goes in at the end
   * of its anchor's text, as pressing Enter there would, so it takes the anchor's formatting; last
   * anchor first, so earlier indexes stay valid. Then the first whole placeholder among the new
   * paragraphs is selected. One undo step. Returns {inserted, placeholderSelected}.
   */
  async function insertParagraphs(insertions) {
    const doc = activeDocument();
    const planned = [...(insertions ?? [])].filter((i) => i.paragraphs?.length);
    const count = paragraphCount(doc);
    for (const { after, anchorText } of planned) {
      const valid = Number.isInteger(after) && after >= -1 && after < count && count > 0;
      const moved = valid && after >= 0 && anchorText != null
        && normalizeText(paragraphRange(doc, after).Text) !== normalizeText(anchorText);
      if (!valid || moved) throw new StaleParagraphError("文档已修改，插入位置已变化。请重新检查后再插入。");
    }
    if (!planned.length) return { inserted: 0, placeholderSelected: false };
    // `like` counts paragraphs as the plan saw them: read those styles before anything moves.
    const styles = new Map();
    const styleAt = (i) => {
      if (!styles.has(i)) styles.set(i, styleName(attempt(() => doc.Paragraphs.Item(i + 1).Style)));
      return styles.get(i);
    };
    const jobs = planned
      .map((insertion) => ({
        after: insertion.after,
        split: Number.isInteger(insertion.split) ? insertion.split : null,
        closing: insertion.after >= 0 && !Number.isInteger(insertion.split) ? insertion.closingCut ?? null : null,
        items: insertion.paragraphs.map(({ text, like }) => {
          const style = Number.isInteger(like) && like >= 0 && like < count ? styleAt(like) : "";
          return style ? { text, style } : { text, keepStyle: true };
        }),
      }))
      // Last place first: by paragraph, and within one the end before its soft breaks, the later
      // break before the earlier — so every place still to do keeps its paragraph and offset.
      .sort((a, b) => b.after - a.after || (b.split ?? Infinity) - (a.split ?? Infinity));
    // The undo step is named after what it adds: remedies only (填写整改措施), else 补齐.
    const remediesOnly = planned.every((i) => (i.parts ?? []).every((part) => part === "remedies") && i.parts?.length);
    return asOneUndoStep(remediesOnly ? "填写整改措施" : "补齐", async () => {
      const spans = [];
      let inserted = 0;
      for (const { after, split, closing, items } of jobs) {
        let position = after >= 0 ? paragraphRange(doc, after).End - 1 : 0;
        let place = after >= 0 ? { afterParagraph: true } : { beforeParagraph: true };
        let removed = 0;
        if (split !== null) {
          // Inside the paragraph, where one of its lines ends: the soft break (Chr(11)) is taken
          // out with WpsRange.Text and the paragraphs go in there, so the paragraph is cut in two
          // as pressing Enter in place of the break would; the text around keeps its formatting.
          position = softBreakPosition(doc, after, split);
          doc.Range(position, position + 1).Text = "";
          place = {};
          removed = 1;
        } else if (closing) {
          // Before the closing sentence typed on at the paragraph's end: the blanks between it and
          // the text before are taken out and the paragraphs go in there, so the closing stays a
          // paragraph of its own after them, its words and formatting as they were.
          const start = paragraphRange(doc, after).Start;
          const text = String(paragraphRange(doc, after).Text ?? "");
          const units = (k) => Array.from(text).slice(0, k).join("").length; // code points → UTF-16
          position = start + units(closing.headEnd);
          removed = units(closing.tailStart) - units(closing.headEnd);
          if (removed) doc.Range(position, position + removed).Text = "";
          place = {};
        }
        const [start, end] = insertParagraphsAt(doc, position, items, place);
        // What was inserted earlier in this loop lies further down: it moved by this insertion.
        for (const span of spans) {
          if (span[0] >= position) {
            span[0] += end - start - removed;
            span[1] += end - start - removed;
          }
        }
        spans.push([start, end]);
        inserted += items.length;
      }
      spans.sort((a, b) => a[0] - b[0]);
      const placeholderSelected = spans.some(([start, end]) => selectFirstPlaceholder(doc, start, end));
      return { inserted, placeholderSelected };
    });
  }

  return {
    capabilities,
    cursorInText,
    insertParagraphs,
    isSupported: () => Boolean(Application),
    applyEdits,
    readParagraphs,
    insertDocx,
    goToFirstPlaceholder,
    selectParagraph,
  };
}

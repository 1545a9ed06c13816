// Every Office.js call the pane makes lives here, behind one small interface, so that the UI code
// (pane_logic.js, taskpane.js) is testable with office-addin-mock (tests/js) and with the browser
// test double (tests/e2e), and so a WPS adapter can sit beside this one with the same methods.
//
// The host adapter interface — every method the pane calls; another host's adapter provides the
// same names, arguments and results. Paragraph indexes count the body's paragraphs in document
// order, as readParagraphs returns them (and as /api/check and /api/fill/plan number them).
//
//   capabilities() -> {wordApi11, wordApi13, cutsParagraphs, appendsTableRows}
//                                                       what the host supports (no document access)
//   isSupported() -> boolean                            the minimum (WordApi 1.1) is there
//   readParagraphs() -> [{text, style, outlineLevel, isListItem, tableNestingLevel, listString?, tableColumn?}]
//                                                       the body, read in one sync (two with list or
//                                                       table paragraphs: listString, Word's own
//                                                       number; tableColumn, the cell's place in its row)
//   cursorInText() -> boolean                           the cursor stands in a paragraph with text
//   insertDocx(base64, where = "cursor"|"end", fallback = {ooxml, html, undoName}) -> {method, placeholderSelected}
//                                                       a rendered .docx after the cursor / at the end;
//                                                       the first placeholder it brought is selected;
//                                                       undoName names the undo step where the host
//                                                       has named ones (WPS; Office.js has none)
//   insertParagraphs(insertions) -> {inserted, placeholderSelected}
//       insertions: [{after, anchorText, paragraphs: [{text, like}]}] as /api/fill/plan gives them:
//       `after` the index the new paragraphs follow (-1: the start of the document), `anchorText`
//       that paragraph's text when planned (StaleParagraphError when it changed), `like` the index
//       of the paragraph whose style each new one takes (null: the anchor's). All are inserted in
//       one batch (Word: one context.sync; WPS: one undo step), or, when an anchor changed, none;
//       then the first whole 【请填写：…】 among them is selected. An insertion with `split` (the
//       k-th soft line break of its anchor) or `closingCut` ({headEnd, tailStart}: a closing
//       sentence typed on at its anchor's end) goes inside the anchor, which the adapter cuts
//       there first, each part keeping its runs' formatting — where capabilities().cutsParagraphs.
//       A paragraph's `lead` (a run-in aspect's opening) is the file flow's: it gives the opening
//       the look of the model's opening (render/fill.py); here the new paragraph has the one look
//       Word gives it after its predecessor, and the writer bolds the opening if theirs are bold.
//   appendTableRows({lastRow, anchorText, rows}) -> {rows}
//                                                       rows at the end of the table holding
//                                                       paragraph lastRow (a plan's `checklist`);
//                                                       only where capabilities().appendsTableRows
//   goToFirstPlaceholder() -> boolean                   select the first whole placeholder left
//   selectParagraph(index, expectedText = null) -> index
//                                                       select a paragraph (following moved text)
//   applyEdits(edits, {expected, undoName}) -> {applied, skipped}
//                                                       apply span replacements ({paragraph, start,
//                                                       end, replacement}, code points), formatting kept:
//                                                       the findings' fixes, and a plan's `renumber` —
//                                                       the typed numbers after an inserted heading or
//                                                       item ((三)→(四)), applied BEFORE its insertions
//                                                       (pane_logic.applyPlan), whose anchorText is then
//                                                       the anchor's renumbered text. Word/WPS list
//                                                       numbers are not text and renumber themselves.
//                                                       undoName as for insertDocx (WPS only).
//
// Reads are planned for office-addin-mock 4: collections are loaded with load("items") only.

// The start of every scaffold placeholder, 【请填写：…】 (addin_server/placeholders.py OPEN; a
// Python test keeps the two equal). Word's search string is limited to 255 characters, so the whole
// placeholder is found with a wildcard search from the prefix to the nearest 】 (Word's * is the
// shortest match; SearchOptions.matchWildcards is WordApi 1.1). A host that refuses wildcards gets
// the plain prefix search, which selects only the prefix.
export const PLACEHOLDER_PREFIX = "【请填写";
export const PLACEHOLDER_WILDCARD = `${PLACEHOLDER_PREFIX}*】`;

export class WordUnavailableError extends Error {
  constructor(message) {
    super(message);
    this.name = "WordUnavailableError";
  }
}

/** A plan that needs a paragraph cut at a soft line break, in a host that cannot cut one. */
export class CannotCutParagraphError extends Error {
  constructor(message) {
    super(message);
    this.name = "CannotCutParagraphError";
  }
}

/** What the writer is told when the host cannot cut a paragraph at a soft line break. */
export const CANNOT_CUT_MESSAGE = "这份材料的一段里用软回车（Shift+Enter）分了行，新内容要插在这一段的两行之间，"
  + "这个版本的 Word 不支持在一段中间分段（更新 Word 或改用网页版 Word 后即可），所以没有做任何修改。"
  + "请先在 Word 的“查找和替换”中，用“特殊格式”把“手动换行符”全部替换为“段落标记”，重新检查后再补写；"
  + "或在网页版上传这份文件补写并下载（会在该处自动分段）。";

/** Word cut a paragraph otherwise than planned (see checkCuts): the writer checks and may undo. */
export class CutMismatchError extends Error {
  constructor(message) {
    super(message);
    this.name = "CutMismatchError";
  }
}

export class StaleParagraphError extends Error {
  constructor(message) {
    super(message);
    this.name = "StaleParagraphError";
  }
}

function normalizeText(text) {
  // Word returns paragraph text with a trailing \r in some hosts and keeps soft line breaks as \v.
  return String(text ?? "").replace(/[\r\v\u000b]+$/u, "").replace(/\u000b/gu, "\n");
}

function intOrNull(value) {
  return Number.isInteger(value) ? value : null;
}

// ---- edits (the findings' fixes) -----------------------------------------------------------------

/** Edits in document order without those overlapping one kept before (report.non_overlapping). */
export function nonOverlapping(edits) {
  const sorted = [...edits].sort((a, b) => a.paragraph - b.paragraph || a.start - b.start || a.end - b.end);
  const kept = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    if (last && last.paragraph === edit.paragraph && (edit.start < last.end || (edit.start === last.start && edit.start === edit.end))) continue;
    kept.push(edit);
  }
  return kept;
}

function groupByParagraph(edits) {
  const groups = new Map();
  for (const edit of edits) {
    if (!groups.has(edit.paragraph)) groups.set(edit.paragraph, []);
    groups.get(edit.paragraph).push(edit);
  }
  return groups;
}

// Word's search takes at most 255 characters and cannot find breaks or tabs typed as such.
const MAX_SEARCH_CHARS = 255;

/**
 * Where an edit lands for Word: the span's text, which occurrence of it (Word's search finds
 * occurrences left to right, without overlap) starts at the edit, and the replacement. Offsets
 * arrive in code points (Python's str) and JavaScript strings count UTF-16 units, so the text is
 * cut by code points. An insertion takes the character before it (or after it) into the span, as
 * an empty span cannot be searched. Null when Word cannot be asked to find the span.
 */
export function locateSpan(text, { start, end, replacement }) {
  const chars = Array.from(text);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > chars.length) return null;
  let from = start;
  let to = end;
  let by = String(replacement ?? "");
  if (from === to) {
    if (from > 0) by = chars[--from] + by;
    else if (to < chars.length) by += chars[to++];
    else return null;
  }
  const spanText = chars.slice(from, to).join("");
  if (spanText.length > MAX_SEARCH_CHARS || /[\n\r\t\v\f]/u.test(spanText)) return null;
  const at = chars.slice(0, from).join("").length; // the span's start in UTF-16 units
  let occurrence = 0;
  for (let i = text.indexOf(spanText); i !== -1; i = text.indexOf(spanText, i + spanText.length)) {
    if (i === at) return { text: spanText, occurrence, replacement: by };
    if (i > at) break;
    occurrence += 1;
  }
  return null; // overlaps an earlier occurrence: Word's search would not give it
}

/** Word's search treats ^ as the start of a special character (^p, ^t): ^^ is a caret. */
export function escapeSearchText(text) {
  return text.replace(/\^/gu, "^^");
}

/**
 * Where a plan insertion goes inside its anchor, cutting it: {split, key} at the split-th soft
 * line break, {closing, key} before the closing sentence typed on at its end; null when it goes
 * after the anchor (or before the first paragraph).
 */
export function cutOf(insertion) {
  if (!(insertion?.after >= 0)) return null;
  if (Number.isInteger(insertion.split)) return { split: insertion.split, key: `split:${insertion.split}` };
  if (insertion.closingCut) return { closing: insertion.closingCut, key: "closing" };
  return null;
}

/** Where in its anchor's text (UTF-16 units) an insertion's cut is; its end for none. */
function cutOrder(insertion) {
  const cut = cutOf(insertion);
  if (cut === null) return Infinity;
  const text = normalizeText(insertion.anchorText);
  if (cut.closing) return Array.from(text).slice(0, cut.closing.headEnd).join("").length;
  return [...text.matchAll(/\n/gu)][cut.split]?.index ?? Infinity;
}

function staleAnchor() {
  return new StaleParagraphError("文档已修改，插入位置已变化。请重新检查后再插入。");
}

/**
 * Build the adapter around the globals Office.js defines (`Word`, `Office`); tests pass doubles.
 */
export function createWordAdapter({ Word = globalThis.Word, Office = globalThis.Office } = {}) {
  function isSetSupported(name, version) {
    try {
      return Boolean(Office?.context?.requirements?.isSetSupported(name, version));
    } catch {
      return false;
    }
  }

  function capabilities() {
    return {
      wordApi11: Boolean(Word) && isSetSupported("WordApi", "1.1"),
      // 1.3 adds Paragraph.isListItem, tableNestingLevel, styleBuiltIn.
      wordApi13: Boolean(Word) && isSetSupported("WordApi", "1.3"),
      // Cutting a paragraph in two at a soft line break (a plan insertion's `split`), both
      // halves' runs keeping their formatting (cutParagraphs), and before a glued closing sentence: Range.getRange and expandTo
      // are WordApi 1.3. Without them the pane refuses such a plan (pane_logic.applyPlan).
      cutsParagraphs: Boolean(Word) && isSetSupported("WordApi", "1.3"),
      // appendTableRows: Paragraph.parentTableOrNullObject and Table.addRows are WordApi 1.3.
      appendsTableRows: Boolean(Word) && isSetSupported("WordApi", "1.3"),
    };
  }

  function requireWord() {
    if (!capabilities().wordApi11) {
      throw new WordUnavailableError(
        "此版本的 Word 太旧，不支持本加载项。请使用 Word 2016 或更新版本、Microsoft 365 或网页版 Word。",
      );
    }
  }

  /** Run `work(context, paragraphs)` in Word with the body's paragraphs loaded in one sync. */
  async function withBodyParagraphs(work) {
    requireWord();
    return Word.run(async (context) => {
      const paragraphs = context.document.body.paragraphs;
      paragraphs.load("items");
      await context.sync();
      return work(context, paragraphs.items);
    });
  }

  /**
   * Body paragraphs as the API's /api/check wants them, read in one context.sync — two when the
   * document has list or table paragraphs: the number Word's automatic numbering shows ("（一）",
   * not part of the text) is ListItem.listString, a table paragraph's column its
   * TableCell.cellIndex (both WordApi 1.3), loaded for those paragraphs only.
   */
  async function readParagraphs() {
    const richer = capabilities().wordApi13;
    return withBodyParagraphs(async (context, items) => {
      const read = items.map((paragraph) => ({
        text: normalizeText(paragraph.text),
        style: typeof paragraph.style === "string" ? paragraph.style : "",
        outlineLevel: intOrNull(paragraph.outlineLevel),
        isListItem: richer ? Boolean(paragraph.isListItem) : false,
        tableNestingLevel: richer ? intOrNull(paragraph.tableNestingLevel) ?? 0 : 0,
      }));
      // What only some paragraphs have, in one more sync: a list paragraph's number and a table
      // paragraph's place in its row (TableCell.cellIndex), both WordApi 1.3.
      const pick = (wanted, navigate) => (richer
        ? items.flatMap((paragraph, i) => {
            const object = wanted(read[i]) ? navigate(paragraph) : null;
            return object ? [[i, object]] : [];
          })
        : []);
      const listed = pick((p) => p.isListItem, (paragraph) => paragraph.listItemOrNullObject);
      const celled = pick((p) => p.tableNestingLevel > 0, (paragraph) => paragraph.parentTableCellOrNullObject);
      if (listed.length || celled.length) {
        for (const [, item] of listed) item.load("listString");
        for (const [, cell] of celled) cell.load("cellIndex");
        await context.sync();
        for (const [i, item] of listed) {
          const label = item.isNullObject ? "" : String(item.listString ?? "").trim();
          if (label && label.length <= 16) read[i].listString = label;
        }
        for (const [i, cell] of celled) {
          if (!cell.isNullObject && Number.isInteger(cell.cellIndex)) read[i].tableColumn = cell.cellIndex;
        }
      }
      return read;
    });
  }

  // Inserts one .docx at `target` ("Replace"/"Start"/"End"/"After" as the target allows), trying
  // the richest method first: insertFileFromBase64 keeps the template's styles; some hosts (older
  // Word on the web builds, WPS) reject it, so OOXML then HTML follow. Returns the inserted range.
  async function insertWithFallback(context, target, location, content) {
    const attempts = [];
    if (content.base64) attempts.push(["file", () => target.insertFileFromBase64(content.base64, location)]);
    if (content.ooxml) attempts.push(["ooxml", () => target.insertOoxml(content.ooxml, location)]);
    if (content.html) attempts.push(["html", () => target.insertHtml(content.html, location)]);
    let lastError = null;
    for (const [method, insert] of attempts) {
      try {
        const range = insert();
        await context.sync();
        return { range, method };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError ?? new Error("没有可插入的内容");
  }

  /** The placeholders in each of `scopes` (ranges), whole where the host can search wildcards. */
  async function findPlaceholders(context, scopes) {
    let found = scopes.map((scope) => scope.search(PLACEHOLDER_WILDCARD, { matchCase: true, matchWildcards: true }));
    found.forEach((hits) => hits.load("items"));
    try {
      await context.sync();
    } catch {
      found = scopes.map((scope) => scope.search(PLACEHOLDER_PREFIX, { matchCase: true }));
      found.forEach((hits) => hits.load("items"));
      await context.sync();
    }
    return found.flatMap((hits) => hits.items);
  }

  async function selectFirstPlaceholderIn(context, ...scopes) {
    const [first] = await findPlaceholders(context, scopes);
    if (!first) return false;
    first.select();
    await context.sync();
    return true;
  }

  /**
   * Insert a rendered .docx (base64) at the cursor (`where: "cursor"`) or at the end of the document
   * (`"end"`), then put the cursor on the first placeholder of what was inserted.
   * `fallback` may carry {ooxml, html} to use when the host refuses the file.
   */
  async function insertDocx(base64, where = "cursor", fallback = {}) {
    requireWord();
    return Word.run(async (context) => {
      const content = { base64, ...fallback };
      const { range, method } =
        where === "end"
          ? await insertWithFallback(context, context.document.body, "End", content)
          : await insertWithFallback(context, context.document.getSelection(), "After", content);
      const placeholderSelected = range ? await selectFirstPlaceholderIn(context, range) : false;
      return { method, placeholderSelected };
    });
  }

  /** Put the cursor on the first 【请填写…】 in the document; false when none is left. */
  async function goToFirstPlaceholder() {
    requireWord();
    return Word.run((context) => selectFirstPlaceholderIn(context, context.document.body));
  }

  /**
   * Select paragraph `index` (as numbered in readParagraphs). When `expectedText` is given and the
   * paragraph there no longer has it (the user edited since the check), the first paragraph that
   * does is selected instead; if none does, StaleParagraphError asks for a re-check.
   */
  async function selectParagraph(index, expectedText = null) {
    return withBodyParagraphs(async (context, items) => {
      let target = items[index];
      if (expectedText != null) {
        const wanted = normalizeText(expectedText);
        if (!target || normalizeText(target.text) !== wanted) {
          target = items.find((paragraph) => normalizeText(paragraph.text) === wanted);
        }
      }
      if (!target) {
        throw new StaleParagraphError("文档已修改，找不到该段落。请重新检查后再点击。");
      }
      target.select();
      await context.sync();
      return items.indexOf(target);
    });
  }

  /** Whether the cursor (or the start of the selection) is in a paragraph that has text. */
  async function cursorInText() {
    requireWord();
    return Word.run(async (context) => {
      const paragraphs = context.document.getSelection().paragraphs;
      paragraphs.load("items");
      await context.sync();
      return paragraphs.items.some((paragraph) => normalizeText(paragraph.text).trim() !== "");
    });
  }

  /**
   * Insert planned paragraphs at their places (see the interface above). Each new paragraph is
   * Paragraph.insertParagraph(text, "After") on the one before it, so Word gives it that
   * paragraph's formatting, as pressing Enter at its end would; its style is then set to the
   * style of its `like` paragraph (a sibling heading for a heading, a sibling item for an item).
   * An insertion that goes inside its anchor — at its `split`-th soft line break, or before the
   * closing sentence typed on at its end (`closingCut`) — has the anchor cut there first
   * (cutParagraphs). Insertions are applied from the last anchor up, so earlier indexes stay
   * valid; all writes go in one batch.
   */
  async function insertParagraphs(insertions) {
    return withBodyParagraphs(async (context, items) => {
      const planned = [...(insertions ?? [])].filter((i) => i.paragraphs?.length);
      for (const insertion of planned) {
        const anchor = items[insertion.after];
        const moved = insertion.after >= 0 && (!anchor || (insertion.anchorText != null
          && normalizeText(anchor.text) !== normalizeText(insertion.anchorText)));
        if (moved || insertion.after < -1 || (insertion.after === -1 && !items.length)) {
          throw new StaleParagraphError("文档已修改，插入位置已变化。请重新检查后再插入。");
        }
      }
      if (planned.some((i) => cutOf(i) !== null) && !capabilities().cutsParagraphs) {
        throw new CannotCutParagraphError(CANNOT_CUT_MESSAGE);
      }
      // By anchor, last first; an anchor's insertions in document order: those inside it by
      // where its cut is, then the one after its last line.
      const anchors = [...new Set(planned.map((i) => i.after))].sort((a, b) => b - a);
      const byAnchor = new Map(anchors.map((after) => [after, planned.filter((i) => i.after === after)
        .sort((a, b) => cutOrder(a) - cutOrder(b))]));
      const lists = await listPlaces(context, items, planned);
      const cuts = await cutParagraphs(context, items, byAnchor, lists);
      const created = [];
      for (const after of anchors) {
        const group = [];
        const pieces = cuts.get(after); // the anchor's parts after each cut: new paragraphs, made in place
        for (const insertion of byAnchor.get(after)) {
          // The paragraph the new ones follow: the anchor, or the part of it before their cut.
          const anchor = after >= 0 ? items[after] : null;
          let previous = (pieces ? pieces.before(cutOf(insertion)) : null) ?? anchor;
          // The list (id) of the paragraph a new one is made from, which the new one inherits
          // (none for a part cut off the anchor: it left the anchor's list).
          let previousList = lists && previous === anchor ? lists.of(after >= 0 ? after : 0) : null;
          const restarted = new Map(); // a model's list id → the new list started in its place
          for (const { text, like, new_list: newList } of insertion.paragraphs) {
            const paragraph = previous
              ? previous.insertParagraph(String(text ?? ""), "After")
              : items[0].insertParagraph(String(text ?? ""), "Before");
            const model = Number.isInteger(like) ? items[like] : null;
            if (model && typeof model.style === "string" && model.style) paragraph.style = model.style;
            if (lists) previousList = placeInList(paragraph, previousList, lists.model(like), Boolean(newList), restarted);
            group.push(paragraph);
            previous = paragraph;
          }
        }
        created.unshift(...group); // the groups come last first; keep document order
      }
      await context.sync();
      await checkCuts(context, cuts);
      const placeholderSelected = created.length ? await selectFirstPlaceholderIn(context, ...created) : false;
      return { inserted: created.length, placeholderSelected };
    });
  }

  /**
   * The cut paragraphs read back (one more sync, only when something was cut): each must hold
   * the text planned for it. Word puts a one-paragraph OOXML package into a paragraph as runs
   * (OfficeDev/office-js#3149), which the cut relies on; a build that did otherwise would leave
   * a line twice or an empty paragraph, and the writer is told to undo.
   */
  async function checkCuts(context, cuts) {
    const expected = [...cuts.values()].flatMap((cut) => cut.expected);
    if (!expected.length) return;
    for (const { paragraph } of expected) paragraph.load("text");
    await context.sync();
    if (expected.some(({ paragraph, text }) => normalizeText(paragraph.text) !== text)) {
      throw new CutMismatchError("Word 分段后的文字与预期不同，请检查刚插入的内容，可按 Ctrl+Z 撤销；"
        + "也可先用“查找和替换”把该段的“手动换行符”替换为“段落标记”，重新检查后再补写。");
    }
  }

  /**
   * Cut each anchor that insertions go inside, as pressing Enter in place of each cut would.
   * A cut (cutOf) is a soft line break the plan names (`split`: the k-th, 0 the first), or the
   * closing sentence typed on at the anchor's end (`closingCut`: the head ends at headEnd, the
   * closing starts at tailStart, only blanks between). The anchor keeps its text up to its first
   * cut; each part after a cut (to the next cut or the paragraph's end) becomes a paragraph of its
   * own, made as Enter makes one (Paragraph.insertParagraph("", "After"): the anchor's paragraph
   * formatting), moved out of the anchor's Word list (as the file flow does: a continuation line
   * or the closing is no new item), and holding that part's own runs with their formatting; the
   * break or the blanks at a cut go. Every call is documented:
   *   - a soft break: Paragraph.search("^l"), ^l being a manual line break ("Use search options
   *     in your Word add-in"), one range per break, left to right (WordApi 1.1);
   *   - the closing: Paragraph.search of its text (and of the blanks and it), the occurrence
   *     ending the paragraph (locateSpan), as applyEdits finds spans (WordApi 1.1);
   *   - a part: its start .getRange("Start"/"End").expandTo(the next cut's start, or
   *     paragraph.getRange("End"): "for paragraph, the point before the EOP") (WordApi 1.3);
   *   - its runs: Range.getOoxml() (WordApi 1.1; Range.getHtml's documentation sends those who
   *     need exact fidelity to it), put into the new paragraph with Paragraph.insertOoxml(ooxml,
   *     "Start") (WordApi 1.1);
   *   - the anchor's text from its first cut on: Range.delete() (WordApi 1.1).
   * Reads take two syncs (the breaks and closings found, then the parts' OOXML); the writes are
   * queued for the caller's one batch. Returns Map(anchor → {before(cut) → the paragraph holding
   * the part before that cut; the last part's for null}).
   */
  async function cutParagraphs(context, items, byAnchor, lists) {
    const jobs = [];
    for (const [after, group] of byAnchor) {
      const wanted = group.map(cutOf).filter((cut) => cut !== null);
      if (!wanted.length || after < 0) continue;
      const anchor = items[after];
      const text = normalizeText(anchor.text);
      const job = { after, anchor, text, points: [] };
      const softBreaks = [...text.matchAll(/\n/gu)].map((m) => m.index);
      const splits = [...new Set(wanted.filter((cut) => cut.split !== undefined).map((cut) => cut.split))].sort((a, b) => a - b);
      if (splits.length) {
        if (splits[splits.length - 1] >= softBreaks.length) throw staleAnchor();
        const breaks = anchor.search("^l", { matchCase: false });
        breaks.load("items");
        for (const k of splits) {
          job.points.push({ key: `split:${k}`, at: softBreaks[k], from: softBreaks[k] + 1, found: () => {
            const found = breaks.items[k];
            if (!found || breaks.items.length < softBreaks.length) throw staleAnchor();
            return [found.getRange("Start"), found.getRange("End")];
          } });
        }
      }
      const closing = wanted.find((cut) => cut.closing);
      if (closing) {
        const chars = Array.from(text);
        const at = chars.slice(0, closing.closing.headEnd).join("").length;
        const from = chars.slice(0, closing.closing.tailStart).join("").length;
        // Found by the closing's line (a signature and date may follow it on lines of their own).
        const lineEnd = chars.indexOf("\n", closing.closing.tailStart);
        const stop = lineEnd === -1 ? chars.length : lineEnd;
        const whole = locateSpan(text, { start: closing.closing.headEnd, end: stop });
        const tail = locateSpan(text, { start: closing.closing.tailStart, end: stop });
        if (!whole || !tail) throw new StaleParagraphError("结束语没能另起一段，没有插入任何内容。请把结束语单独成段后重新检查，再插入。");
        const search = (span) => anchor.search(escapeSearchText(span.text), { matchCase: true }).load("items");
        const [wholeHits, tailHits] = [search(whole), search(tail)];
        const hit = (hits, span) => hits.items.filter((range) => range.text === span.text)[span.occurrence];
        job.points.push({ key: "closing", at, from, found: () => {
          const [blanks, sentence] = [hit(wholeHits, whole), hit(tailHits, tail)];
          if (!blanks || !sentence) throw staleAnchor();
          return [blanks.getRange("Start"), sentence.getRange("Start")];
        } });
      }
      job.points.sort((a, b) => a.at - b.at);
      jobs.push(job);
    }
    const cuts = new Map();
    if (!jobs.length) return cuts;
    await context.sync();
    for (const job of jobs) {
      const end = job.anchor.getRange("End");
      const found = job.points.map((point) => point.found());
      job.parts = job.points.map((point, n) => {
        const next = job.points[n + 1];
        // A part with no text (a break ending the paragraph, two breaks in a row) has no runs to move.
        const text = job.text.slice(point.from, next ? next.at : job.text.length);
        return { key: point.key, ooxml: text ? found[n][1].expandTo(next ? found[n + 1][0] : end).getOoxml() : null };
      });
      job.cut = found[0][0].expandTo(end);
    }
    await context.sync();
    for (const { after, anchor, text, points, parts, cut } of jobs) {
      const listed = Boolean(lists?.of(after));
      const made = new Map();
      // What each paragraph of the cut anchor is to read: the head, then each part.
      const expected = [{ paragraph: anchor, text: text.slice(0, points[0].at) }];
      let previous = anchor;
      parts.forEach(({ key, ooxml }, n) => {
        const part = previous.insertParagraph("", "After");
        if (ooxml) part.insertOoxml(ooxml.value, "Start");
        if (listed) part.detachFromList();
        made.set(key, previous);
        expected.push({ paragraph: part, text: text.slice(points[n].from, points[n + 1]?.at ?? text.length) });
        previous = part;
      });
      cut.delete();
      const last = previous;
      cuts.set(after, { before: (point) => (point === null ? last : made.get(point.key)), expected });
    }
    return cuts;
  }

  /**
   * Where the paragraphs a plan's new ones are made from and made like stand in Word's lists
   * (WordApi 1.3): for each list paragraph among the insertions' anchors (and the first
   * paragraph) and `like` models, its list's id (Paragraph.listOrNullObject) and its
   * ListItem.level and listString, in one more sync (none when no such paragraph is a list item).
   * Returns {of(index) → list id or null, model(like) → {listId, level, formatString} or null};
   * formatString is the model's number as List.setLevelNumbering takes it ("1." → [level, "."],
   * "（1）" → ["（", level, "）"]), null for a number not in arabic digits (ListNumbering has no
   * Chinese numerals). Null when the host has no WordApi 1.3: lists are then left as inserted.
   */
  async function listPlaces(context, items, insertions) {
    if (!capabilities().wordApi13) return null;
    const wanted = new Set([0, ...insertions.flatMap((i) => [i.after, ...i.paragraphs.map((p) => p.like)])]
      .filter((i) => Number.isInteger(i) && items[i]?.isListItem));
    const loaded = new Map([...wanted].map((i) => [i, {
      list: items[i].listOrNullObject.load("id"),
      item: items[i].listItemOrNullObject.load("level,listString"),
    }]));
    if (loaded.size) await context.sync();
    const places = new Map();
    for (const [i, { list, item }] of loaded) {
      if (list.isNullObject || item.isNullObject || !Number.isInteger(list.id)) continue;
      const number = /^(\D*)\d+(\D*)$/u.exec(String(item.listString ?? "").trim());
      const level = Number.isInteger(item.level) ? item.level : 0;
      places.set(i, { listId: list.id, level, formatString: number ? [number[1], level, number[2]].filter((part) => part !== "") : null });
    }
    return { of: (i) => places.get(i)?.listId ?? null, model: (i) => places.get(i) ?? null };
  }

  /**
   * Put a new paragraph in the list its model is in (WordApi 1.3). insertParagraph gives it the
   * list of the paragraph it was made from (as Enter does): kept when that is the model's list
   * (or the new list started for it in this insertion); otherwise it is moved out of it
   * (Paragraph.detachFromList) and, when the model is a list item, into the model's list at the
   * model's level (Paragraph.attachToList, which fails on a list item — hence detached first).
   * With `newList` (plan.py: a new aspect's items start again at 1) a new list is started with
   * it (Paragraph.startNewList, ListItem.level, List.setLevelNumbering like the model's number),
   * and the items made from it after join it. Returns the list the paragraph ends up in (an id,
   * a key of the new list, or null).
   */
  function placeInList(paragraph, inherited, model, newList, restarted) {
    if (model && newList && model.formatString) {
      if (inherited != null) paragraph.detachFromList();
      const list = paragraph.startNewList();
      if (model.level > 0) paragraph.listItem.level = model.level;
      list.setLevelNumbering(model.level, "Arabic", model.formatString);
      const key = `new:${model.listId}:${restarted.size}`;
      restarted.set(model.listId, key);
      return key;
    }
    const target = model ? restarted.get(model.listId) ?? model.listId : null;
    if (inherited === target) return target;
    if (inherited != null) paragraph.detachFromList();
    if (model == null) return null;
    paragraph.attachToList(model.listId, model.level);
    return model.listId;
  }

  /**
   * Append `rows` (arrays of cell texts) at the end of the table holding paragraph `lastRow`,
   * whose text must still be `anchorText` (StaleParagraphError otherwise, as when the paragraph
   * is no longer in a table): Table.addRows("End", count, values), WordApi 1.3 — the plan's rows
   * for the attached 整改清单. Word makes the new rows like the table's last one. Returns {rows}.
   */
  async function appendTableRows({ lastRow, anchorText, rows }) {
    if (!rows?.length) return { rows: 0 };
    return withBodyParagraphs(async (context, items) => {
      const anchor = items[lastRow];
      if (!anchor || (anchorText != null && normalizeText(anchor.text) !== normalizeText(anchorText))) {
        throw new StaleParagraphError("文档已修改，附件整改清单表格已变化，没有增加行。请重新检查后再插入。");
      }
      const table = anchor.parentTableOrNullObject;
      table.load("rowCount");
      await context.sync();
      if (table.isNullObject) {
        throw new StaleParagraphError("文档已修改，附件整改清单表格已变化，没有增加行。请重新检查后再插入。");
      }
      table.addRows("End", rows.length, rows.map((row) => row.map((cell) => String(cell ?? ""))));
      await context.sync();
      return { rows: rows.length };
    });
  }

  /**
   * Apply fix edits ({paragraph, start, end, replacement}: a span of the paragraph's text as
   * readParagraphs gave it, in code points, as the server counts) in the open document.
   * Each span is found with Paragraph.search (Word has no offset-based ranges) — the k-th
   * occurrence of the span's text is the one starting at `start` — and replaced with
   * Range.insertText(…, "Replace"), which keeps the replaced characters' formatting and leaves
   * the rest of the paragraph as it was. `expected` maps a paragraph index to the text the check
   * saw: a paragraph edited since is looked up by that text, and its edits are skipped when it is
   * gone. Returns {applied, skipped}; two searches-and-syncs in all, whatever the number of edits.
   */
  async function applyEdits(edits, { expected = {} } = {}) {
    const planned = nonOverlapping(edits ?? []);
    if (!planned.length) return { applied: 0, skipped: 0 };
    return withBodyParagraphs(async (context, items) => {
      let skipped = 0;
      const jobs = [];
      for (const [index, group] of groupByParagraph(planned)) {
        const wanted = expected[index] != null ? normalizeText(expected[index]) : null;
        let target = items[index];
        if (wanted != null && (!target || normalizeText(target.text) !== wanted)) {
          target = items.find((paragraph) => normalizeText(paragraph.text) === wanted);
        }
        if (!target) {
          skipped += group.length;
          continue;
        }
        const text = normalizeText(target.text);
        for (const edit of group) {
          const span = locateSpan(text, edit);
          if (!span) {
            skipped += 1;
            continue;
          }
          const found = target.search(escapeSearchText(span.text), { matchCase: true });
          found.load("items");
          jobs.push({ span, found });
        }
      }
      await context.sync();
      let applied = 0;
      // From the last span of a paragraph back to its first, so nothing is searched twice and no
      // replacement shifts another's place.
      for (const { span, found } of jobs.reverse()) {
        const exact = found.items.filter((range) => range.text === span.text);
        const range = exact[span.occurrence];
        if (!range) {
          skipped += 1;
          continue;
        }
        range.insertText(span.replacement, "Replace");
        applied += 1;
      }
      await context.sync();
      return { applied, skipped };
    });
  }

  return {
    capabilities,
    isSupported: () => capabilities().wordApi11,
    applyEdits,
    readParagraphs,
    insertDocx,
    goToFirstPlaceholder,
    selectParagraph,
    cursorInText,
    insertParagraphs,
    appendTableRows,
  };
}

/**
 * The writer's choices (framework, scaffold options), kept in the pane's localStorage in Word as in
 * a browser. Office.context.roamingSettings exists only in Outlook (Mailbox 1.1), and
 * Office.context.document.settings would write the choices into the writer's document.
 */
export function createSettingsStore({ storage = globalThis.localStorage } = {}) {
  const prefix = "duizhao-jiancha:";
  return {
    get(key) {
      try {
        return storage?.getItem(prefix + key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        storage?.setItem(prefix + key, value);
      } catch {
        // Storage can be disabled (private mode, locked-down profiles); the choice is then not kept.
      }
    },
  };
}

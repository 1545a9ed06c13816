// Every Office.js call the pane makes lives here, behind one small interface, so that the UI code
// (pane_logic.js, taskpane.js) is testable with office-addin-mock (tests/js) and with the browser
// test double (tests/e2e), and so a WPS adapter can sit beside this one with the same methods.
//
// The host adapter interface — every method the pane calls; another host's adapter provides the
// same names, arguments and results. Paragraph indexes count the body's paragraphs in document
// order, as readParagraphs returns them (and as /api/check and /api/fill/plan number them).
//
//   capabilities() -> {wordApi11, wordApi13}            what the host supports (no document access)
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
//       then the first whole 【请填写：…】 among them is selected.
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
      // Cutting a paragraph in two at a soft line break (a plan insertion's `cut` at one): Word's
      // JavaScript API has no call that turns a manual line break into a paragraph mark while
      // keeping both halves' formatting, so the pane refuses such a plan (pane_logic.applyPlan).
      // Search finds the break (^l, "Use search options in your Word add-in"), but what
      // insertText("\n") or Range.insertParagraph do inside a paragraph is not documented (and
      // differs between builds: OfficeDev/office-js#1755), and BreakType has no paragraph break.
      cutsParagraphs: false,
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
   * Insertions are applied from the last anchor up, so earlier indexes stay valid.
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
      planned.sort((a, b) => b.after - a.after);
      const lists = await listPlaces(context, items, planned);
      const created = [];
      for (const insertion of planned) {
        let previous = insertion.after >= 0 ? items[insertion.after] : null;
        // The list (id) of the paragraph a new one is made from, which the new one inherits.
        let previousList = lists ? lists.of(insertion.after >= 0 ? insertion.after : 0) : null;
        const restarted = new Map(); // a model's list id → the new list started in its place
        const group = [];
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
        created.unshift(...group); // the groups come last first; keep document order
      }
      await context.sync();
      const placeholderSelected = created.length ? await selectFirstPlaceholderIn(context, ...created) : false;
      return { inserted: created.length, placeholderSelected };
    });
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

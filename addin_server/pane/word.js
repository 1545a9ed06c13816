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
//   readParagraphs() -> [{text, style, outlineLevel, isListItem, tableNestingLevel}]
//                                                       the body, read in one sync
//   cursorInText() -> boolean                           the cursor stands in a paragraph with text
//   insertDocx(base64, where = "cursor"|"end", fallback = {ooxml, html}) -> {method, placeholderSelected}
//                                                       a rendered .docx after the cursor / at the end;
//                                                       the first placeholder it brought is selected
//   insertParagraphs(insertions) -> {inserted, placeholderSelected}
//       insertions: [{after, anchorText, paragraphs: [{text, like}]}] as /api/fill/plan gives them:
//       `after` the index the new paragraphs follow (-1: the start of the document), `anchorText`
//       that paragraph's text when planned (StaleParagraphError when it changed), `like` the index
//       of the paragraph whose style each new one takes (null: the anchor's). All are inserted in
//       one batch; then the first whole 【请填写：…】 among them is selected.
//   goToFirstPlaceholder() -> boolean                   select the first whole placeholder left
//   selectParagraph(index, expectedText = null) -> index
//                                                       select a paragraph (following moved text)
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
    };
  }

  function requireWord() {
    if (!capabilities().wordApi11) {
      throw new WordUnavailableError(
        "此版本的 Word 不支持所需的接口（WordApi 1.1）。请使用 Word 2016 或更新版本、Microsoft 365 或网页版 Word。",
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

  /** Body paragraphs as the API's /api/check wants them, read in one context.sync. */
  async function readParagraphs() {
    const richer = capabilities().wordApi13;
    return withBodyParagraphs((context, items) =>
      items.map((paragraph) => ({
        text: normalizeText(paragraph.text),
        style: typeof paragraph.style === "string" ? paragraph.style : "",
        outlineLevel: intOrNull(paragraph.outlineLevel),
        isListItem: richer ? Boolean(paragraph.isListItem) : false,
        tableNestingLevel: richer ? intOrNull(paragraph.tableNestingLevel) ?? 0 : 0,
      })),
    );
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
      const created = [];
      for (const insertion of planned) {
        let previous = insertion.after >= 0 ? items[insertion.after] : null;
        const group = [];
        for (const { text, like } of insertion.paragraphs) {
          const paragraph = previous
            ? previous.insertParagraph(String(text ?? ""), "After")
            : items[0].insertParagraph(String(text ?? ""), "Before");
          const model = Number.isInteger(like) ? items[like] : null;
          if (model && typeof model.style === "string" && model.style) paragraph.style = model.style;
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

  return {
    capabilities,
    isSupported: () => capabilities().wordApi11,
    readParagraphs,
    insertDocx,
    goToFirstPlaceholder,
    selectParagraph,
    cursorInText,
    insertParagraphs,
  };
}

/** Settings storage: Office roaming settings where the host offers them, else localStorage. */
export function createSettingsStore({ Office = globalThis.Office, storage = globalThis.localStorage } = {}) {
  const roaming = Office?.context?.roamingSettings;
  const prefix = "duizhao-jiancha:";
  return {
    get(key) {
      try {
        if (roaming) return roaming.get(key) ?? null;
        return storage?.getItem(prefix + key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        if (roaming) {
          roaming.set(key, value);
          roaming.saveAsync?.();
        } else {
          storage?.setItem(prefix + key, value);
        }
      } catch {
        // Storage can be disabled (private mode, locked-down profiles); the choice is then not kept.
      }
    },
  };
}

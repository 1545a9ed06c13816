// TEST DOUBLE of Office.js for the browser tests. Real Word is not available on Linux, so the
// end-to-end tests serve this file in place of https://appsforoffice.microsoft.com/.../office.js
// (Playwright routing). It is NOT part of the product and not a Word emulator: it models just
// what addin_server/pane/word.js uses — a body of paragraphs, the selection, load/sync batching
// (values readable only after context.sync, like the real API), insertFileFromBase64 /
// insertOoxml / insertHtml (which really parse what they are given), search, select,
// insertParagraph and Range.insertText — and records every call in window.__wordDouble for the
// tests to inspect.
//
// What each modelled call does, as real Word does it (learn.microsoft.com, Word JavaScript API):
// - Range/Paragraph/Body.search(text, {matchCase}): a RangeCollection with one Range per
//   occurrence, left to right and not overlapping, each Range's text the matched text; "^^" finds a
//   caret (Word's special-character notation). Not modelled: the other ^ codes and the East Asian
//   width folding some Word builds apply (word.js filters hits by exact text for it).
// - search(text, {matchWildcards: true}): Word's wildcard syntax for the two operators the pane
//   uses, * (any run of characters, the shortest that completes the match) and ? (one character);
//   each match is its own range, selecting it selects exactly the matched text.
// - search("^l") finds manual line breaks (Shift+Enter; "\v" in a paragraph's text), "Use
//   search options in your Word add-in"; Range.getRange("Start"/"End"/"Whole"/"Content") and
//   Range.expandTo(range) (WordApi 1.3) give ranges inside one paragraph (a paragraph's "End" is
//   the point before its paragraph mark, Word.RangeLocation); Range.delete() removes a range's
//   characters; Range.getOoxml() gives a Flat OPC package of the range's characters as one w:p
//   of runs (formatting as w:rStyle, a soft break as w:br); Paragraph.insertOoxml(ooxml,
//   "Start"/"End") puts one such paragraph's runs into the paragraph, which keeps its own
//   paragraph properties (as pasting part of a paragraph does; a one-paragraph package takes the
//   properties where it goes in, OfficeDev/office-js#3149; CONTRIBUTING).
// - Paragraph.insertParagraph(text, "After"/"Before"): the new paragraph takes the paragraph
//   formatting (here: style and outline level) of the paragraph it was inserted from, as pressing
//   Enter at its end does in Word; Body.insertParagraph gives a Normal paragraph.
// - Paragraph.style = name: applies the named style; a heading style ("Heading 2", "标题 2")
//   brings its outline level, any other style makes the paragraph body text (level 10).
// - Range.paragraphs (getSelection().paragraphs): the paragraphs the range touches.
// - context.sync(): carries out the batch of calls queued since the last sync, in order, as one
//   round trip; each call recorded in state.calls as its batch runs (inserts, style, select,
//   insertText; search is recorded when queued) carries `sync`, the number of the batch that ran
//   it (Word applies a batch's operations in order; an operation that fails ends the batch, those
//   before it stay applied). Office.js has no undo grouping (OfficeDev/office-js#1827), and
//   how many undo steps one batch makes differs between Word builds (office-js#5621): the double
//   records no undo steps for Word; the tests check what the pane controls, one batch.
// - Paragraph.listItemOrNullObject.listString (WordApi 1.3): the number Word's automatic numbering
//   shows before the paragraph's text, which Paragraph.text does not contain (config paragraph
//   `listString`); readable after load("listString") + sync; a paragraph not in a list gives a
//   null object (isNullObject true).
// - Word lists (WordApi 1.3), for paragraphs of a configured list (config `lists: {id: {levels:
//   {level: formatString}}}`, paragraph `listId`, `listLevel`): ListItem.listString is counted from
//   the paragraph's place in its list at its level and formatted as List.setLevelNumbering's
//   formatString ([0, "."] → "1."); Paragraph.insertParagraph from a list item gives an item of the
//   same list and level (as Enter); Paragraph.listOrNullObject.id, ListItem.level,
//   Paragraph.detachFromList(), Paragraph.attachToList(id, level) and Paragraph.startNewList()
//   (the last two fail on a paragraph already in a list, as documented), List.setLevelNumbering.
//   A paragraph configured with a bare `listString` keeps that number (not counted).
// - Paragraph.parentTableOrNullObject (WordApi 1.3): the table around a table paragraph (the run
//   of paragraphs with tableNestingLevel > 0, a row starting at each cell of tableColumn 0), a null
//   object outside tables; Table.rowCount; Table.addRows("Start"/"End", count, values): rows made
//   like the first/last row (its cells' style), filled with `values` (failing when a row has more
//   values than the template row has cells).
// - Paragraph.parentTableCellOrNullObject.cellIndex (WordApi 1.3): the place in its row of the
//   cell holding the paragraph (config paragraph `tableColumn`); a paragraph outside tables gives a
//   null object.
// - Range.insertText(text, "Replace"): the range's characters replaced by `text`, which takes the
//   formatting of the first replaced character; the rest of the paragraph keeps its own. A
//   paragraph's formatting is modelled per character (config paragraph `runs: [{text, format}]`),
//   readable through window.__wordDouble.runs(i).
//
// Configure before the page loads (page.add_init_script):
//   window.__wordDoubleConfig = {wordApi: "1.3", refuse: ["file"], paragraphs: [{text, style, outlineLevel}]}
//   (refuse: "file", "ooxml", "html", "insertParagraph" — calls that fail, see refused())
(() => {
  const config = Object.assign({ wordApi: "1.3", refuse: [], paragraphs: [{ text: "" }] }, window.__wordDoubleConfig || {});
  const maxApi = Number(config.wordApi);

  const record = (p) => {
    const text = p.runs ? p.runs.map((r) => r.text).join("") : p.text ?? "";
    return {
      text,
      // one format label per UTF-16 unit of text ("" = plain)
      formats: p.runs ? p.runs.flatMap((r) => Array.from({ length: r.text.length }, () => r.format ?? "")) : null,
      style: p.style ?? "Normal",
      outlineLevel: p.outlineLevel ?? 10,
      isListItem: Boolean(p.isListItem || p.listString || p.listId != null),
      tableNestingLevel: p.tableNestingLevel ?? 0,
      listString: p.listString ?? "",
      tableColumn: p.tableColumn ?? null,
      // A paragraph of a modelled list (config `listId`, `listLevel`): its number is counted.
      listId: p.listId ?? null,
      listLevel: p.listLevel ?? 0,
    };
  };
  // Word lists by id (config `lists: {id: {levels: {level: formatString}}}`, formatString as
  // List.setLevelNumbering takes it: strings and level numbers, [0, "."] → "1.").
  const lists = new Map(Object.entries(config.lists ?? {}).map(([id, list]) => [Number(id), { levels: { ...list.levels } }]));
  let nextListId = Math.max(0, ...lists.keys()) + 1;
  // The number Word shows before a paragraph of a modelled list: its place among the list's
  // paragraphs at its level since the last one at a lower level, formatted as the list's level
  // says ("" for a level with no numbering set: a bullet, which the pane reads as no number).
  // A level the document numbers in Chinese counting (w:numFmt chineseCounting, as writers'
  // 一、二、 lists are; config `{numbering: "ChineseCounting", format: [0, "、"]}`) shows its
  // numbers as Word does: 一 … 十, 十一 … 九十九. List.setLevelNumbering cannot set such a level
  // (Word.ListNumbering has no Chinese style); only a list the document already has can have it.
  const CN = "〇一二三四五六七八九";
  const chinese = (n) => (n < 10 ? CN[n] : n < 20 ? `十${n % 10 ? CN[n % 10] : ""}` : `${CN[Math.floor(n / 10)]}十${n % 10 ? CN[n % 10] : ""}`);
  function listStringOf(rec) {
    if (rec.listId == null) return rec.listString;
    const level = lists.get(rec.listId)?.levels?.[rec.listLevel];
    if (!level) return "";
    const format = Array.isArray(level) ? level : level.format;
    const show = !Array.isArray(level) && level.numbering === "ChineseCounting" ? chinese : String;
    const counts = [];
    for (const p of state.paragraphs) {
      if (p.listId !== rec.listId) continue;
      counts[p.listLevel] = (counts[p.listLevel] ?? 0) + 1;
      counts.length = p.listLevel + 1;
      if (p === rec) break;
    }
    return format.map((part) => (typeof part === "number" ? show(counts[part] ?? 1) : part)).join("");
  }
  const state = {
    paragraphs: config.paragraphs.map(record),
    selection: null, // {records: [...], text}
    calls: [],
    syncs: 0,
  };
  state.selection = { records: [state.paragraphs[0]], text: "" };

  const double = {
    state,
    texts: () => state.paragraphs.map((p) => p.text),
    selectedText: () => state.selection.text,
    /** The number Word shows before each paragraph (ListItem.listString; "" outside lists). */
    listStrings: () => state.paragraphs.map((p) => listStringOf(p) ?? ""),
    selectedIndexes: () => state.selection.records.map((r) => state.paragraphs.indexOf(r)),
    /** Paragraph i as runs of equal formatting: [{text, format}]. */
    runs(i) {
      const p = state.paragraphs[i];
      const formats = p.formats ?? Array.from({ length: p.text.length }, () => "");
      const out = [];
      for (let k = 0; k < p.text.length; k += 1) {
        if (out.length && out[out.length - 1].format === formats[k]) out[out.length - 1].text += p.text[k];
        else out.push({ text: p.text[k], format: formats[k] });
      }
      return out;
    },
    setParagraphs(list) {
      state.paragraphs = list.map(record);
      state.selection = { records: [state.paragraphs[0]], text: "" };
    },
  };
  window.__wordDouble = double;

  // ---- parsing what the pane inserts ---------------------------------------------------------
  const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

  function styleNames(stylesXml) {
    const names = new Map();
    if (!stylesXml) return names;
    const doc = new DOMParser().parseFromString(stylesXml, "application/xml");
    for (const style of doc.getElementsByTagNameNS(W, "style")) {
      const id = style.getAttributeNS(W, "styleId");
      const name = style.getElementsByTagNameNS(W, "name")[0]?.getAttributeNS(W, "val");
      if (id && name) names.set(id, name.charAt(0).toUpperCase() + name.slice(1));
    }
    return names;
  }

  function paragraphsFromDocumentXml(documentXml, stylesXml) {
    const names = styleNames(stylesXml);
    const doc = new DOMParser().parseFromString(documentXml, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("InvalidArgument: bad document.xml");
    const body = doc.getElementsByTagNameNS(W, "body")[0];
    const out = [];
    for (const p of body.getElementsByTagNameNS(W, "p")) {
      const text = [...p.getElementsByTagNameNS(W, "t")].map((t) => t.textContent).join("");
      const styleId = p.getElementsByTagNameNS(W, "pStyle")[0]?.getAttributeNS(W, "val") ?? "";
      const style = names.get(styleId) ?? (styleId || "Normal");
      const heading = /^heading\s*(\d)$/i.exec(style);
      const nested = p.parentNode && p.parentNode.localName === "tc" ? 1 : 0;
      out.push(record({ text, style, outlineLevel: heading ? Number(heading[1]) : 10, tableNestingLevel: nested }));
    }
    return out;
  }

  async function paragraphsFromDocx(base64) {
    const { readZip, base64ToBytes } = await import("/pane/docx_convert.js");
    const parts = await readZip(base64ToBytes(base64));
    const decode = (name) => (parts.has(name) ? new TextDecoder().decode(parts.get(name)) : null);
    const documentXml = decode("word/document.xml");
    if (!documentXml) throw new Error("InvalidArgument: no word/document.xml");
    return paragraphsFromDocumentXml(documentXml, decode("word/styles.xml"));
  }

  function paragraphsFromFlatOpc(ooxml) {
    const doc = new DOMParser().parseFromString(ooxml, "application/xml");
    const PKG = "http://schemas.microsoft.com/office/2006/xmlPackage";
    const part = (name) => {
      for (const p of doc.getElementsByTagNameNS(PKG, "part")) {
        if (p.getAttributeNS(PKG, "name") === name) {
          const data = p.getElementsByTagNameNS(PKG, "xmlData")[0];
          return data ? new XMLSerializer().serializeToString(data.firstElementChild) : null;
        }
      }
      return null;
    };
    const documentXml = part("/word/document.xml");
    if (!documentXml) throw new Error("InvalidArgument: no /word/document.xml part");
    return paragraphsFromDocumentXml(documentXml, part("/word/styles.xml"));
  }

  function paragraphsFromHtml(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    return [...doc.body.querySelectorAll("p,h1,h2,h3,h4,h5,h6")].map((node) => {
      const level = /^H(\d)$/.exec(node.tagName);
      return record({ text: node.textContent, style: level ? `Heading ${level[1]}` : "Normal", outlineLevel: level ? Number(level[1]) : 10 });
    });
  }

  // ---- the object model: proxies that queue work until context.sync() ------------------------
  function notLoaded(what) {
    const error = new Error(`PropertyNotLoaded: ${what} was read before load() and context.sync()`);
    error.code = "PropertyNotLoaded";
    return error;
  }

  class Context {
    constructor() {
      this.queue = [];
      this.document = new DocumentProxy(this);
    }
    enqueue(op) {
      this.queue.push(op);
    }
    async sync() {
      const ops = this.queue;
      this.queue = [];
      // Like Office.js, a sync with nothing queued costs no round trip, so it is not counted.
      if (ops.length) state.syncs += 1;
      const first = state.calls.length;
      try {
        for (const op of ops) await op();
      } finally {
        // Each call recorded while the batch ran is tagged with the sync that carried it out.
        for (const call of state.calls.slice(first)) call.sync = state.syncs;
      }
    }
  }

  // A range is a function giving its records when the queued operations run; a range found by
  // search also knows where in its paragraph it lies (`span`: {start, end} in UTF-16 units).
  class RangeProxy {
    constructor(ctx, resolve, matchText = null, span = null) {
      this.ctx = ctx;
      this.resolve = resolve;
      this.matchText = matchText;
      this.span = span;
      this.loaded = false;
    }
    snapshot() {
      this.loaded = true;
    }
    // load(names) + context.sync(): the object's properties as they are when the batch runs.
    load() {
      this.ctx.enqueue(() => this.snapshot());
      return this;
    }
    get text() {
      if (!this.loaded) throw notLoaded("Range.text");
      return this.matchText ?? this.resolve().map((r) => r.text).join("\n");
    }
    // Where the range lies in its one paragraph ({start, end} in UTF-16 units), worked out when
    // the queued operation runs: a found range's span, a derived range's (getRange, expandTo), or
    // a paragraph's whole text. A range over several paragraphs is not modelled.
    spanNow() {
      if (typeof this.span === "function") return this.span();
      if (this.span) return this.span;
      const records = this.resolve();
      if (records.length !== 1) throw failsAs("NotModelled", "the double models ranges inside one paragraph only");
      return { start: 0, end: records[0].text.length };
    }
    recordOf() {
      const records = this.resolve();
      if (records.length !== 1) throw failsAs("NotModelled", "the double models ranges inside one paragraph only");
      return records[0];
    }
    // Range.getRange(rangeLocation) (WordApi 1.3): "Start" / "End" the starting / ending point
    // of the range as an empty range ("End" of a paragraph is the point before its paragraph
    // mark, Word.RangeLocation); "Whole" / "Content" the range itself.
    getRange(location = "Whole") {
      needs13("Range.getRange");
      return new RangeProxy(this.ctx, this.resolve, null, () => {
        const { start, end } = this.spanNow();
        if (location === "Start") return { start, end: start };
        if (location === "End") return { start: end, end };
        if (location === "Whole" || location === "Content") return { start, end };
        throw failsAs("InvalidArgument", `the double models getRange Start/End/Whole/Content, not ${location}`);
      });
    }
    // Range.expandTo(range) (WordApi 1.3): "a new range that extends from this range in either
    // direction to cover another range. This range isn't changed."
    expandTo(other) {
      needs13("Range.expandTo");
      return new RangeProxy(this.ctx, this.resolve, null, () => {
        if (this.recordOf() !== other.recordOf()) throw failsAs("NotModelled", "expandTo across paragraphs");
        const a = this.spanNow();
        const b = other.spanNow();
        return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
      });
    }
    // Range.delete() (WordApi 1.1): "Deletes the range and its content from the document."
    delete() {
      this.ctx.enqueue(() => {
        const rec = this.recordOf();
        const { start, end } = this.spanNow();
        state.calls.push({ method: "Range.delete", index: state.paragraphs.indexOf(rec), start, end, text: rec.text.slice(start, end) });
        rec.text = rec.text.slice(0, start) + rec.text.slice(end);
        if (rec.formats) rec.formats.splice(start, end - start);
      });
    }
    // Range.getOoxml() (WordApi 1.1): "Gets the OOXML representation of the Range object", a
    // ClientResult whose value is readable after context.sync: a Flat OPC package (pkg:package)
    // whose /word/document.xml body holds the range's paragraph as a w:p — its style (w:pStyle)
    // and, as w:r runs, the range's characters only, each run with its formatting (the double's
    // format label as w:rStyle), a soft line break as w:br, a tab as w:tab.
    getOoxml() {
      const result = new ClientResult("Range.getOoxml");
      this.ctx.enqueue(() => {
        const rec = this.recordOf();
        const { start, end } = this.spanNow();
        state.calls.push({ method: "getOoxml", index: state.paragraphs.indexOf(rec), start, end });
        result.set(ooxmlPackage(rec, start, end));
      });
      return result;
    }
    insertText(text, location) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "insertText", text, location, span: this.span });
        if (location !== "Replace" || !this.span) throw new Error(`InvalidArgument: the double models insertText(…, "Replace") on a found range only`);
        const [rec] = this.resolve();
        const { start, end } = this.span;
        if (rec.text.slice(start, end) !== this.matchText) throw new Error("ItemNotFound: the range's text changed");
        const format = rec.formats?.[start] ?? "";
        rec.text = rec.text.slice(0, start) + text + rec.text.slice(end);
        if (rec.formats) rec.formats.splice(start, end - start, ...Array.from({ length: text.length }, () => format));
      });
      return this;
    }
    select() {
      this.ctx.enqueue(() => {
        const records = this.resolve();
        state.selection = { records, text: this.matchText ?? records.map((r) => r.text).join("\n") };
        state.calls.push({ method: "select", indexes: double.selectedIndexes() });
      });
    }
    search(text, options = {}) {
      // Word's special characters ("Use search options in your Word add-in"): ^^ a caret, ^l a
      // manual line break (Shift+Enter, "\v" in the text); the other ^ codes are not modelled.
      const wanted = text.replace(/\^([\^lL])/g, (_, c) => (c === "^" ? "^" : "\v"));
      const wildcard = options?.matchWildcards ? wildcardRegExp(text) : null;
      const results = new CollectionProxy(this.ctx, () =>
        this.resolve().flatMap((r) => {
          const hits = [];
          if (wildcard) {
            for (const m of r.text.matchAll(wildcard)) {
              hits.push(new RangeProxy(this.ctx, () => [r], m[0], { start: m.index, end: m.index + m[0].length }));
            }
            return hits;
          }
          for (let i = r.text.indexOf(wanted); wanted && i !== -1; i = r.text.indexOf(wanted, i + wanted.length)) {
            hits.push(new RangeProxy(this.ctx, () => [r], wanted, { start: i, end: i + wanted.length }));
          }
          return hits;
        }),
      );
      state.calls.push({ method: "search", text, options });
      return results;
    }
    get paragraphs() {
      return new CollectionProxy(this.ctx, () => this.resolve().map((r) => new ParagraphProxy(this.ctx, r)));
    }
    insertFileFromBase64(base64, location) {
      return this.insertParsed("file", location, () => paragraphsFromDocx(base64), { base64 });
    }
    insertOoxml(ooxml, location) {
      return this.insertParsed("ooxml", location, async () => paragraphsFromFlatOpc(ooxml), { length: ooxml.length });
    }
    insertHtml(html, location) {
      return this.insertParsed("html", location, async () => paragraphsFromHtml(html), { length: html.length });
    }
    insertParsed(method, location, parse, detail) {
      let inserted = [];
      this.ctx.enqueue(async () => {
        state.calls.push({ method, location, ...detail });
        refused(method);
        inserted = await parse();
        place(this.resolve(), location, inserted);
      });
      return new RangeProxy(this.ctx, () => inserted);
    }
    insertParagraph(text, location) {
      const created = record({ text });
      this.ctx.enqueue(() => {
        state.calls.push({ method: "insertParagraph", location, text });
        place(this.resolve(), location, [created]);
      });
      return new ParagraphProxy(this.ctx, created);
    }
  }

  // A call the configuration refuses fails as Word fails a call it cannot carry out (an older
  // host without the method, a protected or read-only document): an error with a code, thrown
  // when its batch runs, which ends that batch.
  function refused(method) {
    if (!config.refuse.includes(method)) return;
    const error = new Error(`GeneralException: the test double refuses ${method} (config.refuse)`);
    error.code = "GeneralException";
    throw error;
  }

  // Word's wildcards: * is the shortest run of any characters, ? one character; the rest literal.
  function wildcardRegExp(pattern) {
    const source = [...pattern]
      .map((c) => (c === "*" ? "[^]*?" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(source, "gu");
  }

  function headingLevelOf(style) {
    const heading = /^(?:heading|标题)\s*(\d)$/i.exec(style ?? "");
    return heading ? Number(heading[1]) : 10;
  }

  function place(anchor, location, records) {
    const list = state.paragraphs;
    const first = list.indexOf(anchor[0]);
    const last = list.indexOf(anchor[anchor.length - 1]);
    if (location === "Replace") {
      list.splice(first, last - first + 1, ...records);
      if (!list.length) list.push(record({ text: "" }));
    } else if (location === "Before" || location === "Start") {
      list.splice(first, 0, ...records);
    } else if (location === "After" || location === "End") {
      list.splice(last + 1, 0, ...records);
    } else {
      throw new Error(`InvalidArgument: location ${location}`);
    }
  }

  const isListItem = (rec) => (rec.listId != null ? true : Boolean(rec.isListItem));
  // Doubles for Word's list calls (WordApi 1.3) fail as Word documents them failing.
  function needs13(what) {
    if (maxApi < 1.3) throw failsAs("ApiNotFound", `${what} is WordApi 1.3`);
  }

  // OfficeExtension.ClientResult: a value readable after the context.sync that carried its call.
  class ClientResult {
    constructor(what) {
      Object.assign(this, { what, ready: false, result: undefined });
    }
    set(value) {
      this.result = value;
      this.ready = true;
    }
    get value() {
      if (!this.ready) throw notLoaded(`${this.what}().value`);
      return this.result;
    }
  }

  const escapeXml = (text) => text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);

  /** Range.getOoxml's package for characters start..end of paragraph `rec` (see getOoxml). */
  function ooxmlPackage(rec, start, end) {
    const runs = [];
    for (let k = start; k < end; k += 1) {
      const format = rec.formats?.[k] ?? "";
      if (runs.length && runs[runs.length - 1].format === format) runs[runs.length - 1].text += rec.text[k];
      else runs.push({ format, text: rec.text[k] });
    }
    const content = (text) => text.split(/([\v\t])/u).filter(Boolean).map((part) => (part === "\v" ? "<w:br/>"
      : part === "\t" ? "<w:tab/>" : `<w:t xml:space="preserve">${escapeXml(part)}</w:t>`)).join("");
    const body = runs.map(({ format, text }) => `<w:r>${format ? `<w:rPr><w:rStyle w:val="${escapeXml(format)}"/></w:rPr>` : ""}${content(text)}</w:r>`).join("");
    return `<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">`
      + `<pkg:part pkg:name="/_rels/.rels" pkg:contentType="application/vnd.openxmlformats-package.relationships+xml"><pkg:xmlData>`
      + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" `
      + `Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
      + `</pkg:xmlData></pkg:part>`
      + `<pkg:part pkg:name="/word/document.xml" pkg:contentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml">`
      + `<pkg:xmlData><w:document xmlns:w="${W}"><w:body><w:p><w:pPr><w:pStyle w:val="${escapeXml(rec.style.replace(/\s+/g, ""))}"/></w:pPr>`
      + `${body}</w:p></w:body></w:document></pkg:xmlData></pkg:part></pkg:package>`;
  }

  /** The paragraphs of a Flat OPC package's body, each as runs [{text, format}] (w:rStyle). */
  function runsOfPackage(ooxml) {
    const doc = new DOMParser().parseFromString(ooxml, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw failsAs("InvalidArgument", "bad OOXML");
    const body = doc.getElementsByTagNameNS(W, "body")[0];
    if (!body) throw failsAs("InvalidArgument", "no w:body in the package");
    const children = (node, name) => Array.from(node.childNodes).filter((c) => c.namespaceURI === W && c.localName === name);
    return children(body, "p").map((p) => children(p, "r").map((r) => {
      const style = r.getElementsByTagNameNS(W, "rStyle")[0];
      const text = Array.from(r.childNodes).map((c) => (c.namespaceURI !== W ? ""
        : c.localName === "t" ? c.textContent : c.localName === "br" ? "\v" : c.localName === "tab" ? "\t" : "")).join("");
      return { text, format: style ? style.getAttributeNS(W, "val") : "" };
    }));
  }

  function failsAs(code, message) {
    const error = new Error(`${code}: ${message}`);
    error.code = code;
    return error;
  }

  // Word.List (WordApi 1.3), as Paragraph.startNewList returns it: setLevelNumbering(level,
  // listNumbering, formatString) sets how that level is numbered ("Arabic" with formatString,
  // e.g. [0, "."] for 1. 2.; "None" drops the number).
  class ListProxy {
    constructor(ctx, holder) {
      Object.assign(this, { ctx, holder });
    }
    setLevelNumbering(level, listNumbering, formatString = [level, "."]) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "List.setLevelNumbering", level, listNumbering, formatString });
        const list = lists.get(this.holder.id);
        if (!list) throw failsAs("ItemNotFound", "the list");
        list.levels[level] = listNumbering === "None" ? null : formatString;
      });
    }
  }

  // The table holding `rec`: the run of table paragraphs (tableNestingLevel > 0) around it, in
  // rows, a row starting at each cell of column 0. Null outside tables.
  function tableAround(rec) {
    const all = state.paragraphs;
    let first = all.indexOf(rec);
    if (first < 0 || !(rec.tableNestingLevel > 0)) return null;
    let last = first;
    while (first > 0 && all[first - 1].tableNestingLevel > 0) first -= 1;
    while (last + 1 < all.length && all[last + 1].tableNestingLevel > 0) last += 1;
    const rows = [];
    for (const cell of all.slice(first, last + 1)) {
      if (!rows.length || cell.tableColumn === 0) rows.push([]);
      rows[rows.length - 1].push(cell);
    }
    return { rows };
  }

  // Word.Table (WordApi 1.3), as Paragraph.parentTableOrNullObject gives it: rowCount (after
  // load + sync) and addRows(insertLocation "Start"/"End", rowCount, values) — "Adds rows to the
  // start or end of the table, using the first or last existing row as a template"; values, a 2D
  // array of cell texts, "must not exceed the number of cells in the existing row".
  class TableProxy {
    constructor(ctx, rec) {
      Object.assign(this, { ctx, rec, loaded: false });
    }
    load(names) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "Table.load", names, index: state.paragraphs.indexOf(this.rec) });
        const table = tableAround(this.rec);
        this.loaded = true;
        this.values = { isNullObject: !table, rowCount: table?.rows.length };
      });
      return this;
    }
    get isNullObject() {
      if (!this.loaded) throw notLoaded("Table.isNullObject");
      return this.values.isNullObject;
    }
    get rowCount() {
      if (!this.loaded || this.values.isNullObject) throw notLoaded("Table.rowCount");
      return this.values.rowCount;
    }
    addRows(insertLocation, rowCount, values = []) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "Table.addRows", insertLocation, rowCount, values, index: state.paragraphs.indexOf(this.rec) });
        const table = tableAround(this.rec);
        if (!table) throw failsAs("ItemNotFound", "the paragraph is not in a table");
        if (insertLocation !== "Start" && insertLocation !== "End") throw failsAs("InvalidArgument", `location ${insertLocation}`);
        const template = insertLocation === "End" ? table.rows[table.rows.length - 1] : table.rows[0];
        if (values.some((row) => row.length > template.length)) throw failsAs("InvalidArgument", "more values than cells");
        const added = Array.from({ length: rowCount }, (_, r) => template.map((cell, c) => record({
          text: String(values[r]?.[c] ?? ""), style: cell.style, outlineLevel: cell.outlineLevel,
          tableNestingLevel: cell.tableNestingLevel, tableColumn: c,
        }))).flat();
        const cells = table.rows.flat();
        place(insertLocation === "End" ? [cells[cells.length - 1]] : [cells[0]], insertLocation === "End" ? "After" : "Before", added);
      });
    }
  }

  const PARAGRAPH_13 = new Set(["isListItem", "tableNestingLevel", "styleBuiltIn"]);

  class ParagraphProxy extends RangeProxy {
    constructor(ctx, rec) {
      super(ctx, () => [rec]);
      this.rec = rec;
      this.loaded = false;
    }
    snapshot() {
      this.loaded = true;
      this.values = { ...this.rec, isListItem: isListItem(this.rec) };
    }
    read(name) {
      if (!this.loaded) throw notLoaded(`Paragraph.${name}`);
      if (PARAGRAPH_13.has(name) && maxApi < 1.3) return undefined;
      return this.values[name];
    }
    insertParagraph(text, location) {
      // Word: a paragraph inserted from a paragraph takes its paragraph formatting.
      // A list paragraph's formatting includes its place in the list: the new one is an item of
      // the same list at the same level (as after Enter), taken when the batch runs.
      const created = record({ text, style: this.rec.style, outlineLevel: this.rec.outlineLevel });
      this.ctx.enqueue(() => {
        state.calls.push({ method: "insertParagraph", location, text, from: state.paragraphs.indexOf(this.rec) });
        refused("insertParagraph");
        created.listId = this.rec.listId;
        created.listLevel = this.rec.listLevel;
        place([this.rec], location, [created]);
      });
      return new ParagraphProxy(this.ctx, created);
    }
    // Paragraph.insertOoxml(ooxml, "Start"/"End") (WordApi 1.1; the location "must be 'Replace',
    // 'Start', or 'End'"): a package holding part of one paragraph — what Range.getOoxml gives for
    // characters inside a paragraph, no paragraph mark among them — goes in as that paragraph's
    // runs, each with its own formatting, at the start or end of this paragraph, which keeps its
    // own paragraph properties (its style, its list), as pasting part of a paragraph does (a
    // one-paragraph package takes the paragraph properties where it goes in: OfficeDev/office-js
    // #3149). A package of several paragraphs is not modelled (the double fails).
    insertOoxml(ooxml, location) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "Paragraph.insertOoxml", location, index: state.paragraphs.indexOf(this.rec), length: ooxml.length });
        refused("ooxml");
        if (location !== "Start" && location !== "End") throw failsAs("NotModelled", `Paragraph.insertOoxml(…, "${location}")`);
        const paragraphs = runsOfPackage(ooxml);
        if (paragraphs.length !== 1) throw failsAs("NotModelled", "a package of other than one paragraph inserted into a paragraph");
        const runs = paragraphs[0];
        const text = runs.map((r) => r.text).join("");
        const formats = runs.flatMap((r) => Array.from({ length: r.text.length }, () => r.format));
        const rec = this.rec;
        const own = rec.formats ?? Array.from({ length: rec.text.length }, () => "");
        rec.text = location === "Start" ? text + rec.text : rec.text + text;
        rec.formats = location === "Start" ? [...formats, ...own] : [...own, ...formats];
      });
      return new RangeProxy(this.ctx, () => [this.rec]);
    }
    // Paragraph.detachFromList() (WordApi 1.3): "Moves this paragraph out of its list, if the
    // paragraph is a list item."
    detachFromList() {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "detachFromList", index: state.paragraphs.indexOf(this.rec) });
        this.rec.listId = null;
        this.rec.isListItem = false;
        this.rec.listString = "";
      });
    }
    // Paragraph.attachToList(listId, level) (WordApi 1.3): "Lets the paragraph join an existing
    // list at the specified level. Fails if the paragraph cannot join the list or if the paragraph
    // is already a list item."
    attachToList(listId, level) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "attachToList", listId, level, index: state.paragraphs.indexOf(this.rec) });
        if (isListItem(this.rec)) throw failsAs("InvalidArgument", "the paragraph is already a list item");
        if (!lists.has(listId)) throw failsAs("InvalidArgument", "no such list");
        this.rec.listId = listId;
        this.rec.listLevel = level;
      });
    }
    // Paragraph.startNewList() (WordApi 1.3): "Starts a new list with this paragraph. Fails if
    // the paragraph is already a list item." The new list's numbering is left unset here (a
    // bullet); the pane sets it with List.setLevelNumbering.
    startNewList() {
      const holder = { id: null };
      this.ctx.enqueue(() => {
        state.calls.push({ method: "startNewList", index: state.paragraphs.indexOf(this.rec) });
        if (isListItem(this.rec)) throw failsAs("InvalidArgument", "the paragraph is already a list item");
        holder.id = nextListId++;
        lists.set(holder.id, { levels: {} });
        this.rec.listId = holder.id;
        this.rec.listLevel = 0;
      });
      return new ListProxy(this.ctx, holder);
    }
    // Paragraph.listItem.level = n (WordApi 1.3): the item's level in its list.
    get listItem() {
      const rec = this.rec;
      const ctx = this.ctx;
      return {
        set level(value) {
          ctx.enqueue(() => {
            if (rec.listId == null) throw failsAs("ItemNotFound", "the paragraph is not a list item");
            rec.listLevel = value;
          });
        },
      };
    }
    set style(value) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: "style", value, index: state.paragraphs.indexOf(this.rec) });
        this.rec.style = value;
        this.rec.outlineLevel = headingLevelOf(value);
      });
    }
    get text() { return this.read("text"); }
    get style() { return this.read("style"); }
    get outlineLevel() { return this.read("outlineLevel"); }
    get isListItem() { return this.read("isListItem"); }
    get tableNestingLevel() { return this.read("tableNestingLevel"); }
    get parentTableCellOrNullObject() {
      return maxApi < 1.3 ? undefined : new NullableProxy(this.ctx, this.rec, "TableCell", "cellIndex",
        (rec) => rec.tableColumn, (rec) => rec.tableNestingLevel > 0);
    }
    // Paragraph.parentTableOrNullObject (WordApi 1.3): the table holding the paragraph, a null
    // object outside tables.
    get parentTableOrNullObject() {
      return maxApi < 1.3 ? undefined : new TableProxy(this.ctx, this.rec);
    }
    // Paragraph.listOrNullObject (WordApi 1.3): the List the paragraph is in, a null object
    // outside lists; List.id its id.
    get listOrNullObject() {
      return maxApi < 1.3 ? undefined : new NullableProxy(this.ctx, this.rec, "List", "id",
        (rec) => rec.listId, (rec) => rec.listId != null);
    }
    get listItemOrNullObject() {
      // No load needed to get the navigation object (as in Office.js); its properties need one.
      return maxApi < 1.3 ? undefined : new NullableProxy(this.ctx, this.rec, "ListItem", "listString",
        listStringOf, isListItem);
    }
    set styleBuiltIn(value) {
      this.ctx.enqueue(() => {
        const heading = /^Heading(\d)$/.exec(value);
        this.rec.style = heading ? `Heading ${heading[1]}` : value;
        this.rec.outlineLevel = heading ? Number(heading[1]) : 10;
      });
    }
    set outlineLevel(value) {
      this.ctx.enqueue(() => {
        this.rec.outlineLevel = value;
      });
    }
  }

  // A "…OrNullObject" navigation property of a paragraph (WordApi 1.3): getting it needs no load,
  // its one property (and isNullObject) are readable after load(name) + sync.
  //   Paragraph.listItemOrNullObject: the paragraph's ListItem, a null object for a paragraph not
  //   in a list; listString is the number Word's automatic numbering shows before the text
  //   ("（一）", "1."), not part of Paragraph.text ("" for a bullet here: Word gives the bullet
  //   character, which the pane drops as no number either way).
  //   Paragraph.parentTableCellOrNullObject: the cell holding the paragraph, a null object outside
  //   tables; cellIndex is the cell's place in its row, 0 the first (config paragraph `tableColumn`).
  class NullableProxy {
    constructor(ctx, rec, kind, property, value, present) {
      Object.assign(this, { ctx, rec, kind, property, value, present, loaded: false });
    }
    load(names) {
      this.ctx.enqueue(() => {
        state.calls.push({ method: `${this.kind}.load`, names, index: state.paragraphs.indexOf(this.rec) });
        this.loaded = true;
        this.values = { [this.property]: this.value(this.rec), isNullObject: !this.present(this.rec) };
        // ListItem.level (WordApi 1.3): the item's level in its list, 0 the first.
        if (this.kind === "ListItem") this.values.level = this.rec.listLevel ?? 0;
      });
      return this;
    }
    get isNullObject() {
      if (!this.loaded) throw notLoaded(`${this.kind}.isNullObject`);
      return this.values.isNullObject;
    }
    read(property = this.property) {
      if (!this.loaded) throw notLoaded(`${this.kind}.${property}`);
      if (this.values.isNullObject) throw notLoaded(`${this.kind}.${property} of a null object`);
      return this.values[property];
    }
    get listString() { return this.kind === "ListItem" ? this.read() : undefined; }
    get level() { return this.kind === "ListItem" ? this.read("level") : undefined; }
    get id() { return this.kind === "List" ? this.read() : undefined; }
    get cellIndex() { return this.kind === "TableCell" ? this.read() : undefined; }
  }

  class CollectionProxy {
    constructor(ctx, produce) {
      this.ctx = ctx;
      this.produce = produce;
      this.loadedItems = null;
    }
    load() {
      this.ctx.enqueue(() => {
        this.loadedItems = this.produce();
        for (const item of this.loadedItems) item.snapshot?.();
      });
      return this;
    }
    get items() {
      if (!this.loadedItems) throw notLoaded("items");
      return this.loadedItems;
    }
  }

  class BodyProxy extends RangeProxy {
    constructor(ctx) {
      super(ctx, () => state.paragraphs);
    }
    get paragraphs() {
      return new CollectionProxy(this.ctx, () => state.paragraphs.map((r) => new ParagraphProxy(this.ctx, r)));
    }
  }

  class DocumentProxy {
    constructor(ctx) {
      this.ctx = ctx;
      this.body = new BodyProxy(ctx);
    }
    getSelection() {
      return new RangeProxy(this.ctx, () => state.selection.records);
    }
  }

  window.Word = {
    run: async (callback) => {
      const ctx = new Context();
      const result = await callback(ctx);
      await ctx.sync();
      return result;
    },
  };
  window.OfficeExtension = { Error };
  window.Office = {
    HostType: { Word: "Word" },
    context: {
      requirements: {
        isSetSupported: (name, version) => name === "WordApi" && Number(version) <= maxApi,
      },
    },
    onReady: () => Promise.resolve({ host: "Word", platform: "PC" }),
  };
})();

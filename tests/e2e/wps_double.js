// TEST DOUBLE of the WPS 加载项 JS environment, for the browser tests (Playwright injects this file
// into every page before the page's own scripts, as WPS injects `wps` and `Application` into the
// pages of an add-in) and for the Node tests of addin_server/pane/wps.js (which call
// globalThis.__createWpsDouble). WPS is not installable here. This is NOT part of the product and
// not a WPS emulator: it models only the calls wps.js and wps_addin/ribbon.js make, each from
// WPS's published API. Sources:
//   [T]  Kingsoft's TypeScript description of the object model, npm package wps-jsapi 1.0.5
//        (src/index.d.ts: namespace wps; src/lib.wps.d.ts: WpsApplication, WpsDocument,
//        WpsParagraphs, WpsParagraph, WpsRange, WpsListFormat, WpsStyle, WpsSelection, WpsUndoRecord).
//   [W]  Kingsoft's add-in toolkit, npm package wpsjs 2.2.3 (the "wps" template: js/ribbon.js,
//        js/taskpane.js use Application.CreateTaskPane/GetTaskPane/PluginStorage, ID, Visible).
//   [V]  Word VBA's documentation of the same members (learn.microsoft.com/office/vba/api/word.*),
//        which the WPS object model follows, for what a call does: positions are character
//        offsets of the story where each paragraph ends with "\r"; Range.Text includes it;
//        Paragraphs.Item is 1-based; text inserted with "\r" makes paragraphs that take the
//        formatting of the paragraph it was inserted into; Range.Style = WdBuiltinStyle or name.
// What the double assumes beyond those sources (marked ASSUMED below) is listed in docs/wps.md.
//
// Configure before the page loads: window.__wpsDoubleConfig = {
//   paragraphs: [{text, style, outlineLevel, listString, inTable, tableColumn}], noDocument: false,
//   refuse: ["InsertXML"],   // methods that throw, as an older WPS would
// }. Inspect through window.__wpsDouble (texts(), selectedText(), selectedIndexes(), state.calls).
(function (root) {
  const BUILTIN = { [-1]: "正文" }; // WdBuiltinStyle [T]; WPS 文字's Chinese local names [ASSUMED]
  for (let level = 1; level <= 9; level += 1) BUILTIN[-1 - level] = `标题 ${level}`;
  const HEADING = /^(?:标题|heading)\s*([1-9])$/i;

  function createWpsDouble(config = {}) {
    const settings = Object.assign({ paragraphs: [{ text: "" }], noDocument: false, refuse: [] }, config);
    const record = (p) => {
      const style = p.style || "正文";
      const heading = HEADING.exec(style);
      return {
        text: String(p.text ?? ""),
        style,
        outlineLevel: p.outlineLevel ?? (heading ? Number(heading[1]) : 10),
        listString: p.listString ?? "",
        inTable: Boolean(p.inTable),
        // The column of the table cell holding the paragraph, 0 the first (a paragraph inTable
        // without one is in column 0): a row starts at each cell of column 0.
        tableColumn: p.inTable ? p.tableColumn ?? 0 : null,
      };
    };
    const state = {
      paragraphs: settings.paragraphs.map(record),
      styles: new Set([...Object.values(BUILTIN), ...(settings.styles ?? [])]),
      selection: { start: 0, end: 0 },
      calls: [],
      undo: [],
      taskPanes: [],
    };
    const call = (method, detail = {}) => state.calls.push({ method, ...detail });
    const refuse = (method) => {
      if (settings.refuse.includes(method)) {
        throw new Error(`${method} failed (the test double refuses it: config.refuse)`);
      }
    };

    // ---- the story: paragraphs joined by their marks ------------------------------------------
    const story = () => state.paragraphs.map((p) => p.text + "\r").join("");
    const startOf = (index) => state.paragraphs.slice(0, index).reduce((n, p) => n + p.text.length + 1, 0);
    /** [paragraph index, offset in its text] of a story position (a mark belongs to its paragraph). */
    function locate(position) {
      let start = 0;
      for (let i = 0; i < state.paragraphs.length; i += 1) {
        const length = state.paragraphs[i].text.length;
        if (position <= start + length) return [i, position - start];
        start += length + 1;
      }
      throw new Error(`position ${position} is past the end of the document`);
    }
    function checkRange(start, end) {
      const total = story().length;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > total) {
        throw new Error(`The range (${start}, ${end}) is outside the document (0–${total})`);
      }
    }
    const paragraphsTouching = (start, end) => {
      const [first] = locate(start);
      const [last] = locate(Math.max(start, end - 1));
      return state.paragraphs.slice(first, last + 1);
    };

    /** Insert text with "\r" at a position: new paragraphs copy the host paragraph's formatting [V]. */
    function insertText(position, text) {
      const [index, offset] = locate(position);
      const host = state.paragraphs[index];
      const pieces = String(text).split("\r");
      const before = host.text.slice(0, offset);
      const after = host.text.slice(offset);
      const made = pieces.map((piece) => ({ ...host, text: piece, listString: "" }));
      made[0].text = before + made[0].text;
      made[0].listString = host.listString;
      made[made.length - 1].text += after;
      state.paragraphs.splice(index, 1, ...made);
    }

    // ---- parsing what InsertXML is given (Flat OPC: pkg:package) -------------------------------
    const unescapeXml = (t) => t.replace(/&(lt|gt|amp|quot|apos);/g, (_, e) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]);
    function flatOpcRecords(xml) {
      if (!/<pkg:package\b/.test(xml)) throw new Error("InsertXML: not a Flat OPC package");
      const part = (name) => new RegExp(`<pkg:part pkg:name="${name}"[^>]*><pkg:xmlData>([\\s\\S]*?)</pkg:xmlData>`).exec(xml)?.[1] ?? "";
      const documentXml = part("/word/document.xml");
      if (!documentXml) throw new Error("InsertXML: the package has no /word/document.xml");
      const names = new Map();
      for (const style of part("/word/styles.xml").match(/<w:style\b[\s\S]*?<\/w:style>/g) ?? []) {
        const id = /w:styleId="([^"]*)"/.exec(style)?.[1];
        const name = /<w:name w:val="([^"]*)"/.exec(style)?.[1];
        if (id && name) names.set(id, name);
      }
      return (documentXml.match(/<w:p\b[\s\S]*?<\/w:p>/g) ?? []).map((p) => {
        const text = unescapeXml((p.match(/<w:t\b[^>]*>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, "")).join(""));
        const id = /<w:pStyle w:val="([^"]*)"/.exec(p)?.[1] ?? "";
        const name = names.get(id) ?? id;
        const heading = HEADING.exec(name);
        // The package's styles come into the document with it [V: InsertXML keeps formatting].
        if (name) state.styles.add(name);
        return record({ text, style: heading ? `标题 ${heading[1]}` : name || "正文" });
      });
    }

    // ---- the object model ---------------------------------------------------------------------
    class StyleObject {
      constructor(name) {
        this.NameLocal = name; // WpsStyle.NameLocal [T]
        this.BuiltIn = Object.values(BUILTIN).includes(name); // WpsStyle.BuiltIn [T]
      }
    }

    class Range {
      constructor(start, end) {
        checkRange(start, end);
        this.Start = start; // WpsRange.Start / End [T]
        this.End = end;
      }
      get Text() {
        return story().slice(this.Start, this.End); // WpsRange.Text [T], with the marks [V]
      }
      set Text(value) {
        // WpsRange.Text [T]: the range's text is replaced; the range then holds the new text [V].
        // Within one paragraph only (what fixes do); ASSUMED: formatting of the replaced text stays.
        const [index, offset] = locate(this.Start);
        const [last] = locate(this.End);
        if (last !== index || this.End - this.Start > state.paragraphs[index].text.length - offset) {
          throw new Error("the test double replaces text within one paragraph only");
        }
        const text = String(value);
        if (/[\r]/.test(text)) throw new Error("the test double does not model paragraph marks in Range.Text");
        call("setText", { start: this.Start, end: this.End, text });
        const p = state.paragraphs[index];
        p.text = p.text.slice(0, offset) + text + p.text.slice(offset + this.End - this.Start);
        this.End = this.Start + text.length;
      }
      get Paragraphs() {
        // WpsRange.Paragraphs [T]: the paragraphs the range touches.
        const [first] = locate(this.Start);
        const [last] = locate(Math.max(this.Start, this.End - 1));
        return new Paragraphs(first, last);
      }
      get ListFormat() {
        const [index] = locate(this.Start);
        const p = state.paragraphs[index];
        // WpsListFormat.ListString / ListType [T]; wdListNoNumbering = 0, wdListSimpleNumbering = 1.
        return { ListString: p.listString, ListType: p.listString ? 1 : 0 };
      }
      get Style() {
        return new StyleObject(state.paragraphs[locate(this.Start)[0]].style);
      }
      set Style(value) {
        // WpsRange.Style [T]: a WdBuiltinStyle constant or a style name; the paragraph style of
        // every paragraph the range touches [V]. An unknown name is an error, as in Word [V].
        const name = typeof value === "number" ? BUILTIN[value] : String(value);
        if (!name || !state.styles.has(name)) throw new Error(`Style ${value} does not exist in the document`);
        call("setStyle", { start: this.Start, name });
        const heading = HEADING.exec(name);
        for (const p of paragraphsTouching(this.Start, this.End)) {
          p.style = name;
          p.outlineLevel = heading ? Number(heading[1]) : 10;
        }
      }
      Information(type) {
        // WpsRange.Information [T]; wdWithInTable = 12 [T].
        if (type !== 12) throw new Error(`Information(${type}) is not modelled by the test double`);
        return state.paragraphs[locate(this.Start)[0]].inTable;
      }
      get Cells() {
        // Range.Cells (Cells.Count, Cells.Item(i) 1-based) and Cell.ColumnIndex, the number of the
        // cell's column, 1 the first [V: Range.Cells, Cell.ColumnIndex]. ASSUMED: WPS has them as
        // Word VBA does (not checked against wps-jsapi's typings). A range outside a table has no
        // cells: Item fails, as in Word [V].
        const cells = paragraphsTouching(this.Start, this.End)
          .filter((p) => p.inTable)
          .map((p) => ({ ColumnIndex: p.tableColumn + 1 }));
        return {
          Count: cells.length,
          Item(index) {
            if (!cells[index - 1]) throw new Error("The requested member of the collection does not exist.");
            return cells[index - 1];
          },
        };
      }
      get Tables() {
        // Range.Tables (Count, Item(i) 1-based) [V: Range.Tables]: the table holding the range's
        // start; none outside a table (Item then fails, as in Word [V]). ASSUMED: as in Word VBA.
        const [index] = locate(this.Start);
        const tables = state.paragraphs[index].inTable ? [new Table(state.paragraphs[index])] : [];
        return {
          Count: tables.length,
          Item(i) {
            if (!tables[i - 1]) throw new Error("The requested member of the collection does not exist.");
            return tables[i - 1];
          },
        };
      }
      Select() {
        // WpsRange.Select [T]: the selection becomes this range.
        state.selection = { start: this.Start, end: this.End };
        call("select", { start: this.Start, end: this.End, indexes: double.selectedIndexes() });
      }
      InsertAfter(text) {
        // WpsRange.InsertAfter [T]; the range grows to include the text [V].
        refuse("InsertAfter");
        call("InsertAfter", { at: this.End, text: String(text) });
        insertText(this.End, String(text));
        this.End += String(text).length;
      }
      InsertXML(xml) {
        // WpsRange.InsertXML [T]. ASSUMED: a whole Flat OPC document at a collapsed range adds its
        // paragraphs there — before the paragraph starting at the range, else splitting it.
        call("InsertXML", { at: this.Start, length: String(xml).length });
        refuse("InsertXML");
        const records = flatOpcRecords(String(xml));
        let [index, offset] = locate(this.Start);
        if (offset > 0) {
          insertText(this.Start, "\r");
          index += 1;
        }
        state.paragraphs.splice(index, 0, ...records);
      }
    }

    // ---- tables: a run of paragraphs inTable, one paragraph a cell, a row at each tableColumn 0 --
    /** The rows ([[paragraph index]]) of the table holding paragraph record `member`. */
    function tableRows(member) {
      let first = state.paragraphs.indexOf(member);
      if (first < 0 || !member.inTable) throw new Error("The table is no longer in the document.");
      while (first > 0 && state.paragraphs[first - 1].inTable) first -= 1;
      const rows = [];
      for (let i = first; i < state.paragraphs.length && state.paragraphs[i].inTable; i += 1) {
        if (!rows.length || state.paragraphs[i].tableColumn === 0) rows.push([]);
        rows[rows.length - 1].push(i);
      }
      return rows;
    }

    class Table {
      // Word VBA's Table [V: Table.Rows, Rows.Count, Rows.Add, Table.Cell(Row, Column), Cell.Range].
      // ASSUMED: WPS has them as Word VBA does (not checked against wps-jsapi's typings).
      constructor(member) {
        this.member = member; // a paragraph record of the table: it stays one while others move
      }
      get Rows() {
        const table = this;
        return {
          get Count() {
            return tableRows(table.member).length;
          },
          Add() {
            // Rows.Add() with no BeforeRow: a row at the end of the table, its cells empty and
            // formatted like the last row's [V: Rows.Add; Word's own "insert row below"].
            refuse("Rows.Add");
            const rows = tableRows(table.member);
            const last = rows[rows.length - 1];
            const made = last.map((i) => ({ ...state.paragraphs[i], text: "", listString: "" }));
            state.paragraphs.splice(last[last.length - 1] + 1, 0, ...made);
            call("Rows.Add", { rows: rows.length + 1 });
            return { Index: rows.length + 1 };
          },
        };
      }
      Cell(row, column) {
        // Table.Cell(Row, Column), both 1-based; a cell that is not there is an error [V].
        const index = tableRows(this.member)[row - 1]?.[column - 1];
        if (index === undefined) throw new Error(`The requested member of the collection does not exist (${row}, ${column}).`);
        const record = state.paragraphs[index];
        return {
          RowIndex: row,
          ColumnIndex: column,
          get Range() {
            // Cell.Range: the cell's text; setting its Text replaces what the cell holds [V]
            // (the double has no end-of-cell mark, so the range stops before the paragraph mark).
            const start = startOf(state.paragraphs.indexOf(record));
            return new Range(start, start + record.text.length);
          },
        };
      }
    }

    class Paragraph {
      constructor(index) {
        this.index = index;
      }
      get Range() {
        // WpsParagraph.Range [T]: the paragraph with its mark.
        const start = startOf(this.index);
        return new Range(start, start + state.paragraphs[this.index].text.length + 1);
      }
      get Style() {
        return new StyleObject(state.paragraphs[this.index].style); // WpsParagraph.Style [T]
      }
      get OutlineLevel() {
        return state.paragraphs[this.index].outlineLevel; // WdOutlineLevel 1..9, 10 body [T]
      }
    }

    class Paragraphs {
      constructor(first = 0, last = null) {
        this.first = first;
        this.last = last;
      }
      get Count() {
        // WpsParagraphs.Count [T]
        const last = this.last ?? state.paragraphs.length - 1;
        return last - this.first + 1;
      }
      Item(index) {
        // WpsParagraphs.Item(Index) [T], 1-based [V]; out of range is an error [V].
        if (!Number.isInteger(index) || index < 1 || index > this.Count) {
          throw new Error(`The requested member of the collection does not exist (${index})`);
        }
        return new Paragraph(this.first + index - 1);
      }
    }

    const document = {
      Name: "文档1", // WpsDocument.Name [T]
      get Paragraphs() {
        return new Paragraphs(); // WpsDocument.Paragraphs [T]
      },
      get Content() {
        return new Range(0, story().length); // WpsDocument.Content [T]
      },
      Range(start = 0, end = story().length) {
        return new Range(start, end); // WpsDocument.Range(Start, End) [T]
      },
    };

    const storage = {
      // PluginStorage [T: "shared by the add-in's pages"]: kept in the origin's localStorage when
      // there is one, so the ribbon page and the task pane (two pages) see the same items.
      backing: root.localStorage ?? null,
      memory: new Map(),
      setItem(key, value) {
        if (this.backing) this.backing.setItem(`wps-double:${key}`, JSON.stringify(value));
        else this.memory.set(key, value);
      },
      getItem(key) {
        if (!this.backing) return this.memory.has(key) ? this.memory.get(key) : null;
        const raw = this.backing.getItem(`wps-double:${key}`);
        return raw == null ? null : JSON.parse(raw);
      },
      removeItem(key) {
        if (this.backing) this.backing.removeItem(`wps-double:${key}`);
        else this.memory.delete(key);
      },
    };

    function createTaskPane(url, title) {
      // wps.CreateTaskPane(url, title) → CustomTaskpane with ID, Visible, DockPosition [T][W].
      const pane = { ID: state.taskPanes.length + 1, Visible: false, DockPosition: 2, url, title };
      pane.Navigate = (next) => {
        pane.url = next;
      };
      pane.Delete = () => {
        pane.deleted = true;
      };
      state.taskPanes.push(pane);
      call("CreateTaskPane", { url, title, id: pane.ID });
      storage.setItem("__double_taskpanes", state.taskPanes.map(({ ID, url: u, title: t }) => ({ ID, url: u, title: t })));
      return pane;
    }

    const Application = {
      get ActiveDocument() {
        return settings.noDocument ? null : document; // WpsApplication.ActiveDocument [T]
      },
      get Selection() {
        // WpsApplication.Selection [T]: Start, End, Range of what is selected.
        const { start, end } = state.selection;
        return { Start: start, End: end, get Range() { return new Range(start, end); }, get Text() { return story().slice(start, end); } };
      },
      UndoRecord: {
        // WpsUndoRecord.StartCustomRecord / EndCustomRecord [T].
        StartCustomRecord(name) {
          state.undo.push({ name, open: true });
        },
        EndCustomRecord() {
          const open = state.undo.find((u) => u.open);
          if (open) open.open = false;
        },
      },
      PluginStorage: storage,
      CreateTaskPane: createTaskPane,
      GetTaskPane(id) {
        // wps.GetTaskPane(id) [T]; may give null on some versions (docs/wps.md), modelled by config.
        if (settings.lostTaskPanes) return null;
        return state.taskPanes.find((p) => p.ID === Number(id)) ?? null;
      },
      Enum: { msoCTPDockPositionLeft: 0, msoCTPDockPositionRight: 2 }, // [W] js/util.js WPS_Enum
    };

    const wps = {
      WpsApplication: () => Application, // wps.WpsApplication() [T]
      CreateTaskPane: createTaskPane,
      GetTaskPane: (id) => Application.GetTaskPane(id),
      PluginStorage: storage,
      Enum: Application.Enum,
    };

    const double = {
      state,
      story,
      texts: () => state.paragraphs.map((p) => p.text),
      selectedText: () => story().slice(state.selection.start, state.selection.end),
      selectedIndexes() {
        const { start, end } = state.selection;
        const [first] = locate(start);
        const [last] = locate(Math.max(start, end - 1));
        return Array.from({ length: last - first + 1 }, (_, i) => first + i);
      },
      setParagraphs(list) {
        state.paragraphs = list.map(record);
        state.selection = { start: 0, end: 0 };
      },
      setSelection(start, end = start) {
        checkRange(start, end);
        state.selection = { start, end };
      },
      startOf,
    };
    return { wps, Application, double };
  }

  root.__createWpsDouble = createWpsDouble;
  if (root.__wpsDoubleConfig) {
    const { wps, Application, double } = createWpsDouble(root.__wpsDoubleConfig);
    root.wps = wps;
    root.Application = Application;
    root.__wpsDouble = double;
  }
})(globalThis);

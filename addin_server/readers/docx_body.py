"""The body walk: a main part's tree (or a batch of it when streaming) → paragraphs of the
document model, the layer python-docx's friendly objects (`Paragraph`, `Run`, `Table`) stand in.
Visible text only (deleted runs and rows, mc:Fallback duplicates, ruby text and former
properties left out), tabs, soft line breaks and non-breaking hyphens as characters, paragraphs
in table cells with their column, text boxes after the paragraph they are anchored in, deleted
paragraph marks joining two paragraphs; each paragraph's style (docx_styles.py) and Word's
automatic number (list_labels.py); the limits on paragraphs and characters.

May touch: lxml elements of the main part by the names in docx_tags.py, a StyleTable, the list
definitions, the document model (addin_server/model.py). May not touch: the package, its bytes or
the parser (the caller hands in the tree, see docx_file.py and docx_stream.py).

Speed: the target is .docx → report within ~1.3× of "unzip + lxml parse of document.xml".
python-docx's object model creates a Python proxy per element and reparses every part (≈4-5 ms
per file before any text is read), so the walk uses lxml directly: one `iter(tags…)` pass,
filtered in C, removes what is not visible text and detaches text boxes; a second such pass reads
the now-flat paragraphs, each ending where the next starts, doing per element only what that
element needs (see Walker), and the model is built column by column. On a 1,000-paragraph
material the reader costs ~1.9× the floor (it was ~2.6×; docs/performance.md): what remains is
the Python per element (a proxy, its tag, its text) and per paragraph (the model object).
"""
from __future__ import annotations

from ..model import Document, Paragraph, paragraphs_from_columns
from .docx_styles import StyleTable
from .docx_tags import Tags, outline_value
from .errors import TooLargeError
from .list_labels import ListCounter, NumberingDefinitions


# Paragraph boundaries in the walk's flat list of text pieces: U+0000 cannot occur in XML text.
_PARAGRAPH_START = "\x00"
# A paragraph's own properties while it is read: [styleId, outline level, numbered, numId, ilvl],
# each None until set. Most paragraphs have none of them and get no list (see Walker.props).
_STYLE_ID, _OUTLINE, _NUMBERED, _NUM_ID, _ILVL = range(5)


class Walker:
    """Two passes over the main part (or a batch of it when streaming), both `iter(tags…)`
    filtered in C.

    The first (`_prune`) finds the few elements that change what the second must do: subtrees
    that are not visible text are removed, paragraphs whose mark was deleted are noted, text
    boxes (paragraphs inside a paragraph) are detached and remembered by their anchor paragraph,
    and whether there are table cells at all. The second (`_walk`) then sees flat paragraphs:
    each ends where the next one starts.

    Speed: this walk is the reader's cost beyond unzip + parse, so it does per element only what
    that element needs. Text goes into one flat list with a marker per paragraph (joined and
    split once at the end, in C); a paragraph's properties get a list only when it has some;
    ancestors are looked at (in a table cell?) only when the batch has table cells, deleted
    paragraph marks or text boxes; the character limit is checked per batch (bounded, see
    docx_stream.py) and when the paragraph limit trips; the model is built column by column
    (`paragraphs_from_columns`), each distinct set of properties resolved against the styles once.
    """

    def __init__(self, tags: Tags, styles: StyleTable, max_paragraphs: int, max_chars: int,
                 numbering=NumberingDefinitions.empty):
        self.tags = tags
        self.styles = styles
        self.numbering = numbering   # () -> NumberingDefinitions, read only if a paragraph is numbered
        self.max_paragraphs = max_paragraphs
        self.max_chars = max_chars
        self.walk_tags = (tags.t, tags.p, tags.tab, tags.br, tags.cr, tags.ptab, tags.no_break_hyphen,
                          tags.pStyle, tags.outlineLvl, tags.numPr, tags.numId, tags.ilvl)
        self.prune_tags = (tags.del_, tags.moveFrom, tags.fallback, tags.rt, tags.tabs, tags.pPrChange,
                           tags.txbxContent, tags.tc)
        # Per batch, keyed by elements of the batch (keeping them would keep its tree alive).
        self.mark_deleted: set = set()
        self.boxes: dict = {}
        self.has_cells = False
        # The document so far: `count` paragraphs, their text in `pieces` (each after a marker),
        # the property lists of those that have any by ordinal.
        self.count = 0
        self.pieces: list[str] = []
        self.props: dict[int, list] = {}
        # ordinals of the paragraphs in a table cell → the cell's place in its row (None: unknown)
        self.in_table: dict[int, int | None] = {}
        self.deleted_marks: set[int] = set()  # ordinals of the paragraphs whose mark was deleted
        self.specials = 0  # pieces that are not w:t text (tabs, breaks, hyphens): one character each
        self.counted = 0  # pieces already counted in `piece_chars`
        self.piece_chars = 0

    def read(self, root) -> Document:
        self.read_batch(root)
        return self.finish()

    def read_batch(self, container) -> None:
        """Read the paragraphs of `container` (the whole document, or a batch of completed
        blocks when streaming) after those read before."""
        self._prune(container)
        self._walk(container, False)
        self.mark_deleted = set()
        self.boxes = {}
        self.has_cells = False
        self._check_chars()

    def finish(self) -> Document:
        texts = "".join(self.pieces).split(_PARAGRAPH_START)
        return Document(self._paragraphs(texts[1:]))

    def _check_chars(self) -> None:
        pieces = self.pieces
        self.piece_chars += sum(map(len, pieces[self.counted:]))
        self.counted = len(pieces)
        # the w:t text read so far: all pieces but the paragraph markers and the special pieces
        if self.piece_chars - self.count - self.specials > self.max_chars:
            raise too_much_text(self.max_chars)

    def _prune(self, root) -> None:
        tags = self.tags
        doomed = []
        boxes = []
        for el in root.iter(self.prune_tags):
            tag = el.tag
            if tag == tags.tc:
                self.has_cells = True
            elif tag == tags.txbxContent:
                boxes.append(el)
            elif tag == tags.del_ or tag == tags.moveFrom:
                parent = el.getparent()
                if parent.tag == tags.rPr:
                    grand = parent.getparent()
                    if grand is not None and grand.tag == tags.pPr and grand.getparent() is not None:
                        self.mark_deleted.add(grand.getparent())
                elif parent.tag == tags.trPr:
                    row = parent.getparent()
                    if row is not None:
                        doomed.append(row)  # a deleted table row
                else:
                    doomed.append(el)
            else:
                # mc:Fallback (duplicate of the mc:Choice content), w:rt (ruby annotation),
                # w:tabs (tab stops, not tab characters), w:pPrChange (former properties).
                doomed.append(el)
        for el in doomed:
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
        for box in boxes:
            anchor = next(box.iterancestors(tags.p), None)
            # a box inside a removed subtree (a Fallback copy, deleted text) is not shown
            if anchor is None or not _attached(box, root):
                continue
            box.getparent().remove(box)
            self.boxes.setdefault(anchor, []).append(box)

    def _walk(self, container, in_box_table: bool) -> None:
        """Append the paragraphs of `container` in document order: each paragraph's text is the
        pieces after its marker, its properties the first of each kind before the next one.
        `in_box_table`: `container` is a text box anchored in a table cell."""
        tags = self.tags
        T, P = tags.t, tags.p
        TAB, PTAB, BR, CR, NBH = tags.tab, tags.ptab, tags.br, tags.cr, tags.no_break_hyphen
        PSTYLE, OUTLINE, NUMPR, VAL = tags.pStyle, tags.outlineLvl, tags.numPr, tags.val
        ILVL = tags.ilvl
        props = self.props
        count = self.count
        pieces_append = self.pieces.append
        max_paragraphs = self.max_paragraphs
        # Looking at a paragraph's ancestors or identity is needed only for these.
        all_boxes, mark_deleted = self.boxes, self.mark_deleted
        careful = bool(all_boxes or mark_deleted or self.has_cells or in_box_table)
        body_like = (tags.body, tags.document)
        TC = tags.tc
        append = _ignore  # nothing counts before the first paragraph
        prop = None
        anchored = None
        for el in container.iter(self.walk_tags):
            tag = el.tag
            if tag == T:
                text = el.text
                if text:
                    append(text)
            elif tag == P:
                if anchored:
                    self.count = count
                    self._walk_boxes(anchored, count - 1 in self.in_table)
                    count = self.count
                    anchored = None
                append = pieces_append
                append(_PARAGRAPH_START)
                count += 1
                prop = None
                if count > max_paragraphs:
                    self.count = count
                    self._check_chars()  # the text limit, if it was passed first
                    raise too_many_paragraphs(max_paragraphs)
                if careful:
                    ordinal = count - 1
                    if in_box_table:
                        self.in_table[ordinal] = None
                    else:
                        parent = el.getparent()
                        cell = next(el.iterancestors(TC), None) if (
                            parent is not None and parent.tag not in body_like) else None
                        if cell is not None:
                            self.in_table[ordinal] = sum(1 for _ in cell.itersiblings(TC, preceding=True))
                    if all_boxes:
                        anchored = all_boxes.get(el)
                    if mark_deleted and el in mark_deleted:
                        self.deleted_marks.add(ordinal)
            elif append is _ignore:
                continue
            elif tag == TAB or tag == PTAB:
                append("\t")
                self.specials += 1
            elif tag == BR or tag == CR:
                append("\n")
                self.specials += 1
            elif tag == NBH:
                append("-")
                self.specials += 1
            else:
                if prop is None:
                    prop = props[count - 1] = [None, None, None, None, None]
                if tag == PSTYLE:
                    if prop[_STYLE_ID] is None:
                        prop[_STYLE_ID] = el.get(VAL)
                elif tag == OUTLINE:
                    if prop[_OUTLINE] is None:
                        prop[_OUTLINE] = outline_value(el, tags)
                elif tag == NUMPR:
                    if prop[_NUMBERED] is None:
                        prop[_NUMBERED] = True
                elif tag == ILVL:
                    if prop[_ILVL] is None:
                        level = (el.get(VAL) or "").strip()
                        prop[_ILVL] = int(level) if level.isdigit() else None
                else:  # w:numId
                    num_id = (el.get(VAL) or "").strip()
                    if num_id == "0":
                        # numId 0 switches off numbering that the style would otherwise give.
                        prop[_NUMBERED] = False
                    elif prop[_NUM_ID] is None:
                        prop[_NUM_ID] = num_id
        self.count = count
        if anchored:
            self._walk_boxes(anchored, count - 1 in self.in_table)

    def _walk_boxes(self, boxes: list, anchor_in_table: bool) -> None:
        for box in boxes:
            self.has_cells = next(box.iter(self.tags.tc), None) is not None
            self._walk(box, anchor_in_table)

    def _paragraphs(self, texts: list[str]) -> tuple[Paragraph, ...]:
        """The model of the paragraphs read: each paragraph's properties, or its style's where it
        has none of its own (resolved once per distinct set), built column by column."""
        styles = self.styles
        default = styles.default
        plain = (default.name, default.outline_level or None, default.is_list_item, "")
        resolved = {}
        count = self.count
        rows = [plain] * count
        listed = default.is_list_item
        for ordinal, prop in self.props.items():
            key = (prop[0], prop[1], prop[2])
            row = resolved.get(key)
            if row is None:
                style_id, outline, numbered = key
                style = styles.get(style_id) if style_id else default
                if outline is None:
                    outline = style.outline_level
                if numbered is None:
                    numbered = style.is_list_item
                row = resolved[key] = (style.name, outline or None, numbered, "")
                listed = listed or numbered
            rows[ordinal] = row
        if listed:
            self._label(rows)
        cells = self.in_table
        in_table = list(map(cells.__contains__, range(count))) if cells else [False] * count
        columns = list(map(cells.get, range(count))) if cells else [None] * count
        if self.deleted_marks:
            joined = list(zip(in_table, columns))
            texts, rows, joined = _join_deleted_marks(texts, rows, joined, self.deleted_marks, plain)
            in_table = [bool(j and j[0]) for j in joined]
            columns = [j[1] if j else None for j in joined]
            count = len(rows)
        names, outlines, numbered, labels = zip(*rows) if rows else ((), (), (), ())
        return paragraphs_from_columns(range(count), texts, names, outlines, numbered, in_table, labels,
                                       columns)

    def _label(self, rows: list) -> None:
        """Give each numbered paragraph the number Word shows for it (rows[ordinal][3]), counted
        in document order; the list and level are the paragraph's own, else its style's."""
        counter = ListCounter(self.numbering())
        styles, props = self.styles, self.props
        default = styles.default
        ordinals = range(len(rows)) if default.is_list_item else sorted(props)
        for ordinal in ordinals:
            row = rows[ordinal]
            if not row[2]:
                continue
            prop = props.get(ordinal)
            num_id, ilvl = (prop[_NUM_ID], prop[_ILVL]) if prop is not None else (None, None)
            if num_id is None or ilvl is None:
                style = styles.get(prop[_STYLE_ID]) if prop is not None and prop[_STYLE_ID] else default
                own_id, own_level = style.numbering or (None, None)
                num_id = num_id if num_id is not None else own_id
                ilvl = ilvl if ilvl is not None else own_level
            label = counter.label(num_id, ilvl or 0)
            if label:
                rows[ordinal] = row[:3] + (label,)


def _ignore(_piece) -> None:
    pass


def _join_deleted_marks(texts, rows, in_table, deleted: set, plain: tuple):
    """A deleted paragraph mark joins the paragraph's text to the next paragraph, which keeps
    its own properties; text left over at the end is a paragraph of the default style."""
    joined_texts, joined_rows, joined_in_table = [], [], []
    pending = ""
    for ordinal, text in enumerate(texts):
        if pending:
            text = pending + text
            pending = ""
        if ordinal in deleted:
            pending = text
            continue
        joined_texts.append(text)
        joined_rows.append(rows[ordinal])
        joined_in_table.append(in_table[ordinal])
    if pending:
        joined_texts.append(pending)
        joined_rows.append(plain)
        joined_in_table.append(False)
    return joined_texts, joined_rows, joined_in_table



def _attached(element, root) -> bool:
    return any(ancestor is root for ancestor in element.iterancestors())


def too_much_text(limit: int) -> TooLargeError:
    return TooLargeError(
        f"文档正文超过 {limit} 个字符，远超对照检查材料的正常篇幅，已拒绝。请只上传需要检查的材料。",
        f"The document text exceeds {limit} characters, far beyond a normal material; rejected. "
        "Upload only the material to be checked.",
    )


def too_many_paragraphs(limit: int) -> TooLargeError:
    return TooLargeError(
        f"文档超过 {limit} 个段落，远超对照检查材料的正常篇幅，已拒绝。请只上传需要检查的材料。",
        f"The document has more than {limit} paragraphs, far beyond a normal material; rejected. "
        "Upload only the material to be checked.",
    )

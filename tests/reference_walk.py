"""The body walk of the .docx reader (now `addin_server/readers/docx_body.py`) as it was before the reader's fast walk
(commit db085b7), kept as the oracle the fast walk is compared with: every reader test and every
corpus file must give the same model through both (tests/test_docx_reader.py,
tests/test_corpus.py). The walk and the model building are the old code verbatim; the first pass
(`_prune`), unchanged, is the product's. Not used by the product."""
from __future__ import annotations

from addin_server.model import Document, Paragraph
from addin_server.readers import docx_file, docx_package
from addin_server.readers.docx_body import Walker, too_many_paragraphs, too_much_text
from addin_server.readers.docx_styles import StyleTable, read_styles
from addin_server.readers.docx_tags import Tags, outline_value, tags_for
from addin_server.readers.docx_xml import parse_tree


def without_labels(document: Document) -> Document:
    """`document` as the old walk models it: it predates Paragraph.list_label (Word's automatic
    numbers, tested on their own in tests/test_list_labels.py and tests/test_docx_reader.py) and
    Paragraph.table_column (tests/test_docx_reader.py)."""
    import dataclasses

    return Document(tuple(dataclasses.replace(p, list_label="", table_column=None)
                          if p.list_label or p.table_column is not None else p
                          for p in document.paragraphs))


def reference_read(data: bytes, *, max_paragraphs: int = docx_file.DEFAULT_MAX_PARAGRAPHS,
                   max_chars: int = docx_file.DEFAULT_MAX_CHARS, **limits) -> Document:
    """`read_docx` with the main part always held as one tree and read by the old walk."""
    package = docx_package.Package(
        bytes(data), limits.get("max_uncompressed", docx_package.DEFAULT_MAX_UNCOMPRESSED),
        limits.get("max_entries", docx_package.DEFAULT_MAX_ENTRIES),
        limits.get("max_ratio", docx_package.DEFAULT_MAX_RATIO))
    main_name = package.main_document_name()
    # any size: the oracle always holds the tree (the product streams a large one)
    root = parse_tree(package.read(package.info(main_name)), main_name)
    tags = tags_for(root, main_name)
    return ReferenceWalker(tags, read_styles(package, main_name, tags), max_paragraphs, max_chars).read(root)



# A paragraph being read is a small list (cheaper to make than an object, and made per paragraph).
_PARTS, _STYLE_ID, _OUTLINE, _NUMBERED, _IN_TABLE, _MARK_DELETED = range(6)


class ReferenceWalker:
    """Two passes over the main part, both `iter(tags…)` filtered in C.

    The first (`_prune`) finds the few elements that change what the second must do: subtrees
    that are not visible text are removed, paragraphs whose mark was deleted are noted, and text
    boxes (paragraphs inside a paragraph) are detached and remembered by their anchor paragraph.
    The second (`_walk`) then sees flat paragraphs: each ends where the next one starts.
    """

    def __init__(self, tags: Tags, styles: StyleTable, max_paragraphs: int, max_chars: int):
        self.tags = tags
        self.styles = styles
        self.max_paragraphs = max_paragraphs
        self.max_chars = max_chars
        self.walk_tags = (tags.t, tags.p, tags.tab, tags.br, tags.cr, tags.ptab, tags.no_break_hyphen,
                          tags.pStyle, tags.outlineLvl, tags.numPr, tags.numId)
        self.prune_tags = (tags.del_, tags.moveFrom, tags.fallback, tags.rt, tags.tabs, tags.pPrChange,
                           tags.txbxContent)
        self.mark_deleted: set = set()
        self.boxes: dict = {}
        self.opened: list[list] = []
        self.chars = 0

    def read(self, root) -> Document:
        self.read_batch(root)
        return self.finish()

    def read_batch(self, container) -> None:
        """Read the paragraphs of `container` (the whole document, or a batch of completed
        blocks when streaming) after those read before."""
        self._prune(container)
        self._walk(container, self.opened, False)
        # keyed by elements of this batch: keeping them would keep the batch's tree alive
        self.mark_deleted = set()
        self.boxes = {}

    def finish(self) -> Document:
        return Document(tuple(self._paragraphs(self.opened)))

    # The first pass did not change (the fast walk's also notes whether there are table cells,
    # which this walk never asks): the product's serves both.
    _prune = Walker._prune

    def _walk(self, container, opened: list, in_box_table: bool) -> None:
        tags = self.tags
        T, P = tags.t, tags.p
        TAB, PTAB, BR, CR, NBH = tags.tab, tags.ptab, tags.br, tags.cr, tags.no_break_hyphen
        PSTYLE, OUTLINE, NUMPR, NUMID, TC, VAL = (
            tags.pStyle, tags.outlineLvl, tags.numPr, tags.numId, tags.tc, tags.val)
        body_like = (tags.body, tags.document)
        max_paragraphs = self.max_paragraphs
        max_chars = self.max_chars
        chars = self.chars
        all_boxes = self.boxes
        current = None
        anchored = None
        for el in container.iter(self.walk_tags):
            tag = el.tag
            if tag == T:
                text = el.text
                if text and current is not None:
                    current[_PARTS].append(text)
                    chars += len(text)
                    if chars > max_chars:
                        raise too_much_text(max_chars)
            elif tag == P:
                if anchored:
                    self.chars = chars
                    self._walk_boxes(anchored, opened, current[_IN_TABLE])
                    chars = self.chars
                    anchored = None
                parent = el.getparent()
                if in_box_table:
                    in_table = True
                elif parent is None or parent.tag in body_like:
                    in_table = False
                else:
                    in_table = next(el.iterancestors(TC), None) is not None
                current = [[], None, None, None, in_table, False]
                opened.append(current)
                if len(opened) > max_paragraphs:
                    raise too_many_paragraphs(max_paragraphs)
                if all_boxes:
                    anchored = all_boxes.get(el)
                if self.mark_deleted and el in self.mark_deleted:
                    current[_MARK_DELETED] = True
            elif current is None:
                continue
            elif tag == TAB or tag == PTAB:
                current[_PARTS].append("\t")
            elif tag == BR or tag == CR:
                current[_PARTS].append("\n")
            elif tag == NBH:
                current[_PARTS].append("-")
            elif tag == PSTYLE:
                if current[_STYLE_ID] is None:
                    current[_STYLE_ID] = el.get(VAL)
            elif tag == OUTLINE:
                if current[_OUTLINE] is None:
                    current[_OUTLINE] = outline_value(el, tags)
            elif tag == NUMPR:
                if current[_NUMBERED] is None:
                    current[_NUMBERED] = True
            elif tag == NUMID:
                # numId 0 switches off numbering that the style would otherwise give.
                if (el.get(VAL) or "").strip() == "0":
                    current[_NUMBERED] = False
        self.chars = chars
        if anchored:
            self._walk_boxes(anchored, opened, current[_IN_TABLE])

    def _walk_boxes(self, boxes: list, opened: list, anchor_in_table: bool) -> None:
        for box in boxes:
            self._walk(box, opened, anchor_in_table)

    def _paragraphs(self, opened: list):
        styles = self.styles
        default = styles.default
        cache = {}
        pending = ""  # a deleted paragraph mark joins the paragraph's text to the next one
        index = 0
        for parts, style_id, outline, numbered, in_table, mark_deleted in opened:
            text = "".join(parts)
            if pending:
                text = pending + text
                pending = ""
            if mark_deleted:
                pending = text
                continue
            if style_id:
                style = cache.get(style_id)
                if style is None:
                    style = cache[style_id] = styles.get(style_id)
            else:
                style = default
            if outline is None:
                outline = style.outline_level
            if numbered is None:
                numbered = style.is_list_item
            yield Paragraph(index, text, style.name, outline or None, numbered, in_table)
            index += 1
        if pending:
            yield Paragraph(index, pending, default.name, default.outline_level or None,
                            default.is_list_item, False)


"""WordprocessingML's vocabulary, the part of python-docx's `oxml` the reader needs: the tag names
in either namespace, what a main part's root element says the file is, and the readings of one
element shared by the styles and the body walk.

May touch: lxml elements' tags and attributes. May not touch: the package or its bytes, styles
inheritance, the document model.

ISO Strict OOXML (purl.oclc.org namespaces) is read by using the same tag names in its namespace.
"""
from __future__ import annotations

from .errors import MissingPartError, NotDocxError

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


class Tags:
    """Clark names of the WordprocessingML tags the reader uses, built once per namespace."""

    def __init__(self, ns: str):
        def q(local: str) -> str:
            return f"{{{ns}}}{local}"

        self.document = q("document")
        self.p = q("p")
        self.t = q("t")
        self.tab = q("tab")
        self.ptab = q("ptab")
        self.tabs = q("tabs")
        self.br = q("br")
        self.cr = q("cr")
        self.no_break_hyphen = q("noBreakHyphen")
        self.tc = q("tc")
        self.tr = q("tr")
        self.trPr = q("trPr")
        self.body = q("body")
        self.pPr = q("pPr")
        self.rPr = q("rPr")
        self.pStyle = q("pStyle")
        self.outlineLvl = q("outlineLvl")
        self.numPr = q("numPr")
        self.numId = q("numId")
        self.ilvl = q("ilvl")
        self.del_ = q("del")
        self.moveFrom = q("moveFrom")
        self.rt = q("rt")
        self.pPrChange = q("pPrChange")
        self.txbxContent = q("txbxContent")
        self.style = q("style")
        self.name = q("name")
        self.basedOn = q("basedOn")
        self.val = q("val")
        self.type = q("type")
        self.styleId = q("styleId")
        self.default = q("default")
        self.fallback = f"{{{MC_NS}}}Fallback"


_TAGS = {W_TRANSITIONAL: Tags(W_TRANSITIONAL), W_STRICT: Tags(W_STRICT)}


def tags_for(root, main_name: str) -> Tags:
    """The tag names of the main part whose root element is `root`, or a DocumentError saying
    what the part is when it is not a Word document."""
    return _tags_for_tag(root.tag if isinstance(root.tag, str) else "", main_name)


def _tags_for_tag(tag: str, main_name: str) -> Tags:
    ns, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    tags = _TAGS.get(ns)
    if tags is not None and local == "document":
        return tags
    if local == "workbook":
        raise NotDocxError("这是 Excel 工作簿，不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                           "This is an Excel workbook, not a Word document. Upload the material as .docx.")
    if local == "presentation":
        raise NotDocxError("这是 PowerPoint 演示文稿，不是 Word 文档。请上传 .docx 格式的对照检查材料。",
                           "This is a PowerPoint presentation, not a Word document. Upload the material as .docx.")
    raise MissingPartError(
        f"文件中找不到 Word 正文：文件的主体不是 Word 文档内容。请在 Word 或 WPS 中打开并另存为 .docx 后再上传。",
        f"No Word document body found: the main part {main_name} is not Word content (<{local or '?'}>). "
        "Open the file in Word or WPS, save it as .docx, and upload again.",
    )


def outline_value(element, tags: Tags):
    """w:outlineLvl is 0-based with 9 meaning body text: → 1..9, 0 for 'explicitly body', None."""
    if element is None:
        return None
    value = element.get(tags.val, "")
    if value.isdigit():
        level = int(value) + 1
        return level if 1 <= level <= 9 else 0
    return None


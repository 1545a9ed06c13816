"""marshmallow schemas: what the API accepts and returns; the OpenAPI document is built from them.

Response schemas mirror the engine's ``to_dict()`` output exactly (every key required, nullable
where the engine may give None), so schemathesis can hold the responses to them.
"""
from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate

from werkzeug.datastructures import FileStorage

from ..finding_codes import CODES, SEVERITIES
from ..frameworks import list_frameworks
from ..frameworks.loader import ORIGINS, SECTION_ROLES
from ..readers.json_paragraphs import MAX_LIST_LABEL, MAX_TABLE_COLUMNS


class StrictBoolean(fields.Boolean):
    """JSON true/false only; marshmallow's Boolean would also take "yes" or 1."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise ValidationError("Not a valid boolean.")
        return value


def _int(**kwargs):
    return fields.Integer(strict=True, **kwargs)


def _doc(text: str) -> dict:
    return {"description": text}


def _framework_id(nullable: bool):
    """A framework id, or "auto". The spec's enum lists the frameworks known when the server
    started; frameworks installed while it runs (the user and organisation folders) are accepted
    too, so the value is checked by the engine (an unknown id is a 400 naming the field), not by
    the enum. Form fields and query parameters have no null, so there it is simply optional."""
    ids = [f.id for f in list_frameworks()]
    extra = {"load_default": None, "allow_none": True} if nullable else {}
    return fields.String(validate=validate.Length(min=1, max=64), metadata={**_doc(
        "Framework id (GET /api/frameworks lists them), or \"auto\": recognise the framework "
        "from the document's headings (for checks and fills the default when absent, unless "
        "the configuration pins one; elsewhere absent means the default framework)"),
        # OpenAPI 3.0 wants null in the enum of a nullable field, or null is not allowed after all.
        "enum": [*ids, "auto", *([None] if nullable else [])]}, **extra)


# ---- errors -------------------------------------------------------------------------------

class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata=_doc("Stable machine-readable error code"))
    message = fields.String(required=True, metadata=_doc("Message for people (中文 / English)"))
    fields_ = fields.Dict(
        data_key="fields", attribute="fields", required=True,
        keys=fields.String(), values=fields.List(fields.String()),
        metadata=_doc("Dotted field path → messages; empty when not about a field"))


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


# ---- frameworks ---------------------------------------------------------------------------

class DimensionSchema(Schema):
    key = fields.String(required=True)
    title = fields.String(required=True)
    synonyms = fields.List(fields.String(), required=True)
    guidance = fields.String(required=True)
    names = fields.List(fields.String(), required=True, metadata=_doc(
        "Every name a heading may use: the wording's stem, the synonyms, names derived from the wording"))


class SectionSchema(Schema):
    key = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(SECTION_ROLES))
    title = fields.String(required=True)
    synonyms = fields.List(fields.String(), required=True)
    required = fields.Boolean(required=True)


class LengthSchema(Schema):
    min = fields.Integer(required=True)
    max = fields.Integer(required=True)


class FrameworkSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    meeting_type = fields.String(required=True)
    year = fields.Integer(required=True)
    description = fields.String(required=True)
    default = fields.Boolean(required=True)
    min_items = fields.Integer(required=True)
    length = fields.Nested(LengthSchema, required=True)
    dimensions = fields.List(fields.Nested(DimensionSchema), required=True)
    sections = fields.List(fields.Nested(SectionSchema), required=True)
    disabled_checks = fields.List(fields.String(), required=True,
                                  metadata=_doc("Finding codes this framework switches off"))
    document_title = fields.String(required=True,
                                   metadata=_doc("Title of a material for this framework; the "
                                                 "scaffold's default (lines split by \\n)"))
    source = fields.String(required=True, metadata=_doc(
        "Where the aspects were published (a notice, a news report); may be empty"))
    origin = fields.String(required=True, validate=validate.OneOf(ORIGINS), metadata=_doc(
        "shipped (with the product), organisation (the configured folder) or user (your own)"))


class LoadProblemSchema(Schema):
    origin = fields.String(required=True, validate=validate.OneOf(ORIGINS))
    path = fields.String(required=True, metadata=_doc("The file that was skipped"))
    message = fields.String(required=True, metadata=_doc("What is wrong, naming file and field"))


class FrameworkListSchema(Schema):
    default = fields.String(required=True, metadata=_doc(
        "Id of the default framework (used where a framework must be named, e.g. a scaffold)"))
    check_default = fields.String(required=True, metadata=_doc(
        "What a check uses when none is named: \"auto\" unless the configuration pins an id"))
    frameworks = fields.List(fields.Nested(FrameworkSchema), required=True)
    problems = fields.List(fields.Nested(LoadProblemSchema), required=True, metadata=_doc(
        "Framework files in the organisation or user folder that were skipped, and why"))


# ---- check --------------------------------------------------------------------------------

class ParagraphSchema(Schema):
    """One paragraph as the task pane reads it from Word."""

    class Meta:
        # Word may grow more paragraph properties; the pane forwarding them must not break.
        unknown = EXCLUDE

    text = fields.String(required=True)
    style = fields.String(load_default="", metadata=_doc("Style name, e.g. 'Heading 2' / '标题 2'"))
    outlineLevel = _int(load_default=None, allow_none=True,
                        metadata=_doc("Word outline level: 1..9 headings, 10 body text"))
    isListItem = StrictBoolean(load_default=False)
    tableNestingLevel = _int(load_default=0, validate=validate.Range(min=0),
                             metadata=_doc("0 outside tables"))
    listString = fields.String(load_default="", validate=validate.Length(max=MAX_LIST_LABEL), metadata=_doc(
        "The number Word's automatic numbering shows before the text (ListItem.listString), "
        "e.g. '（一）'; empty when the paragraph has none"))
    tableColumn = _int(load_default=None, allow_none=True, validate=validate.Range(min=0, max=MAX_TABLE_COLUMNS), metadata=_doc(
        "In a table: the cell's place in its row (TableCell.cellIndex), 0 the first"))


def _plain_paragraph(item) -> dict | None:
    """What ParagraphSchema().load(item) gives, when `item` has exactly the documented types
    (else None: let the schema decide and word the error)."""
    if type(item) is not dict:
        return None
    text = item.get("text")
    style = item.get("style", "")
    level = item.get("outlineLevel")
    is_list_item = item.get("isListItem", False)
    nesting = item.get("tableNestingLevel", 0)
    label = item.get("listString", "")
    column = item.get("tableColumn")
    if (type(text) is str and type(style) is str and (level is None or type(level) is int)
            and type(is_list_item) is bool and type(nesting) is int and nesting >= 0
            and type(label) is str and len(label) <= MAX_LIST_LABEL
            and (column is None or (type(column) is int and 0 <= column <= MAX_TABLE_COLUMNS))):
        return {"text": text, "style": style, "outlineLevel": level, "isListItem": is_list_item,
                "tableNestingLevel": nesting, "listString": label, "tableColumn": column}
    return None


class ParagraphList(fields.List):
    """A list of ParagraphSchema (and so documented). The pane sends every paragraph on every
    check and the nested schema costs ~10 µs each; a paragraph of exactly the documented types
    is loaded directly, to the same dict (tests/test_api_fast_paths.py), and anything else goes
    through the schema, with its error messages."""

    def __init__(self, **kwargs):
        super().__init__(fields.Nested(ParagraphSchema), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if type(value) is list and not kwargs.get("partial"):
            plain = [_plain_paragraph(item) for item in value]
            if all(p is not None for p in plain):
                return plain
        return super()._deserialize(value, attr, data, **kwargs)


class FrameworkDraftSchema(Schema):
    """A framework to make: its title and aspect lines (as a notice prints them), or the open
    document's paragraphs, whose headings in 存在问题 become the aspects."""

    class Meta:
        unknown = RAISE

    title = fields.String(required=True, validate=validate.Length(min=1, max=60))
    aspects = fields.List(fields.String(validate=validate.Length(max=2000)), load_default=list,
                          validate=validate.Length(max=50), metadata=_doc(
                              "Aspect lines, with or without （一）/1. numbering and 方面"))
    paragraphs = ParagraphList(load_default=None, allow_none=True, metadata=_doc(
        "The document's paragraphs: its headings in 存在问题 are used when aspects is empty"))
    meeting_type = fields.String(load_default="民主生活会",
                                 validate=validate.OneOf(("民主生活会", "组织生活会")))
    year = _int(load_default=None, allow_none=True, validate=validate.Range(min=2000, max=2100))
    id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    source = fields.String(load_default="", validate=validate.Length(max=200))
    replace = StrictBoolean(load_default=False, metadata=_doc("Replace a user framework of that id"))


class CheckRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    framework = _framework_id(nullable=True)
    paragraphs = ParagraphList(required=True)
    disabled = fields.List(fields.String(validate=validate.OneOf(sorted(CODES))), load_default=list,
                           metadata=_doc("Finding codes to leave out"))


def _is_upload(value) -> None:
    if not isinstance(value, FileStorage):
        raise ValidationError("Not a file upload.")


class CheckUploadSchema(Schema):
    file = Upload(required=True, validate=_is_upload, metadata=_doc("The .docx file"))
    framework = _framework_id(nullable=False)
    disabled = fields.List(fields.String(validate=validate.OneOf(sorted(CODES))), load_default=list,
                           metadata=_doc("Finding codes to leave out"))


class EditSchema(Schema):
    paragraph = _int(required=True, validate=validate.Range(min=0), metadata=_doc(
        "0-based paragraph index (people are shown it 1-based: 第 paragraph+1 段)"))
    start = _int(required=True, validate=validate.Range(min=0),
                 metadata=_doc("First character replaced (code points)"))
    end = _int(required=True, validate=validate.Range(min=0),
               metadata=_doc("One past the last character replaced"))
    replacement = fields.String(required=True, validate=validate.Length(max=1000))


MAX_EDITS = 10_000


class EditsJson(fields.String):
    """A JSON list of edits in a form field (multipart has no JSON of its own): the page sends the
    edits of the findings a writer chose to fix."""

    def _deserialize(self, value, attr, data, **kwargs):
        import json

        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) > 200 * MAX_EDITS:
            raise ValidationError(f"最多 {MAX_EDITS} 处改正")
        try:
            items = json.loads(text)
        except ValueError:
            raise ValidationError("须为改正的 JSON 列表") from None
        if not isinstance(items, list) or len(items) > MAX_EDITS:
            raise ValidationError(f"须为改正的 JSON 列表（最多 {MAX_EDITS} 处）")
        edits = EditSchema(many=True).load(items)
        for i, edit in enumerate(edits):
            if edit["end"] < edit["start"]:
                raise ValidationError({i: {"end": ["不能小于 start"]}})
        return edits


class FixUploadSchema(CheckUploadSchema):
    codes = fields.List(fields.String(validate=validate.OneOf(sorted(CODES))), load_default=None,
                        metadata=_doc("Fix only findings of these codes (default: every code)"))
    unsafe = fields.Boolean(load_default=False, metadata=_doc(
        "Also apply fixes marked not safe (suggestions the writer should confirm)"))
    edits = EditsJson(load_default=None, metadata=_doc(
        "Instead of codes: a JSON list of edits [{paragraph, start, end, replacement}] to apply, "
        "e.g. those of the findings a writer chose to fix (from a check of the same file)"))


class FixSchema(Schema):
    edits = fields.List(fields.Nested(EditSchema), required=True)
    safe = fields.Boolean(required=True, metadata=_doc("Mechanical: may be applied without a look"))
    label = fields.String(required=True)


class FindingSchema(Schema):
    code = fields.String(required=True, validate=validate.OneOf(sorted(CODES)))
    message = fields.String(required=True, metadata=_doc(
        "For the writer, in Chinese: what is wrong and what to do, quoting the text concerned"))
    paragraph = fields.Integer(required=True, allow_none=True, metadata=_doc(
        "0-based index of the first paragraph concerned (shown to people 1-based); null: the whole text"))
    end_paragraph = fields.Integer(required=True, allow_none=True, metadata=_doc(
        "0-based index of the range's last paragraph (inclusive); null: one paragraph"))
    dimension = fields.String(required=True, allow_none=True)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    severity_label = fields.String(required=True, metadata=_doc(
        "The severity as every surface names it: 需要修改 (error), 建议修改 (warning), 提示 (info)"))
    fix = fields.Nested(FixSchema, required=True, allow_none=True)
    details = fields.String(required=True, allow_none=True,
                            metadata=_doc("Technical details (scores, shared words) for reviewers"))
    subject = fields.String(required=True, allow_none=True, metadata=_doc(
        "The text the finding is about, as written, when a front end acts on it (remedy.unmatched: "
        "the problem; send it as a selection's `problem` to quote it in the new measure); else null"))


class CodeSchema(Schema):
    code = fields.String(required=True)
    severity = fields.String(required=True, validate=validate.OneOf(SEVERITIES))
    description = fields.String(required=True, metadata=_doc("What the kind of finding is, in Chinese"))


class CodeListSchema(Schema):
    codes = fields.List(fields.Nested(CodeSchema), required=True)


class DimensionStatusSchema(Schema):
    key = fields.String(required=True)
    title = fields.String(required=True)
    present = fields.Boolean(required=True)
    paragraph = fields.Integer(required=True, allow_none=True)
    end_paragraph = fields.Integer(required=True, allow_none=True)
    item_count = fields.Integer(required=True, metadata=_doc(
        "Written items; an item that is only a 【请填写：…】 placeholder is not counted"))
    items = fields.List(fields.Integer(), required=True)
    item_texts = fields.List(fields.String(), required=True)
    fuzzy = fields.Boolean(required=True, metadata=_doc(
        "Found by a heading close to the aspect's wording (相近标题), not by one of its names"))
    unfilled_count = fields.Integer(required=True, metadata=_doc("Items still only a placeholder"))
    evidence = fields.String(required=True, allow_none=True, validate=validate.OneOf(
        ("name", "derived", "thesaurus", "close", "order")), metadata=_doc(
        "How the heading was told to be this aspect, strongest first: one of its names, a name "
        "derived from its wording, the genre's thesaurus, words close to the wording, its place "
        "among as many headings as aspects; null when missing"))
    evidence_note = fields.String(required=True, allow_none=True, metadata=_doc(
        "The same in plain Chinese, e.g. 按顺序对应"))


class SectionStatusSchema(Schema):
    key = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(SECTION_ROLES))
    title = fields.String(required=True)
    required = fields.Boolean(required=True)
    present = fields.Boolean(required=True)
    paragraph = fields.Integer(required=True, allow_none=True)
    end_paragraph = fields.Integer(required=True, allow_none=True)


class CountsSchema(Schema):
    error = fields.Integer(required=True)
    warning = fields.Integer(required=True)
    info = fields.Integer(required=True)


class RecognitionSchema(Schema):
    """How the framework was chosen when the check was asked to recognise it ("auto")."""
    framework = fields.String(required=True, metadata=_doc("Id of the framework used"))
    title = fields.String(required=True)
    score = fields.Float(required=True, metadata=_doc("0..1: how well its aspects match the headings"))
    reason = fields.String(required=True, metadata=_doc(
        "Plain Chinese, e.g. 按文中标题识别为2025年度民主生活会（五个带头）：5 个方面标题全部吻合"))
    runner_up = fields.String(required=True, allow_none=True, metadata=_doc("Id of the next best"))
    runner_up_title = fields.String(required=True, allow_none=True)
    runner_up_score = fields.Float(required=True)
    fuzzy = fields.Boolean(required=True, metadata=_doc("Some aspects matched by 相近标题 only"))
    fits = fields.Boolean(required=True, metadata=_doc(
        "False when no known framework fits the headings (offer to make one from them)"))
    matched = fields.Integer(required=True, metadata=_doc("Aspects of the framework found"))
    total = fields.Integer(required=True, metadata=_doc("Aspects the framework has"))
    headings = fields.List(fields.String(), required=True, metadata=_doc(
        "Headings of 存在问题 that name no aspect of the framework (all of them when none fits)"))


class VerdictGroupSchema(Schema):
    action = fields.String(required=True, metadata=_doc("补写, 填写, 改正, 写措施, 充实 or 核对"))
    title = fields.String(required=True, metadata=_doc("The group's heading, e.g. 改正错字、标点和序号"))
    count = fields.Integer(required=True)
    findings = fields.List(fields.Integer(), required=True, metadata=_doc("Indexes into `findings`"))
    safe_fixes = fields.Integer(required=True, metadata=_doc("How many 全部改正 corrects at once"))


class VerdictSchema(Schema):
    state = fields.String(required=True, validate=validate.OneOf(("incomplete", "to_fill", "to_improve", "ready")))
    line = fields.String(required=True, metadata=_doc(
        "Where the writer stands, in one line: 结构完整，还有 25 处待填写 / 结构不完整，还差 1 个方面；…"))
    to_fill = fields.Integer(required=True, metadata=_doc("【请填写】 places left, counted apart from real findings"))
    groups = fields.List(fields.Nested(VerdictGroupSchema), required=True, metadata=_doc(
        "The findings by what the writer does about them, most important first"))


class ReportSchema(Schema):
    framework = fields.String(required=True)
    complete = fields.Boolean(required=True, metadata=_doc("No finding of severity error"))
    title = fields.String(required=True, allow_none=True)
    paragraph_count = fields.Integer(required=True)
    char_count = fields.Integer(required=True)
    counts = fields.Nested(CountsSchema, required=True)
    verdict = fields.Nested(VerdictSchema, required=True)
    sections = fields.List(fields.Nested(SectionStatusSchema), required=True)
    dimensions = fields.List(fields.Nested(DimensionStatusSchema), required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
    stats = fields.Dict(keys=fields.String(), required=True,
                        metadata=_doc("Extra numbers the checker reports"))
    recognition = fields.Nested(RecognitionSchema, required=True, allow_none=True, metadata=_doc(
        "How the framework was recognised; null when the request named a framework"))


# ---- rendering ----------------------------------------------------------------------------

class DownloadQuerySchema(Schema):
    download = fields.Boolean(load_default=False,
                              metadata=_doc("Return the .docx itself instead of base64 JSON"))


class RenderedFileSchema(Schema):
    filename = fields.String(required=True)
    base64 = fields.String(required=True, metadata=_doc(
        "The .docx, base64-encoded (for Office.js insertFileFromBase64)"))


class FixedFileSchema(RenderedFileSchema):
    applied = fields.Integer(required=True, metadata=_doc("Edits made"))
    skipped = fields.Integer(required=True, metadata=_doc(
        "Edits that could not be placed in the file (the findings stay for the writer)"))


class ScaffoldFileSchema(RenderedFileSchema):
    outline = fields.List(fields.String(), required=True, metadata=_doc(
        "What the scaffold holds, a line each (title, each section with its aspects or items, "
        "the paragraph count): the preview the writer confirms before it is inserted"))


class ScaffoldRequestSchema(Schema):
    """Types only: the renderer validates the values (lengths, section keys) in one place."""

    class Meta:
        unknown = RAISE

    framework = _framework_id(nullable=True)
    title = fields.String(load_default=None, allow_none=True,
                          metadata=_doc("Document title; absent: derived from the framework"))
    author = fields.String(load_default=None, allow_none=True,
                           metadata=_doc("Name; absent: a placeholder to fill in"))
    position = fields.String(load_default=None, allow_none=True,
                             metadata=_doc("Position; absent: a placeholder to fill in"))
    items_per_dimension = _int(load_default=3, validate=validate.Range(min=1, max=10))
    optional_sections = fields.List(fields.String(), load_default=list,
                                    metadata=_doc("Keys of optional sections (role other)"))
    include_title = StrictBoolean(load_default=True)


class HealthSchema(Schema):
    status = fields.String(required=True)
    version = fields.String(required=True)


# ---- remedies (the Remedy shape mirrors addin_server.remedies' to_dict()) ------------------

class RemedyParameterSchema(Schema):
    name = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(("str", "int", "date")))
    label = fields.String(required=True)
    default = fields.Raw(required=True, allow_none=True,
                         metadata=_doc("Default value (text, integer or ISO date), or null"))
    required = fields.Boolean(required=True)


class RemedySchema(Schema):
    id = fields.String(required=True)
    framework_id = fields.String(required=True)
    dimension = fields.String(required=True)
    title = fields.String(required=True)
    text = fields.String(required=True, metadata=_doc("Template text with {{ parameter }} slots"))
    parameters = fields.List(fields.Nested(RemedyParameterSchema), required=True)
    keywords = fields.List(fields.String(), required=True)


class RemedyListQuerySchema(Schema):
    framework = _framework_id(nullable=False)
    dimension = fields.String(metadata=_doc("Dimension key of the framework"))


class RemedyListSchema(Schema):
    framework = fields.String(required=True)
    remedies = fields.List(fields.Nested(RemedySchema), required=True)


class RankRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    framework = _framework_id(nullable=True)
    dimension = fields.String(required=True)
    problems = fields.List(fields.String(), required=True, validate=validate.Length(max=200),
                           metadata=_doc("Problem texts the remedies should answer: a dimension's "
                                         "items, or the one problem of a remedy.unmatched finding"))
    paragraphs = ParagraphList(load_default=None, allow_none=True, metadata=_doc(
        "The document's paragraphs, as for /api/check: remedies its 整改措施 already has (same "
        "theme, similar words) are left out of the results and listed in `already_written`"))


class RankedRemedySchema(Schema):
    remedy = fields.Nested(RemedySchema, required=True)
    score = fields.Float(required=True)
    matched_terms = fields.List(fields.String(), required=True)


class RankResponseSchema(Schema):
    framework = fields.String(required=True)
    dimension = fields.String(required=True)
    results = fields.List(fields.Nested(RankedRemedySchema), required=True)
    already_written = fields.List(fields.String(), required=True, metadata=_doc(
        "Ids of the dimension's remedies left out because the document already has them"))


class SelectionSchema(Schema):
    class Meta:
        unknown = RAISE

    dimension = fields.String(required=True)
    remedy_id = fields.String(required=True)
    params = fields.Dict(keys=fields.String(), load_default=dict,
                         metadata=_doc("Parameter name → value (text, integer, or ISO date)"))
    problem = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000),
                            metadata=_doc(
        "The problem this remedy answers, as written (a remedy.unmatched finding's `subject`): "
        "the measure opens with its words (针对“……”的问题，) and the 整改清单 names it"))


class RenderRemediesRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    framework = _framework_id(nullable=True)
    # as many as the renderer takes (render.remedies.MAX_SELECTIONS, which tests hold this to)
    selections = fields.List(fields.Nested(SelectionSchema), required=True,
                             validate=validate.Length(min=1, max=60))
    with_table = StrictBoolean(load_default=False)


# ---- fill: insert into the writer's own document (render/plan.py, render/fill.py) ----------

_ADD_MISSING_DOC = _doc("Insert every part the document lacks (sections, dimensions)")
_PARTS_DOC = _doc("Only these missing parts: section:<key> or dimension:<key> (the pane's 在此补写)")
_ITEMS_DOC = _doc("Placeholder items per inserted dimension (at least the framework's minimum)")


class FillPlanRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    framework = _framework_id(nullable=True)
    paragraphs = ParagraphList(required=True)
    add_missing = StrictBoolean(load_default=False, metadata=_ADD_MISSING_DOC)
    parts = fields.List(fields.String(), load_default=list, validate=validate.Length(max=50),
                        metadata=_PARTS_DOC)
    selections = fields.List(fields.Nested(SelectionSchema), load_default=list,
                             validate=validate.Length(max=60),
                             metadata=_doc("Remedies to add under 整改措施, numbered on from it"))
    items_per_dimension = _int(load_default=2, validate=validate.Range(min=1, max=10),
                               metadata=_ITEMS_DOC)


class NewParagraphSchema(Schema):
    text = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(("section", "dimension", "item", "measure_heading")),
                         metadata=_doc("section / dimension heading, an item (a measure's paragraph), or "
                                       "measure_heading: a measure's own numbered heading where the "
                                       "writer's measures are headings each followed by a paragraph"))
    like = fields.Integer(required=True, allow_none=True, metadata=_doc(
        "Index of the paragraph whose formatting the new one takes; null: none fits"))
    level = fields.Integer(required=True, metadata=_doc("1 section heading, 2 dimension heading, 0 body"))
    new_list = fields.Boolean(required=True, metadata=_doc(
        "Numbered by Word like `like` but starting again at 1 (the first item of a new aspect "
        "where the writer's lists restart under each heading)"))
    lead = fields.Integer(required=True, metadata=_doc(
        "A run-in aspect's opening (「（二）在……方面。」 before its items): its length in `text`, to take "
        "the look of the model's opening (bold, as writers set it); 0: one look for the whole paragraph"))


class ClosingCutSchema(Schema):
    headEnd = fields.Integer(required=True, metadata=_doc("The anchor keeps anchorText[:headEnd] (code points)"))
    tailStart = fields.Integer(required=True, metadata=_doc(
        "anchorText[tailStart:] becomes a paragraph of its own after the new ones (between: at most a soft break)"))
    tail = fields.String(required=True, metadata=_doc("That text: the closing sentence, as written"))


class CutSchema(Schema):
    at = fields.Integer(required=True, metadata=_doc(
        "The anchor keeps anchorText[:at] (code points, the text after the plan's renumbering)"))
    resume = fields.Integer(required=True, metadata=_doc(
        "anchorText[resume:] becomes a paragraph of its own after the new ones, its runs and look "
        "kept; what lies between (a soft line break, blanks) goes"))
    softBreak = fields.Boolean(required=True, metadata=_doc(
        "The cut takes out a soft line break (a line of the paragraph ends there); otherwise it "
        "is inside a line (a closing sentence typed on after the last measure)"))
    tail = fields.String(required=True, metadata=_doc("anchorText[resume:], as written"))


class InsertionSchema(Schema):
    after = fields.Integer(required=True, metadata=_doc(
        "Index of the paragraph the new ones follow; -1: the start of the document"))
    anchorText = fields.String(required=True, metadata=_doc(
        "That paragraph's text when planned, after the plan's renumbering (which a host applies first)"))
    parts = fields.List(fields.String(), required=True)
    label = fields.String(required=True, metadata=_doc("What it adds, for people"))
    where = fields.String(required=True, metadata=_doc(
        "Where it goes, for people: 在“三是……”之后、结束语“以上对照检查……”之前"))
    cut = fields.Nested(CutSchema, required=True, allow_none=True, metadata=_doc(
        "The anchor cut in two, the new paragraphs between its halves: at a soft line break, or "
        "before a closing sentence typed at the end of the last paragraph; null: after the whole "
        "anchor"))
    closingCut = fields.Nested(ClosingCutSchema, required=True, allow_none=True, metadata=_doc(
        "The older form of a `cut` inside a line (kept for existing clients): headEnd = cut.at, "
        "tailStart = cut.resume; null otherwise"))
    split = fields.Integer(required=True, allow_none=True, metadata=_doc(
        "The older form of a `cut` at a soft break (kept for existing clients): how many soft "
        "breaks of the anchor come before the one cut; null otherwise"))
    paragraphs = fields.List(fields.Nested(NewParagraphSchema), required=True)


class ChecklistRowsSchema(Schema):
    lastRow = fields.Integer(required=True, metadata=_doc(
        "Index of the paragraph in the first cell of the attached 整改清单's last row"))
    anchorText = fields.String(required=True, metadata=_doc("That paragraph's text when planned"))
    rows = fields.List(fields.List(fields.String()), required=True, metadata=_doc(
        "Each new row's cell texts by column (序号, the measure, 责任人, 完成时限 where the table "
        "has them; other cells empty)"))
    line = fields.String(required=True, metadata=_doc("What is added, for people"))
    place = fields.String(required=True, validate=validate.OneOf(["attachment", "measures"]), metadata=_doc(
        "attachment: the 整改清单 attached after the back matter, rows besides the measures inserted "
        "as paragraphs; measures: the 整改措施 are themselves this table, the rows are the new measures"))


class DefaultValueSchema(Schema):
    label = fields.String(required=True, metadata=_doc("The parameter's label in the remedy form"))
    value = fields.String(required=True, metadata=_doc("Its default, as written into the text"))


class DefaultsFilledSchema(Schema):
    title = fields.String(required=True, metadata=_doc("The remedy's title"))
    values = fields.List(fields.Nested(DefaultValueSchema), required=True)
    line = fields.String(required=True, metadata=_doc("What was filled in by default, for people"))


class RenderedRemediesSchema(RenderedFileSchema):
    defaults = fields.List(fields.Nested(DefaultsFilledSchema), required=True, metadata=_doc(
        "The remedies whose parameters were left at the form's defaults (分管领域, 9月底), "
        "written into the text although the writer never chose them: shown before inserting"))


class RenumberingSchema(Schema):
    paragraph = fields.Integer(required=True, metadata=_doc("Index of the writer's paragraph, as read"))
    start = fields.Integer(required=True, metadata=_doc("Start of its typed number (code points)"))
    end = fields.Integer(required=True, metadata=_doc("End of its typed number"))
    replacement = fields.String(required=True, metadata=_doc("The number it takes, e.g. （四）"))
    expected = fields.String(required=True, metadata=_doc("The paragraph's text as planned"))
    after = fields.String(required=True, metadata=_doc("The paragraph's text with the new number"))


class FillPlanSchema(Schema):
    framework = fields.String(required=True)
    empty_document = fields.Boolean(required=True, metadata=_doc(
        "Nothing written yet: insert the whole scaffold instead"))
    missing = fields.List(fields.String(), required=True, metadata=_doc("Every part the document lacks"))
    insertions = fields.List(fields.Nested(InsertionSchema), required=True)
    renumber = fields.List(fields.Nested(RenumberingSchema), required=True, metadata=_doc(
        "Typed numbers of the writer's headings after an inserted one, changed so they run on "
        "(Word's and WPS's own lists renumber themselves). Apply these edits first, then the insertions."))
    summary = fields.List(fields.String(), required=True, metadata=_doc(
        "What carrying out the plan does, a line each, to show the writer before it happens"))
    paragraph_count = fields.Integer(required=True)
    checklist = fields.Nested(ChecklistRowsSchema, required=True, allow_none=True, metadata=_doc(
        "Rows the file flow adds to the attached 整改清单, one per inserted remedy; the pane "
        "(Word, WPS) inserts paragraphs only and tells the writer to add them; null: none"))
    defaults = fields.List(fields.Nested(DefaultsFilledSchema), required=True, metadata=_doc(
        "The inserted remedies whose parameters were left at the form's defaults (分管领域, 9月底): "
        "written into the text although the writer never chose them; shown so they can be edited"))
    held = fields.List(fields.String(), load_default=list, metadata=_doc(
        "Why missing parts were not planned (the writer's own aspect headings may hold them), a "
        "line each; also the last lines of `summary`"))


class FillUploadSchema(Schema):
    file = Upload(required=True, validate=_is_upload, metadata=_doc("The writer's .docx"))
    framework = _framework_id(nullable=False)
    add_missing = fields.Boolean(load_default=False, metadata=_ADD_MISSING_DOC)
    parts = fields.List(fields.String(), load_default=list, validate=validate.Length(max=50),
                        metadata=_PARTS_DOC)
    remedy = fields.List(fields.String(validate=validate.Length(max=2000)), load_default=list,
                         validate=validate.Length(max=60), metadata=_doc(
        "Remedies to add, each DIMENSION=REMEDY_ID[,参数=值…] as on the command line"))
    items_per_dimension = fields.Integer(load_default=2, validate=validate.Range(min=1, max=10),
                                         metadata=_ITEMS_DOC)

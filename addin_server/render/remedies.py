"""Render chosen remedies as 整改措施 paragraphs (一是/二是…) and, optionally, a 整改清单 table.

Measures follow the order of the problems they answer (the framework's dimension order), so
the section reads against 存在问题 one by one; within a dimension the writer's order is kept.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..checks import check
from ..checks.correspondence import GIST_MAX_CHARS, headline
from ..checks.report import apply_to_text, non_overlapping
from ..frameworks import Framework, FrameworkError, get_framework
from ..model import Document
from ..remedies.library import (DEADLINE, OWNER, RemedyParameterError, UnknownRemedyError,
                                applicable_remedy, fill,
                                without_repeated_word)
from ..text import clean_text, inner_quotes
from .engine import BODY, HEADING_1, HEADING_2, block, render_template
from .numerals import chinese_numeral
from ..remedies.library import UnknownRemedyError

TEMPLATE = "remedies.docx"
CHECKLIST_TEMPLATE = "checklist.docx"
TABLE_TITLE = "整改清单"
ONGOING = "长期坚持"  # the 时限 of a measure without a deadline parameter
DEFAULT_OWNER = "本人"
MAX_SELECTIONS = 60


class SelectionError(ValueError):
    """A selection names a remedy that does not exist or does not fit its dimension.

    `message` is plain Chinese about the one selection; str() adds which one, counted from 1
    (「第 2 条整改措施：…」). `index` (0-based, into the selections) and `field` stay on the
    exception for programs: the API maps them to its field path, the CLI to its --remedy."""

    def __init__(self, message: str, index: int | None = None, field: str | None = None):
        self.message, self.index, self.field = message, index, field
        super().__init__(f"第 {index + 1} 条整改措施：{message}" if index is not None else message)

    def field_path(self, prefix: str = "selections") -> str:
        """Where the API reports it: selections.1.dimension, or the list itself."""
        if self.index is None:
            return prefix
        return f"{prefix}.{self.index}" + (f".{self.field}" if self.field else "")


@dataclass(frozen=True)
class Selection:
    dimension: str
    remedy_id: str
    params: Mapping = field(default_factory=dict)
    # The problem this answers, as written: quoted in the measure's opening (item_lead) and named
    # in the 整改清单 (default: the dimension).
    problem: str | None = None
    owner: str | None = None  # 责任人 in the 整改清单 (default: the 责任人 parameter, else 本人)

    def to_dict(self) -> dict:
        return {"dimension": self.dimension, "remedy_id": self.remedy_id, "params": dict(self.params),
                "problem": self.problem, "owner": self.owner}


# In a selection spec, the pair naming the problem the remedy answers (Selection.problem).
PROBLEM_KEY = "问题"


def parse_selection(spec: str) -> Selection:
    """A remedy as the command line and the upload form write it: DIMENSION=REMEDY_ID, then
    optional ,参数=值 pairs; the remedy id may leave out its framework (theory-study-plan). A pair
    问题=… names the problem it answers (its words open the measure)."""
    head, *pairs = [part.strip() for part in str(spec).split(",")]
    dimension, sep, remedy_id = head.partition("=")
    if not sep or not dimension.strip() or not remedy_id.strip():
        raise SelectionError(f"应写作 对照方面=整改措施编号[,参数=值…]，例如 theory=theory-study-plan，"
                             f"而不是“{spec}”")
    params = {}
    for pair in pairs:
        if not pair:
            continue
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SelectionError(f"参数应写作 参数=值，而不是“{pair}”")
        params[name.strip()] = value.strip()
    problem = params.pop(PROBLEM_KEY, None) or None
    return Selection(dimension.strip(), remedy_id.strip(), params, problem=problem)


@dataclass(frozen=True)
class _Filled:
    selection: Selection
    title: str
    text: str
    deadline: str
    opening: str = ""   # 「针对“……”的问题，」 for a selection made for one problem (problem_opening)
    # The remedy sets its own time (a 完成时限 parameter): its 整改清单 row says that time.
    own_deadline: bool = False
    # The parameters left at their form defaults, as (label, value as written into the text): the
    # writer never chose them, so every front end says which before and after inserting.
    defaults: tuple[tuple[str, str], ...] = ()


def resolve_selections(framework: Framework, selections: Sequence[Selection]) -> list[_Filled]:
    """The selections checked and filled, in the framework's dimension order."""
    if not selections:
        raise SelectionError("请至少选择一条整改措施", field="selections")
    if len(selections) > MAX_SELECTIONS:
        raise SelectionError(f"一次最多选择 {MAX_SELECTIONS} 条整改措施", field="selections")
    filled = []
    for i, selection in enumerate(selections):
        if framework.dimension(selection.dimension) is None:
            # Titles hold 「、」 themselves, so they are set apart with 「；」.
            known = "；".join(d.title for d in framework.dimensions)
            raise SelectionError(f"对照方面“{selection.dimension}”不在所选框架中，可用：{known}",
                                 i, "dimension")
        try:
            remedy = applicable_remedy(framework, selection.dimension, selection.remedy_id)
        except UnknownRemedyError:
            # Named back in the short form the lists show (the command line adds that aspect's ids).
            short = selection.remedy_id.split(".", 1)[-1]
            raise SelectionError(f"“{framework.dimension(selection.dimension).title}”没有“{short}”这条整改措施",
                                 i, "remedy_id") from None
        try:
            text = fill(remedy, selection.params)
        except RemedyParameterError as exc:
            raise RemedyParameterError(exc.missing, exc.invalid, remedy.id, index=i,
                                       labels=exc.labels) from None
        deadline_parameter = remedy.parameter(DEADLINE)
        deadline = ONGOING
        if deadline_parameter is not None:
            value = (selection.params or {}).get(DEADLINE) or deadline_parameter.default
            if value is None or (isinstance(value, str) and not value.strip()):
                deadline = "待定"  # an optional deadline left blank: the text shows its placeholder
            else:
                deadline = f"{without_repeated_word(deadline_parameter.convert(value), ('前',))}前"
        opening = problem_opening(selection.problem, framework) if clean_text(selection.problem or "") else ""
        filled.append(_Filled(selection, remedy.title, text, deadline, opening,
                              own_deadline=deadline_parameter is not None,
                              defaults=defaults_taken(remedy, selection.params or {})))
    order = {d.key: n for n, d in enumerate(framework.dimensions)}
    return sorted(filled, key=lambda f: order[f.selection.dimension])  # stable: writer's order kept


@dataclass(frozen=True)
class DefaultsFilled:
    """A remedy's parameters left at the form's pre-filled values (分管领域, 9月底): written into
    the text although the writer never chose them, so every flow that writes says so, for the
    writer to edit them (the fill plan's summary, the rendered remedies' response)."""

    title: str                              # the remedy's title
    values: tuple[tuple[str, str], ...]     # (label, value as written into the text)

    @property
    def line(self) -> str:
        """For people: 「“严格执行请示报告制度”按默认值填入了：分管领域写作“分管领域”、……」."""
        said = "、".join(f"{label}写作“{inner_quotes(value)}”" for label, value in self.values)
        return f"“{inner_quotes(self.title)}”按默认值填入了：{said}，请核对，需要时插入后在文中修改"

    def to_dict(self) -> dict:
        return {"title": self.title, "values": [{"label": label, "value": value} for label, value in self.values],
                "line": self.line}


def defaults_filled(filled: Sequence[_Filled]) -> tuple[DefaultsFilled, ...]:
    """The filled remedies (resolve_selections) that take a default value, in the order written."""
    return tuple(DefaultsFilled(f.title, f.defaults) for f in filled if f.defaults)


def defaults_taken(remedy, params: Mapping) -> tuple[tuple[str, str], ...]:
    """The remedy's parameters whose value is its default — not given, or given as the form
    shows it pre-filled — as (label, value as written into the text)."""
    taken = []
    for parameter in remedy.parameters:
        if parameter.default is None:
            continue
        given = params.get(parameter.name)
        try:
            default = parameter.convert(parameter.default)
            if given is not None and parameter.convert(given) != default:
                continue
        except ValueError:
            continue   # (an invalid value was refused by fill already)
        taken.append((parameter.label.split("（")[0] or parameter.name, default))
    return tuple(taken)


def _measure_heading(framework: Framework) -> str:
    main_sections = [s for s in framework.sections if s.role != "other"]
    section = framework.section("measures")
    if section is None:
        raise FrameworkError("has no section with role 'measures'", "sections", framework.id)
    return f"{chinese_numeral(main_sections.index(section) + 1)}、{section.title}"


def item_lead(item: _Filled) -> str:
    """The measure's title as the lead sentence of its paragraph; for a selection made for one
    problem, opened by that problem's own words (「针对“……”的问题，」), so the measure reads
    against it and the correspondence check counts the problem answered."""
    lead = item.title if item.title[-1] in "。！？；" else item.title + "。"
    return item.opening + lead


def problem_opening(problem: str, framework: Framework | str | None = None) -> str:
    """「针对“<the problem's headline>”的问题，」: the words that state the problem, as written.

    Long headlines are cut at a clause mark, never before the part the correspondence check reads
    (its first GIST_MAX_CHARS characters), so every word that decides the match stays quoted.
    The product's output must not trip its own checks: a slip in the problem (a half-width comma,
    按步就班) is reported there once, so the quote takes the check's safe fixes; a quotation mark
    or bracket left without its pair (by the writer, or by the cut) is left out; quotation marks
    inside become single ones (GB/T 15834: 引号里面还要用引号时用单引号).
    """
    problem = clean_text(problem)
    head = headline(problem) or problem
    cut = next((i for i, c in enumerate(head) if c in _CLAUSE_BREAKS and i >= GIST_MAX_CHARS), None)
    words = _paired(_corrected(head[:cut] if cut is not None else head, framework))
    if not words:
        return ""
    words = inner_quotes(words + "……" if cut is not None else words)
    return f"针对“{words}”，" if words.endswith("问题") else f"针对“{words}”的问题，"


_CLAUSE_BREAKS = "，,、；;：:"
_PAIRS = {"“": "”", "‘": "’", "（": "）", "(": ")", "《": "》", "【": "】", "〔": "〕"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}


def _corrected(words: str, framework) -> str:
    """`words` with the safe fixes the check proposes for them applied."""
    report = check(Document.from_texts([words]), framework)
    edits = [e for f in report.findings if f.fix is not None and f.fix.safe
             for e in f.fix.edits if e.paragraph == 0]
    return apply_to_text(words, non_overlapping(edits)) if edits else words


def _paired(words: str) -> str:
    """`words` without the quotation marks and brackets that have no pair in them."""
    stack, unpaired = [], set()
    for i, c in enumerate(words):
        if c in _PAIRS:
            stack.append(i)
        elif c in _CLOSERS:
            if stack and words[stack[-1]] == _CLOSERS[c]:
                stack.pop()
            else:
                unpaired.add(i)
    unpaired.update(stack)
    return "".join(c for i, c in enumerate(words) if i not in unpaired)


def _item_text(ordinal: int, item: _Filled) -> str:
    return f"{chinese_numeral(ordinal)}是{item_lead(item)}{item.text}"


def _table_rows(framework: Framework, items: list[_Filled]) -> list[dict]:
    return checklist_rows(framework, items)


def checklist_rows(framework: Framework, items: Sequence[_Filled], first: int = 1,
                   default_owner: str = DEFAULT_OWNER) -> list[dict]:
    """A 整改清单 row per filled remedy, numbered from `first`: number, problem (the selection's
    problem, else the aspect's), measure (its title), owner (`default_owner` when the writer
    named none), deadline."""
    rows = []
    for number, item in enumerate(items, first):
        selection = item.selection
        dimension = framework.dimension(selection.dimension)
        problem = headline(clean_text(selection.problem or "")) or f"{dimension.names[0]}方面存在的问题"
        owner = clean_text(selection.owner or "") or clean_text(
            str((selection.params or {}).get(OWNER) or "")) or default_owner
        rows.append({"number": number, "problem": problem, "measure": item.title,
                     "owner": owner, "deadline": item.deadline})
    return rows


def render_remedies(framework: Framework | str | None, selections: Sequence[Selection],
                    with_table: bool = False, grouped: bool = False,
                    with_heading: bool = True) -> bytes:
    """The chosen remedies as .docx bytes.

    grouped: a （一）dimension sub-heading before each dimension's measures, numbering restarting.
    with_heading: start with the 三、整改措施 heading (off when inserting under an existing one).
    with_table: append the 整改清单 table (问题 · 措施 · 责任人 · 时限).
    Raises RemedyParameterError (missing/invalid parameters, with the selection's index) and
    SelectionError (unknown remedy or dimension).
    """
    if not isinstance(framework, Framework):
        framework = get_framework(framework)
    items = resolve_selections(framework, selections)
    blocks = [block(HEADING_1, _measure_heading(framework))] if with_heading else []
    if grouped:
        group_number = 0
        for dimension in framework.dimensions:
            group = [i for i in items if i.selection.dimension == dimension.key]
            if not group:
                continue
            group_number += 1
            blocks.append(block(HEADING_2, f"（{chinese_numeral(group_number)}）{dimension.title}"))
            blocks.extend(block(BODY, _item_text(n, item)) for n, item in enumerate(group, 1))
    else:
        blocks.extend(block(BODY, _item_text(n, item)) for n, item in enumerate(items, 1))
    context = {"blocks": [b.context() for b in blocks], "table_title": TABLE_TITLE,
               "table": _table_rows(framework, items) if with_table else None}
    return render_template(TEMPLATE, context)


def render_checklist(framework: Framework | str | None, selections: Sequence[Selection],
                     title: str | None = None) -> bytes:
    """The 整改清单 alone, as a document with its own title."""
    if not isinstance(framework, Framework):
        framework = get_framework(framework)
    items = resolve_selections(framework, selections)
    context = {"title": clean_text(title or "") or TABLE_TITLE, "byline": None,
               "table": _table_rows(framework, items)}
    return render_template(CHECKLIST_TEMPLATE, context)

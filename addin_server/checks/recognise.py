"""Which framework a material was written for, read from the headings inside 存在问题.

A check of the document (it runs the structure analysis once per framework), so it sits with
the checks, above the frameworks it chooses among.

Each known framework is tried: the structure analysis finds the aspect headings and run-in
openings of the problems section by that framework's names (and, failing those, by closeness to
its wording). A framework fits as well as its aspects cover the document's headings and the
headings cover its aspects (the harmonic mean of the two shares), so a six-aspect framework does
not win on a five-aspect material because two of its names happen to occur. The report says which
framework was chosen, why, and which came next; when most headings name no known aspect, it says
that no framework fits and hands back those headings, from which a framework can be made.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..frameworks import Framework, default_framework, list_frameworks
from .analysis.lines import read_lines
from .material_parts import StatedMeeting, stated_meeting
from .structure import analyze

# A framework fits when more than this share of the headings in 存在问题 name its aspects.
FITS_MIN_PRECISION = 0.5
# How much an aspect found by each kind of evidence (analysis.matchers.EVIDENCE) counts: a heading in the
# thesaurus' words or close to the wording a little less than a name, so an exact framework wins a
# tie; one told by its place (and a few of its words) less again.
# A heading taken by its place alone says little of which framework a material follows: a 2025
# material missing one of its five aspects has four headings, as many as 2024 has aspects, and
# its fourth would take 2024's fourth by place. Order is weighed just enough to break a tie.
EVIDENCE_WEIGHTS = {"name": 1.0, "derived": 1.0, "thesaurus": 0.9, "close": 0.8, "order": 0.2}
# The meeting the title or preamble names (「2025年度民主生活会」) weighs for the frameworks of that
# meeting: writers reword the aspect headings, and a 2025 material whose headings are mostly the
# writer's own would otherwise go to whichever framework's words two of them happen to share. The
# headings still decide when they clearly follow another framework (a material copied from last
# year keeps last year's aspects: its framework scores near 1, far above this).
STATED_MEETING_WEIGHT = 0.3


def _weight(block) -> float:
    return EVIDENCE_WEIGHTS.get(block.evidence, 1.0)


@dataclass(frozen=True, slots=True)
class Candidate:
    framework: Framework
    score: float
    matched: int          # aspects of the framework found in the document
    fuzzy: int            # of which found only by a heading close to the wording
    unmatched: int        # headings in 存在问题 that name none of its aspects
    structure: object = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Recognition:
    framework: Framework
    score: float
    reason: str
    runner_up: Framework | None
    runner_up_score: float
    fuzzy: bool
    fits: bool
    matched: int
    total: int
    # Headings of 存在问题 that name no aspect of the chosen framework (all of them when none
    # fits): what a framework "made from the document's own headings" starts from.
    headings: tuple[str, ...] = ()
    # The analysis made for the chosen framework, so checking does not analyse the document again.
    structure: object = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        up = self.runner_up
        return {"framework": self.framework.id, "title": self.framework.title,
                "score": round(self.score, 3), "reason": self.reason,
                "runner_up": up.id if up else None, "runner_up_title": up.title if up else None,
                "runner_up_score": round(self.runner_up_score, 3), "fuzzy": self.fuzzy,
                "fits": self.fits, "matched": self.matched, "total": self.total,
                "headings": list(self.headings)}


def _candidate(document, framework: Framework, lines) -> Candidate:
    st = analyze(document, framework, lines)
    best: dict[str, float] = {}    # each aspect found, by its strongest evidence
    heads: dict[int, float] = {}   # each heading naming an aspect, by its strongest
    for block in st.dimensions:
        weight = _weight(block)
        best[block.key] = max(best.get(block.key, 0.0), weight)
        heads[block.start] = max(heads.get(block.start, 0.0), weight)
    fuzzy = sum(1 for w in best.values() if w < 1.0)
    total = len(framework.dimensions)
    found_heads = len(heads) + len(st.unmatched_headings)
    recall = sum(best.values()) / total if total else 0.0
    precision = sum(heads.values()) / found_heads if found_heads else 0.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Candidate(framework, score, len(best), fuzzy, len(st.unmatched_headings), st)


# How the report names each kind of weaker evidence (analysis.matchers.EVIDENCE), counted per aspect.
_EVIDENCE_SAID = {"thesaurus": "按同义表述对应", "close": "为相近标题", "order": "按顺序对应"}


def _weaker_evidence(st) -> str:
    """「1 个为相近标题、2 个按顺序对应」: the aspects found by weaker evidence than a name."""
    strongest: dict[str, str] = {}
    order = list(EVIDENCE_WEIGHTS)
    for block in st.dimensions:
        known = strongest.get(block.key)
        if known is None or order.index(block.evidence) < order.index(known):
            strongest[block.key] = block.evidence
    counts = {how: sum(1 for e in strongest.values() if e == how) for how in _EVIDENCE_SAID}
    return "、".join(f"{n} 个{_EVIDENCE_SAID[how]}" for how, n in counts.items() if n)


def _is_stated(framework: Framework, stated: StatedMeeting | None) -> bool:
    """Whether `framework` is for the meeting the material names (a 组织生活会 framework serves
    any year's; a 民主生活会 one only its own year)."""
    if stated is None or framework.meeting_type != stated.meeting_type:
        return False
    return stated.year is None or stated.meeting_type == "组织生活会" or framework.year == stated.year


def _ranked(document, frameworks) -> tuple[list[Candidate], StatedMeeting | None]:
    lines = read_lines(document)   # folded once, whatever the number of frameworks
    stated = stated_meeting(lines)
    candidates = [_candidate(document, fw, lines) for fw in frameworks]

    def weighed(c: Candidate) -> float:
        named = c.matched and _is_stated(c.framework, stated)
        return c.score + (STATED_MEETING_WEIGHT if named else 0.0)

    # Best score first; on a tie the newer framework, then the one with fewer fuzzy matches.
    ranked = sorted(candidates, key=lambda c: (-weighed(c), c.fuzzy, -c.framework.year, c.framework.id))
    return ranked, stated


def recognise(document, frameworks=None) -> Recognition:
    """The framework `document` (a model.Document) was most likely written for, among
    `frameworks` (default: every known framework)."""
    frameworks = list(frameworks) if frameworks is not None else list_frameworks()
    if not frameworks:
        raise ValueError("no frameworks to choose from")
    ranked, stated = _ranked(document, frameworks)
    best = ranked[0]
    second = next((c for c in ranked[1:] if c.score > 0), None)
    st = best.structure
    total_heads = best.matched + best.unmatched
    fits = best.matched > 0 and (best.matched / total_heads if total_heads else 0) > FITS_MIN_PRECISION
    if best.matched == 0:
        chosen = default_framework() if default_framework() in frameworks else best.framework
        chosen_candidate = next(c for c in ranked if c.framework == chosen)
        heads = chosen_candidate.structure.unmatched_heading_texts()
        if heads:
            reason = (f"文中“存在问题”部分的 {len(heads)} 个标题与已知框架的对照方面都对不上，"
                      f"暂按“{chosen.title}”检查；可以用这些标题新建一个框架")
        else:
            reason = f"文中还没有可识别的对照方面标题，按默认框架“{chosen.title}”检查"
        return Recognition(chosen, 0.0, reason, None, 0.0, False, False, 0,
                           len(chosen.dimensions), heads, chosen_candidate.structure)
    total = len(best.framework.dimensions)
    how = "按相近标题识别" if any(b.evidence == "close" for b in st.dimensions) else "按文中标题识别"
    if best.matched == total:
        said = f"{total} 个方面标题全部吻合"
    else:
        said = f"{total} 个方面中 {best.matched} 个与文中标题吻合"
    if best.fuzzy:
        said += f"（其中 {_weaker_evidence(st)}）"
    reason = f"{how}为{best.framework.title}：{said}"
    by_title = _is_stated(best.framework, stated) and best.score < max(c.score for c in ranked)
    if by_title:
        year = f"{stated.year}年度" if stated.year else ""
        reason += f"（标题或开头写明是{year}{stated.meeting_type}）"
    if not fits and by_title:
        reason = (f"标题或开头写明是{year}{stated.meeting_type}，按{best.framework.title}检查；"
                  f"但文中“存在问题”部分的标题大多对不上它的对照方面（{said}），请按框架的表述改写标题，"
                  f"或者用文中标题新建一个框架")
    elif not fits:
        reason = (f"文中“存在问题”部分的标题大多对不上已知框架的对照方面，最接近的是"
                  f"{best.framework.title}（{said}）；可以用文中标题新建一个框架")
    elif best.unmatched:
        reason += f"，另有 {best.unmatched} 个标题对不上"
    if second is not None:
        reason += f"；其次接近{second.framework.title}（{second.matched} 个方面吻合）"
    heads = st.unmatched_heading_texts()
    if not fits:
        heads = st.heading_texts()
    return Recognition(best.framework, best.score, reason, second.framework if second else None,
                       second.score if second else 0.0, best.fuzzy > 0, fits, best.matched, total,
                       heads, st)

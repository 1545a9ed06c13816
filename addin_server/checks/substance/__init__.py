"""Substance checks (`content.*`): what 督导组 send a material back for beyond its structure —
problems 大而空 with no fact (content.generic), praise in the guise of a problem
(content.praise_as_problem), an individual's problems written about others
(content.blames_others), causes that only restate the problems (content.cause_restates) and
measures with no action, time or owner (content.measure_vague).

The checks read the items the structure analysis found (problem items of each dimension, the
paragraphs of 原因剖析, the 整改措施 items) and their knowledge — cue words, fact patterns, roots —
from data files (knowledge.py; shipped in data/, overridable by an organisation and a user).
Each finding is advice for the writer (severity info): the thresholds were set on a labelled
development set and measured on a held-out one (docs/review.md).
"""
from __future__ import annotations

import functools
import re
from typing import Iterator

from ... import regexes
from ...config import KnowledgeFolders
from ..correspondence import content_words
from ..report import Finding, quote
from .knowledge import FOLDER, Knowledge, KnowledgeError, load

__all__ = ["Knowledge", "KnowledgeError", "RULES", "cause_restates", "facts", "folders",
           "is_collective", "knowledge", "reload", "use_settings", "vague_measure", "generic",
           "praise", "blames_others", "restated_share"]

_SENTENCE_END = regexes.compile(r"[。！？；!?;]")
_CLAUSE_END = regexes.compile(r"[。！？；!?;，,：:]")
# An item's own number, as writers type it: 一是 （一） 1. （1） ① 其一， 第一，
_ORDINAL = regexes.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）.、．]|\d+[.、．]"
                      r"|[①-⑳]|其[一二三四五六七八九十]+[，,、：:]?|第[一二三四五六七八九十]+[，,、：:])\s*")
GIST_CHARS = 24

# ------------------------------------------------------------------ the knowledge in use

_folders = KnowledgeFolders("substance_dir", FOLDER, load)
use_settings = _folders.use_settings
folders = _folders.folders


def knowledge() -> Knowledge:
    """The knowledge in use: read on first use and again when a folder's files change
    (datafiles.FolderReading)."""
    return _folders.get()


def reload() -> Knowledge:
    _folders.forget()
    return knowledge()


# ------------------------------------------------------------------ judging one text

def _gist(text: str) -> str:
    body = _ORDINAL.sub("", text.strip(), count=1)
    end = _SENTENCE_END.search(body)
    return (body[:end.start()] if end else body).rstrip("，,、：:")


def _blank(text: str, patterns) -> str:
    for p in patterns:
        text = p.sub(lambda m: "\u3000" * len(m.group()), text)
    return text


def facts(text: str, k: Knowledge | None = None, enough: int | None = None) -> list[str]:
    """The verifiable facts `text` states (numbers, dates and periods, named projects, meetings,
    cases, places and people, first-person episodes), as the words that state them; at most
    `enough` of them when given (deciding content.generic needs no more)."""
    g = (k or knowledge()).of("content.generic")
    unblanked = _ORDINAL.sub("", text, count=1)
    plain = _blank(unblanked, g.get("not_facts", ()))
    found = []
    for p in g.get("facts", ()):
        found += (m.group() for m in p.finditer(plain))
        if enough is not None and len(found) >= enough:
            return found[:enough]
    generic_end, breaker, indefinite = _name_tests(g.get("generic_modifiers", ()), g.get("name_breakers", ""),
                                                   g.get("indefinite", ()))
    for p in g.get("named", ()):
        for m in p.finditer(plain):
            # What names the thing: the modifier after its last breaking character.
            modifier = m.groupdict().get("modifier") or ""
            name = breaker.split(modifier)[-1]
            # The quantifier may stand before the name or open it (not_facts blanked 一些).
            start = m.start() + len(modifier) - len(name)
            quantified = indefinite.search(unblanked[max(0, start - 4):start + len(name)])
            if len(name) >= 2 and not generic_end.search(name) and quantified is None:
                found.append(name + m.group()[len(modifier):])
                if enough is not None and len(found) >= enough:
                    return found
    return found


@functools.lru_cache(maxsize=8)
def _name_tests(generic_modifiers: tuple[str, ...], breakers: str,
                indefinite: tuple[str, ...] = ()) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(a name ending in a generic modifier, a breaking character, a name opening with an
    indefinite quantifier), compiled once per knowledge."""
    def alternatives(words, anchored):
        words = sorted(words, key=len, reverse=True)
        if not words:
            return regexes.compile("(?!)")
        joined = "(?:" + "|".join(map(re.escape, words)) + ")"
        return regexes.compile(joined + "$" if anchored == "end" else joined)

    return (alternatives(generic_modifiers, "end"), regexes.compile("[" + re.escape(breakers) + "\u3000]"),
            alternatives(indefinite, "anywhere"))


def generic(text: str, k: Knowledge | None = None) -> bool:
    """Whether a problem item states fewer facts than it should (content.generic)."""
    k = k or knowledge()
    needed = k.of("content.generic").get("min_facts", 1)
    return len(facts(text, k, enough=needed)) < needed


def praise(text: str, k: Knowledge | None = None) -> tuple[str, str] | None:
    """("disguised", words) for a problem that is praise in disguise, ("achievements", share)
    for an item mostly about achievements, else None."""
    p = (k or knowledge()).of("content.praise_as_problem")
    negated, undone, lost = p.get("negated_by"), p.get("undone_by"), p.get("lost_by")
    borne = p.get("borne_by")
    for pattern in p.get("disguised", ()):
        for m in pattern.finditer(text):
            if negated is not None and negated.search(text[max(0, m.start() - 6):m.start()]):
                continue
            if borne is not None and borne.search(_clause_before(text, m.start())):
                continue   # the cost is others' (「个别同志因长期超负荷工作产生倦怠情绪」)
            if undone is not None and undone.search(text[m.end():m.end() + 4]):
                continue
            if lost is not None and (lost.search(text[m.end():]) or lost.search(text[:m.start()])):
                continue
            return "disguised", m.group()
    conceded = virtue_conceded(text, p)
    if conceded is not None:
        return "disguised", conceded
    share = achievement_share(text, p)
    if share > p.get("max_achievement_share", 0.5):
        return "achievements", f"{share:.0%}"
    return None


def _clause_before(text: str, at: int) -> str:
    """The part of the clause holding `at` that comes before it."""
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, at)), default=0)
    return _ORDINAL.sub("", text[start:at], count=1) if start == 0 else text[start:at]


def _blank_all(text: str, patterns) -> str:
    return _blank(text, [q for q in patterns if q is not None])


def virtue_conceded(text: str, p: dict) -> str | None:
    """The writer's virtue conceded into a mild shortfall (content.praise_as_problem), judged by
    shape, not by phrase: a sentence whose part before its turn (但、只是、有时、结果…, or else the
    first clause that states a mild shortfall) describes the writer or the 班子 only well — a
    virtue or an achievement, no fault — and whose part after it states only a mild shortfall
    (不够、相对不足、偏少、影响了效率、方式简单), no real fault or loss. A negated loss
    (没有发生事故、零投诉) and a virtue said with a negation (手机不离身、一节不落) are no fault.
    Returns the virtue's words, else None."""
    virtues, mild = p.get("virtue", ()), p.get("mild", ())
    turn, grave, lost = p.get("virtue_turn"), p.get("grave"), p.get("lost_by")
    if not virtues or not mild or turn is None:
        return None
    faults = p.get("shortfall", ())
    body = _ORDINAL.sub("", text, count=1)
    for sentence in _SENTENCE_END.split(body):
        plain = _blank_all(sentence, p.get("negated_loss", ()))
        m = turn.search(plain)
        if m is not None:
            cut, resume = m.start(), m.end()
        else:
            clauses = _CLAUSE_END.split(plain)
            # (a virtue's own words are no shortfall: 放不开手 is the virtue, not the cost)
            first = next((i for i, c in enumerate(clauses)
                          if any(w.search(c) for w in mild)
                          and any(w.search(_blank(c, virtues)) for w in mild)), None)
            if not first:
                continue
            cut = resume = sum(len(c) + 1 for c in clauses[:first])
        head, tail = plain[:cut], plain[resume:]
        # (the mild tail first: one pattern, where the virtues are many)
        if not any(w.search(tail) for w in mild):
            continue
        matched = [(v, f) for v, f in ((v, v.search(head)) for v in virtues) if f is not None]
        if not matched:
            continue
        found = [f for _, f in matched]
        # (a fault the writer notices in the work, then acts on, is vigilance, not the writer's
        # fault: 「看到不规范的地方就忍不住要管」)
        if any(w.search(_blank(head, [v for v, _ in matched] + list(p.get("noticed", ())))) for w in faults):
            continue
        # a loss after the turn counts even negated (「…，但没有发生事故」 is no mild shortfall)
        if grave is not None and (grave.search(head) or grave.search(sentence[resume:])):
            continue
        # …and so is a loss the item tells (lost_by: 发生了一起火灾、延误了5天), as for the shapes above
        if lost is not None and lost.search(_blank_all(text, p.get("negated_loss", ()))):
            continue
        return min(found, key=lambda f: f.start()).group()
    return None


def achievement_share(text: str, p: dict) -> float:
    """The share of an item's characters that report achievements. A sentence with an
    achievement cue and no shortfall word counts whole, and so does the part of a sentence before
    its turn (但、只是…), or before its first clause with a shortfall word, when that part boasts:
    achievements listed clause after clause, then one concession. Otherwise each of its clauses
    is judged the same way, and in a clause with a turn only the part before the turn, what
    follows it being the shortfall; a clause the next one measures against a norm (「…为91%，
    低于全市平均水平」) is the shortfall's figure, not an achievement."""
    turn, achievement, shortfall = p.get("turn"), p.get("achievement", ()), p.get("shortfall", ())
    measured_by = p.get("measured_by")

    def boasts(part: str) -> bool:
        return not any(w.search(part) for w in shortfall) and any(a.search(part) for a in achievement)

    # a negated loss (连续三年没有发生较大以上事故、零投诉) is an achievement, not a shortfall
    plain = _blank(_ORDINAL.sub("", text, count=1), p.get("negated_loss", ()))
    sentences = [s for s in _SENTENCE_END.split(plain) if s.strip()]
    total = sum(len(s) for s in sentences)
    if not total:
        return 0.0
    boast = 0
    for sentence in sentences:
        if not any(a.search(sentence) for a in achievement):
            continue   # no part of it can boast (most sentences of a problem item)
        if boasts(sentence):
            boast += len(sentence)
            continue
        # The concession: what comes before the turn, or before the first clause that states a
        # shortfall, when the writer lists achievements first and concedes once — less the clause
        # that shortfall measures against a norm (「走访企业30家，不到计划的一半」).
        m = turn.search(sentence) if turn is not None else None
        if m is not None and boasts(sentence[:m.start()]):
            boast += m.start()
            continue
        clauses = _CLAUSE_END.split(sentence)
        first_short = next((i for i, c in enumerate(clauses) if any(w.search(c) for w in shortfall)), None)
        if first_short:
            kept = first_short
            if measured_by is not None and measured_by.search(clauses[first_short].strip()):
                kept -= 1
            conceded = sum(len(c) + 1 for c in clauses[:kept])
            if kept and boasts(sentence[:conceded]):
                boast += conceded
                continue
        for clause, following in zip(clauses, [*clauses[1:], ""]):
            if measured_by is not None and measured_by.search(following.strip()):
                continue   # its number measures the shortfall the next clause states
            m = turn.search(clause) if turn is not None else None
            conceded = clause[:m.start()] if m else clause
            if boasts(conceded):
                boast += len(conceded)
    return boast / total


def is_collective(title: str | None, k: Knowledge | None = None, around: str = "") -> bool:
    """Whether a title is a body's material (班子, or a unit's name before the year or the meeting)
    and names no person (个人, 同志, a post: 「县统计局党组书记、局长…」 is the 局长's) — nor does
    `around` (the byline under the title: 「县统计局党组书记、局长 张三」)."""
    o = (k or knowledge()).of("content.blames_others")
    body, person = o.get("collective_title"), o.get("person_title")
    title = _SPACES.sub("", title or "")
    if not title or body is None or not body.search(title):
        return False
    return person is None or not person.search(title + "\n" + around)


_SPACES = regexes.compile(r"\s+")
_TITLE_LINE = regexes.compile(r"^[^。；，：:！？]{1,30}$")


def title_block(structure) -> tuple[str, str]:
    """(title, the line under it) as they say whose material it is: the title with a short unit
    line right above it (「县统计局」 over 「2025年度民主生活会对照检查材料」 is the 局's title), and
    the byline or date line under it; without a recognised title, the opening lines."""
    paragraphs = structure.document.paragraphs
    i = structure.title_paragraph
    if i is None:
        return "\n".join(p.text for p in paragraphs[:3]), ""
    before = paragraphs[i - 1].text.strip() if i > 0 else ""
    after = paragraphs[i + 1].text.strip() if i + 1 < len(paragraphs) else ""
    title = (before if _TITLE_LINE.match(before) else "") + paragraphs[i].text
    return title, (after if _TITLE_LINE.match(after) else "")


def blames_others(text: str, k: Knowledge | None = None) -> list[str]:
    """The others an item makes the subject of its opening (content.blames_others): a leading
    clause whose subject is 「个别干部」「有的同志」…, not governed by the writer's own verb or
    preposition (「对个别干部要求不严」), in a first sentence that does not name the writer
    (「有的同事拖堂，我看到了没有提醒」 is the writer's silence). Only the opening counts: a
    problem states its subject first, and a later clause about others is its consequence
    (「批评多，个别同志有畏难情绪」)."""
    o = (k or knowledge()).of("content.blames_others")
    governed, me, acting = o.get("governed_by"), o.get("self_words"), o.get("self_acting")
    witnessing, tasked = o.get("witnessing"), o.get("tasked_by")
    found = []
    body = _ORDINAL.sub("", text, count=1)
    # 「我注意到…」「我发现…」 opening the item only reports what others do: the clause after it is
    # the opening — unless the writer goes on to act in that sentence (「我发现…，但没有及时…」).
    perceiving = o.get("perceiving")
    seen = perceiving.match(body) if perceiving is not None else None
    if seen is not None:
        body = body[seen.end():]
        omission = o.get("own_omission")
        if omission is not None and omission.search(_SENTENCE_END.split(body, maxsplit=1)[0]):
            return []
    if acting is not None and acting.search(_SENTENCE_END.split(body, maxsplit=1)[0]):
        return []
    clauses = [c for c in _CLAUSE_END.split(body) if c.strip()]
    leading = o.get("leading_clauses", 1)
    # A setting first (「今年5月对××区的专项审计中」「医德医风方面」) names no subject: the clause
    # after it does — unless others are named in the setting itself.
    frame, others = o.get("frame"), o.get("others", ())
    while (frame is not None and len(clauses) > leading and frame.search(clauses[0].strip())
           and not any(q.search(clauses[0]) for q in others)):
        clauses = clauses[1:]
    # the clauses judged as openings: the leading ones, any that attributes the problem
    # (「…，主要是窗口工作人员责任心不强」, the marker cut), and the one after a hand-over that opens
    # with a pronoun (「…由外包修理厂负责，他们…」)
    attributed, handed, pronoun = o.get("attributed_to"), o.get("handed_to"), o.get("pronoun")
    openings = list(clauses[:leading])
    for i, clause in enumerate(clauses[leading:], leading):
        m = attributed.search(clause.strip()) if attributed is not None else None
        if m is not None:
            openings.append(clause.strip()[m.end():])
        elif (handed is not None and pronoun is not None and handed.search(clauses[i - 1])
              and pronoun.search(clause)):
            found.append(pronoun.search(clause).group().strip())
    for clause in openings:
        if witnessing is not None and witnessing.search(clause):
            continue
        for pattern in others:
            m = pattern.search(clause)
            if m is None:
                continue
            if (governed is not None and governed.search(clause[:m.start()])
                    and not _passive_agent(clause[:m.start()], clause[m.end():], o)):
                continue
            if tasked is not None and tasked.search(clause[m.end():]):
                continue
            if o.get("handled_by") is not None and o["handled_by"].search(clause[m.end():]):
                continue   # the writer's handling of them (「青年干部思想动态掌握不准」)
            if me is not None and any(not (w.start() >= m.end() and w.group() in _REFLEXIVES)
                                      for w in me.finditer(clause)):
                break   # the writer is in it: 自己 after the others is theirs (「有的老党员觉得自己…」)
            found.append(m.group())
            break
        else:
            staff = _staff_subject(clause, o)
            if staff is not None:
                found.append(staff)
    return found if len(found) >= o.get("min_clauses", 1) else []


def _staff_subject(clause: str, o: dict) -> str | None:
    """The clause's subject when it is people of the writer's unit named by post or trade, with or
    without a quantifier (「庭里书记员普遍年纪轻」「基层粮库保管员责任心不强」「中心的几位老医生…」
    「客户经理小张、小刘他们…」): a noun phrase opening the clause and ending in a staff head (`staff`),
    then the predicate. The phrase is short (`subject_span` characters before the head) and holds no
    verb or preposition of the writer's (`governed_by`: 对、组织、督促 … make the people an object;
    a modifier telling when they came, `participle` — 新提拔的、刚入职的 — holds none of the writer's); a
    head followed by what makes it a modifier (`modifier_of`: 的、意识、队伍、职责 …) or by the writer's
    task about them (`tasked_by`: 培养、管理 …) is no subject — a later head may be (「网格员队伍中不少人
    把…」)."""
    staff = o.get("staff")
    if staff is None:
        return None
    governed, tasked, modifier = o.get("governed_by"), o.get("tasked_by"), o.get("modifier_of")
    span, participle = o.get("subject_span", 10), o.get("participle")
    for m in staff.finditer(clause):
        prefix = clause[:m.start()].lstrip()
        acts = participle.sub("", prefix) if participle is not None else prefix
        if len(prefix) > span or (governed is not None and governed.search(acts)):
            return None
        tail = clause[m.end():]
        if not tail.strip():
            return None
        if (modifier is not None and modifier.search(tail)) or (tasked is not None and tasked.search(tail)):
            if (o.get("quality_of") is not None and o["quality_of"].search(tail)
                    and not (tasked is not None and tasked.search(tail))):
                # 「外包公司的服务质量不高」: their conduct, found wanting — not the quality of the
                # writer's task about them (「干部培养主动性不足」: the training is the writer's)
                return prefix + m.group()
            unit, managed = o.get("unit_conduct"), o.get("own_management")
            if (unit is not None and managed is not None and unit.search(m.group())
                    and managed.search(tail)):
                return prefix + m.group()   # 「局属二级单位财务管理不规范」: a unit's own management
            continue
        if _topic_only(tail, o):
            return None
        return prefix + m.group()
    return None


def _passive_agent(before: str, after: str, o: dict) -> bool:
    """Whether the others are the agent of a passive (「惠民资金被个别村干部优亲厚友」): the word
    governing them is only the `passive` mark right before them, and what they did is no sanction
    or judgement of the writer (`sanctioned_by`: 被上级部门通报、被有的同志误解 are the writer's).
    The agent of a passive is the doer: the item tells their deed."""
    passive, governed, sanction = o.get("passive"), o.get("governed_by"), o.get("sanctioned_by")
    m = passive.search(before) if passive is not None else None
    if m is None:
        return False
    if governed is not None and governed.search(before[:m.start()]):
        return False
    return sanction is None or sanction.search(after) is None


def _topic_only(tail: str, o: dict) -> bool:
    """Whether the people before `tail` are only its topic, the writer the agent: what the clause
    says of them is the writer's handling of them (`handled_by`: 「青年干部思想动态掌握不准」
    「干部职工思想政治工作做得不细」 — the writer grasps, does, looks into)."""
    handled = o.get("handled_by")
    return handled is not None and handled.search(tail) is not None


_REFLEXIVES = ("自己", "自身")


def restated_share(cause: str, problem_words) -> float:
    """The share of the cause's distinct content words that occur in the problems."""
    words = content_words(cause)
    return len(words & problem_words) / len(words) if words else 0.0


def cause_restates(cause: str, problem_words: set[str], k: Knowledge | None = None,
                   problems_text: str = "") -> float | None:
    """The share of the cause's words taken from the problems when it mostly restates them
    (content.cause_restates), else None: at least min_restated_share when it names no root,
    min_restated_share_with_root when it does. A root the problems already name
    (`problems_text`: 「风险意识不强」 in a problem and again in the cause) is no new root: the
    cause repeats it."""
    c = (k or knowledge()).of("content.cause_restates")
    if len(content_words(cause)) < c.get("min_words", 6):
        return None
    share = restated_share(cause, problem_words)
    rooted = any(m.group() not in problems_text
                 for r in c.get("roots", ()) for m in r.finditer(cause))
    needed = c.get("min_restated_share_with_root", 0.85) if rooted else c.get("min_restated_share", 0.6)
    if share >= needed:
        return share
    return _listed_under_root(cause, problem_words, c, problems_text) if rooted else None


def _listed_under_root(cause: str, problem_words: set[str], c: dict, problems_text: str) -> float | None:
    """A root used only as a label over the problems listed again (content.cause_restates): the
    label (`root_label`) is the root as a heading — the first sentence, or what stands before a
    colon or 方面 (「（一）理想信念有所松懈。」「纪律规矩意识方面：」) — and any marker calling the
    rest its manifestation (「主要表现在」「…都是担当不够的表现」). Without the label, the rest is
    judged as a cause that names no root: it restates when it names no root of its own, tells no
    way of thinking (`analysed_by`: 认为、把…当作、长期在机关工作 — an analysis of the root uses the
    problems' nouns to say how they were weighed), and at least min_restated_share_listed of its
    words are the problems' — or min_restated_share, the bound for a root-free cause, when a marker
    says in so many words that it lists the manifestations. Returns that share, else None."""
    label = c.get("root_label")
    if label is None:
        return None
    body = _ORDINAL.sub("", cause, count=1)
    parts = list(label.finditer(body))
    heading = parts[0] if parts and parts[0].group("heading") else None
    markers = [m for m in parts if not m.group("heading")]
    roots = c.get("roots", ())
    if heading is not None and not any(r.search(heading.group()) for r in roots):
        heading = None
    if heading is None and not markers:
        return None
    if markers:
        # the first sentence is the root's heading, whatever its length, when a marker follows it
        end = _SENTENCE_END.search(body)
        cut = end.end() if end is not None and end.end() <= markers[0].start() else 0
    else:
        cut = heading.end()
    rest = body[cut:]
    for m in reversed(markers):
        rest = rest[:m.start() - cut] + rest[m.end() - cut:] if m.start() >= cut else rest
    if markers:
        share = restated_share(rest, problem_words)
        return share if share >= c.get("min_restated_share", 0.6) else None
    if any(m.group() not in problems_text for r in roots for m in r.finditer(rest)):
        return None
    analysed = c.get("analysed_by")
    if analysed is not None and analysed.search(rest):
        return None   # the writer's way of thinking told: an analysis of the root
    if len(content_words(rest)) < c.get("min_words", 6):
        return None
    share = restated_share(rest, problem_words)
    return share if share >= c.get("min_restated_share_listed", 0.5) else None


def vague_measure(text: str, k: Knowledge | None = None) -> bool:
    """Whether a measure names no concrete action, no time limit and no owner."""
    k = k or knowledge()
    m = k.of("content.measure_vague")
    # The words that look like counts and name set phrases (八项规定、三会一课) count nothing here
    # either: the generic check's not_facts, blanked the same way.
    text = _blank(_ORDINAL.sub("", text, count=1), k.of("content.generic").get("not_facts", ()))
    return not any(p.search(text) for key in ("actions", "deadlines", "owners")
                   for p in m.get(key, ()))


# ------------------------------------------------------------------ the rules

def _problem_items(structure):
    for block in structure.dimensions:
        for item in block.items:
            if item.text.strip():
                yield block, item


def check_generic(structure) -> Iterator[Finding]:
    k = knowledge()
    for block, item in _problem_items(structure):
        text = structure.written(item)
        if generic(text, k):
            yield Finding(
                "content.generic",
                f"问题{quote(_gist(text), GIST_CHARS)}没有写出具体事实，换成谁的材料都能用。"
                "请写出具体事例：何时、何事、什么后果（如时间、数字、具体的项目、会议或案例）",
                paragraph=item.paragraph, dimension=block.key,
                severity=k.severity("content.generic"))


def check_praise(structure) -> Iterator[Finding]:
    k = knowledge()
    for block, item in _problem_items(structure):
        text = structure.written(item)
        judged = praise(text, k)
        if judged is None:
            continue
        kind, what = judged
        if kind == "disguised":
            message = (f"问题{quote(_gist(text), GIST_CHARS)}中的{quote(what)}是在表扬自己，不是问题"
                       "（以表扬代批评）。请改为写出自身真实的不足，以及它造成的影响")
        else:
            message = (f"问题{quote(_gist(text), GIST_CHARS)}约 {what} 的篇幅在讲成绩。"
                       "请删去成绩，直接写差距和不足，写清具体表现")
        yield Finding("content.praise_as_problem", message, paragraph=item.paragraph,
                      dimension=block.key, severity=k.severity("content.praise_as_problem"),
                      details=(f"以表扬代批评的说法：{what}" if kind == "disguised"
                               else f"讲成绩的篇幅约 {what}"))


def check_blames_others(structure) -> Iterator[Finding]:
    k = knowledge()
    # The title says whose material it is (with its unit line and byline); without a recognised
    # one, the opening lines.
    title, byline = title_block(structure)
    if is_collective(title, k, byline):
        return
    for block, item in _problem_items(structure):
        text = structure.written(item)
        others = blames_others(text, k)
        if others:
            named = "、".join(quote(w) for w in dict.fromkeys(others))
            yield Finding(
                "content.blames_others",
                f"个人对照检查应查摆本人的问题，问题{quote(_gist(text), GIST_CHARS)}写的是{named}的问题。"
                "请改为写本人的责任，如「我对……管理不严、提醒不及时」",
                paragraph=item.paragraph, dimension=block.key,
                severity=k.severity("content.blames_others"))


def cause_paragraphs(structure) -> list[tuple[int, str]]:
    """The paragraphs of 原因剖析 as (first paragraph, text): lines a hard return cut joined
    (structure.running_paragraphs), a short heading line joined to the paragraph after it, the
    section heading left out."""
    block = structure.section("causes")
    if block is None:
        return []
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for run in structure.running_paragraphs():
        i, text = run.index, run.text.strip()
        if not block.start < i <= block.end or not text:
            continue
        heading = structure.lines[i].heading_like and len(text) <= 40
        if pending is not None:
            i, text = pending[0], pending[1] + text
            pending = None
        if heading and not _SENTENCE_END.search(text.rstrip("。")):
            pending = (i, text.rstrip("。") + "。")
            continue
        out.append((i, text))
    if pending is not None:
        out.append(pending)
    return out


def problem_words(structure) -> set[str]:
    words: set[str] = set()
    for _, item in _problem_items(structure):
        words.update(content_words(item.text))
    return words


def problems_text(structure) -> str:
    return "\n".join(item.text for _, item in _problem_items(structure))


def check_causes(structure) -> Iterator[Finding]:
    k = knowledge()
    paragraphs = cause_paragraphs(structure)
    if not paragraphs:
        return
    words = problem_words(structure)
    if not words:
        return
    said = problems_text(structure)
    for paragraph, text in paragraphs:
        share = cause_restates(text, words, k, said)
        if share is not None:
            yield Finding(
                "content.cause_restates",
                f"原因{quote(_gist(text), GIST_CHARS)}大多是在重复问题的表述（约 {share:.0%} 的词语与问题部分相同），"
                "没有讲出问题产生的根源。请从理想信念、党性修养、宗旨意识、政绩观、纪律规矩等方面剖析思想根源",
                paragraph=paragraph, severity=k.severity("content.cause_restates"),
                details=f"约 {share:.0%} 的词语与存在问题部分相同")


def check_measures(structure) -> Iterator[Finding]:
    k = knowledge()
    for item in structure.measures:
        text = structure.written(item)
        if text.strip() and vague_measure(text, k):
            yield Finding(
                "content.measure_vague",
                f"措施{quote(_gist(text), GIST_CHARS)}没有具体做法、完成时限和责任人，难以检验是否落实。"
                "请写明做什么（可检验的具体行动）、什么时候完成、由谁负责",
                paragraph=item.paragraph, severity=k.severity("content.measure_vague"))


RULES = (check_generic, check_praise, check_blames_others, check_causes, check_measures)

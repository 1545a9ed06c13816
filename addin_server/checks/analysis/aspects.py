"""Pass 4 of the analysis: the aspects (对照方面) of the problems region. Every line is tried
against the framework's names (by its aspect opening, marks.py), then — for headings marked like
the others that name nothing — by a heading broken over two lines, by closeness to an aspect's
wording, and by place (ORDER). How most headings are marked decides which openings are headings.

May use: lines.py, marks.py, matchers.py, numbering.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import numbering as nb
from .lines import MAX_HEADING_CHARS, TRAILING_PUNCT, Line, body_start
from .marks import LABEL, ORDINAL, PLAIN, RUN_IN, AspectOpening, aspect_opening, heading_span
from .matchers import (CLOSE, DERIVED, FUZZY_MARGIN, FUZZY_MIN, NAME, ORDER, THESAURUS, Matchers,
                       closest_dimension, closeness_ranking)


@dataclass(frozen=True, slots=True)
class AspectPlace:
    """Where an aspect stands: its heading, its block of paragraphs and how it was told (the items
    pass reads its items)."""
    key: str
    start: int                     # heading paragraph
    end: int                       # last paragraph of its block, inclusive
    body_from: int                 # where the text after the heading starts, in the folded text of `start`
    has_body: bool
    numbering: str | None          # the numbering kind of its heading, e.g. "（一）"
    fuzzy: bool                    # named by a heading close to the aspect's wording, not by a name
    evidence: str                  # how the heading was told to be this aspect: one of EVIDENCE
    closeness: float               # for "close" and "order": how close its words are to the aspect's
    heading: tuple[int, int]       # its heading as written, in the folded text of `start`


@dataclass(frozen=True, slots=True)
class _Candidate:
    line: Line
    key: str
    kind: str | None      # how the opening is marked (Line.kind, a bullet, …); None: run in mid-text
    body_from: int        # where the text after the heading part starts
    evidence: str = NAME  # how the aspect was told (EVIDENCE)
    closeness: float = 1.0   # for CLOSE and ORDER: how close the heading's words are to the aspect's
    heading: tuple[int, int] = (0, 0)   # the heading as the writer would name it, in the folded text

    @property
    def fuzzy(self) -> bool:
        return self.evidence not in (NAME, DERIVED)


def _dimension_candidates(line: Line, m: Matchers, opening: AspectOpening | None = None) -> list[_Candidate]:
    """The dimensions this paragraph opens (usually one), or [] when it merely mentions one.

    A heading may name two aspects (「（三）联系服务群众、发挥先锋模范作用情况」); a body paragraph
    may open a second aspect after a sentence end (「……。在担当作为方面，一是……」).
    """
    if not line.folded:
        return []
    found = _opening(line, m, opening)
    # A later aspect run in mid-paragraph: only in body text, where a heading's rest is items.
    if not (line.heading_like and line.kind):
        at = found[-1].body_from if found else 0
        mid = m.run_in_mid.search(line.folded, at)
        if mid:
            name = m.dimensions.search(mid.group())
            key = m.dimension_names[name.group()]
            if not any(c.key == key for c in found):
                found.append(_Candidate(line, key, None, mid.end(), m.name_evidence[name.group()],
                                        heading=(mid.start(), mid.end() - 1)))
    return found


def _opening(line: Line, m: Matchers, opening: AspectOpening | None = None) -> list[_Candidate]:
    folded = line.folded
    opening = opening or aspect_opening(line)
    if opening is not None:
        segment = folded[opening.name_start:opening.name_end]
        named = m.named(segment)
        # An opening only as strong as a plain sentence's (在……上，) names an aspect by its names.
        if named and (opening.marked or named[0][1] != THESAURUS):
            return [_Candidate(line, key, opening.kind, opening.body_from, how,
                               heading=heading_span(line, opening)) for key, how in named]
    if line.starts_with_item:
        return []
    start = body_start(line)
    # An opening that names the dimension first: "在理论学习方面，…", "理论学习方面存在的问题".
    found = m.run_in.match(folded, start)
    if found:
        name = m.dimensions.search(found.group())
        return [_Candidate(line, m.dimension_names[name.group()], line.kind, found.end(),
                           m.name_evidence[name.group()], heading=(0, found.end() - 1))]
    if line.heading_like and len(folded) - start <= 30:
        segment = folded[start:].rstrip(TRAILING_PUNCT)
        # A plain short line is a heading only when the name is followed by 方面/情况/上 or nothing:
        # "理论学习方面还有差距" is one, the sentence "理论学习抓得不紧。" is not.
        found = m.short_heading.match(segment)
        if found and len(segment) - found.end() <= 12:
            name = m.dimensions.search(found.group())
            return [_Candidate(line, m.dimension_names[name.group()], line.kind, len(folded),
                               m.name_evidence[name.group()], heading=(0, len(folded)))]
    return []


def _broken_heading(lines, line: Line, m: Matchers, last: int) -> _Candidate | None:
    """A heading whose name a PDF paste broke over two paragraphs (「（五）工作作」 「风方面」): the
    heading and the start of the next paragraph together name the aspect."""
    if line.index + 1 > last or line.folded[-1:] in TRAILING_PUNCT:
        return None
    following = lines[line.index + 1]
    if not following.folded or following.prefix or following.starts_with_item:
        return None
    joined = Line(line.index, line.folded + following.folded[:MAX_HEADING_CHARS], line.prefix,
                  line.outline_level, True, False)
    found = _opening(joined, m)
    if not found:
        return None
    # The aspect's items start in the next paragraph; the heading paragraph has none.
    return _Candidate(line, found[0].key, line.kind, len(line.folded), found[0].evidence,
                      heading=(0, len(line.folded)))


def _fuzzy_candidate(line: Line, m: Matchers, opening: AspectOpening | None = None) -> _Candidate | None:
    """An aspect heading whose words are close to one aspect's wording (CLOSE)."""
    opening = opening or aspect_opening(line)
    if opening is None:
        return None
    segment = line.folded[opening.name_start:opening.name_end]
    key, best, second = closest_dimension(segment, m)
    if key is None or best < FUZZY_MIN or best - second < FUZZY_MARGIN:
        return None
    return _Candidate(line, key, opening.kind, opening.body_from, CLOSE, best, heading_span(line, opening))


def locate_aspects(lines, m: Matchers, region) -> tuple[tuple[AspectPlace, ...], tuple[int, ...], str | None]:
    """The aspects of the problems region (their headings and blocks, their items not yet read),
    the headings in it that name no aspect, and how most aspect headings are marked.

    Evidence, strongest first: a name of the aspect; a name derived from its wording; the
    thesaurus' form of the words; words close to the wording; the heading's place (ORDER)."""
    lo, hi = region
    span = lines[lo:hi + 1]
    openings = {ln.index: aspect_opening(ln) for ln in span}
    candidates = [c for ln in span for c in _dimension_candidates(ln, m, openings[ln.index])]
    # Headings (numbered, styled, bulleted …) set the kind before run-in openings of body text,
    # which are taken wherever they stand.
    marked = [o.kind for o in openings.values() if o is not None and o.kind and o.marked]
    kinds = ([c.kind for c in candidates if c.kind and c.kind != RUN_IN]
             or [c.kind for c in candidates if c.kind] or [k for k in marked if k != RUN_IN] or marked)
    # dict.fromkeys keeps first-seen order, so ties go to the kind met first, in every process.
    dominant = max(dict.fromkeys(kinds), key=lambda k: (kinds.count(k), -_depth(k))) if kinds else None
    # The aspect headings: the openings marked like most of them (a heading line, not body text
    # numbered the same way).
    heads = [ln for ln in span if _is_head(ln, openings[ln.index], dominant)]
    # Headings marked like the aspect headings that named no aspect: close to one's wording, they
    # are that aspect (「（二）党性锤炼方面」); otherwise the writer should hear about them.
    named = {c.line.index for c in candidates}
    unmatched = []
    for ln in heads:
        if ln.index not in named:
            found = _broken_heading(lines, ln, m, hi) or _fuzzy_candidate(ln, m, openings[ln.index])
            if found:
                candidates.append(found)
            else:
                unmatched.append(ln)
    candidates.extend(_by_order(heads, unmatched, candidates, openings, m))
    ordered = {c.line.index for c in candidates if c.evidence == ORDER}
    unmatched = [ln.index for ln in unmatched if ln.index not in ordered]
    candidates.sort(key=lambda c: (c.line.index, c.body_from))
    accepted = [c for c in candidates if c.kind in (dominant, None, RUN_IN)]
    # Other paragraphs marked like the dimension headings end a dimension too ("（七）其他").
    boundaries = sorted({c.line.index for c in accepted} | {ln.index for ln in heads})
    places = []
    for c in accepted:
        nxt = next((b for b in boundaries if b > c.line.index), hi + 1)
        end = nxt - 1
        has_body = bool(lines[c.line.index].folded[c.body_from:].strip(TRAILING_PUNCT)) or any(
            ln.folded for ln in lines[c.line.index + 1:end + 1])
        numbering = c.kind if c.kind in nb.HEADING_KINDS or c.kind == nb.ITEM or (c.kind or "").startswith("h") else None
        places.append(AspectPlace(c.key, c.line.index, end, c.body_from, has_body, numbering, c.fuzzy,
                                  c.evidence, c.closeness, c.heading))
    return tuple(places), tuple(unmatched), dominant


def _is_head(line: Line, opening: AspectOpening | None, dominant: str | None) -> bool:
    if opening is None or dominant is None or opening.kind != dominant or not opening.marked:
        return False
    # A numbered or styled heading is a short line, or its heading part is (its first item glued on).
    return line.heading_like or opening.kind in (ORDINAL, LABEL, RUN_IN, PLAIN) or (
        opening.name_end - opening.name_start <= MAX_HEADING_CHARS // 2 and opening.name_end < len(line.folded))


def _by_order(heads, unmatched, candidates, openings, m: Matchers) -> list[_Candidate]:
    """ORDER: when the material has as many aspect headings as the framework has aspects, each
    named one at its own place, a heading named by nothing takes the aspect at its place when its
    words say something of that aspect and no more of another (「（二）在补钙壮骨、锤炼品格上」 for
    固本培元、增强党性: 锤炼), and no other heading names it. Only when most headings are placed so:
    a material of another meeting type with as many headings is left alone."""
    if not unmatched or len(heads) != len(m.order):
        return []
    place = {ln.index: i for i, ln in enumerate(heads)}
    claimed = set()
    for c in candidates:
        at = place.get(c.line.index)
        if at is not None and c.key != m.order[at]:
            return []   # a heading at another aspect's place: the order is not the framework's
        claimed.add(c.key)
    taken, supported = [], len(heads) - len(unmatched)
    for ln in unmatched:
        key = m.order[place[ln.index]]
        opening = openings[ln.index]
        _, best, _, scores = closeness_ranking(ln.folded[opening.name_start:opening.name_end], m)
        if key in claimed or scores.get(key, 0.0) < best or best == 0:
            # Contradicted (its aspect is named elsewhere, its words say another one), or its words
            # say nothing of the aspect at its place (「数字化转型方面」 for 工作作风): reported.
            continue
        supported += 1
        taken.append(_Candidate(ln, key, opening.kind, opening.body_from, ORDER, scores.get(key, 0.0),
                                heading_span(ln, opening)))
    return taken if 2 * supported > len(heads) else []


def _depth(kind: str) -> int:
    if kind in nb.HEADING_KINDS:
        return nb.HEADING_KINDS.index(kind) + 1
    return int(kind[1:]) if kind.startswith("h") else 9

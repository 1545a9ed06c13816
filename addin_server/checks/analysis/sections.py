"""Pass 3 of the analysis: the main sections (存在问题, 原因剖析, 整改措施 …). Which lines are a
section's heading, and — once the back matter has said where the body ends — each section's block
of paragraphs.

May use: lines.py, matchers.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from ... import regexes
from ...frameworks import Framework
from .. import numbering as nb
from .lines import TRAILING_PUNCT, Line, body_start
from .matchers import Matchers


@dataclass(frozen=True, slots=True)
class Block:
    key: str
    start: int            # heading paragraph
    end: int              # last paragraph of the block, inclusive
    has_body: bool = True


def section_keys(line: Line, m: Matchers) -> list[str]:
    """The sections this paragraph is the heading of (usually one; "问题及原因" names two).

    A section heading is heading-like and, once numbering and trailing punctuation are removed,
    consists essentially of section names. A dimension heading such as
    "（一）理论学习方面存在的问题" is not a section heading.
    """
    if not line.heading_like or line.starts_with_item:
        return []
    text = line.folded[body_start(line):].rstrip(TRAILING_PUNCT)
    if not text or len(text) > 30 or m.dimensions.search(text):
        return []
    joined = _joined_section_keys(text, m)
    if joined:
        return joined
    found = list(m.sections.finditer(text))
    if not found:
        return []
    marked = line.kind is not None
    extra = len(text) - sum(len(f.group()) for f in found)
    if extra > (12 if marked else 8) or (not marked and found[0].start() > 2):
        return []
    return list(dict.fromkeys(m.section_names[f.group()] for f in found))


# Two or three sections in one heading: 「存在的主要问题及原因」「问题及原因」「存在问题、原因及整改
#措施」 (a material that sets them out side by side, in a table). Each part is a section name, or,
# beside the others, the bare word of its role (问题, 原因), with a few words before it.
_JOINERS = regexes.compile("及其|及|和|与|、")

_ROLE_WORDS = (("问题", "problems"), ("原因", "causes"), ("措施", "measures"))


def _joined_section_keys(text: str, m: Matchers) -> list[str]:
    parts = _JOINERS.split(text)
    if len(parts) not in (2, 3):
        return []
    keys = []
    for part in parts:
        key = m.section_names.get(part)
        if key is None:
            role = next((r for word, r in _ROLE_WORDS
                         if part.endswith(word) and len(part) <= len(word) + 3), None)
            key = m.role_keys.get(role)
        if key is None:
            return []
        keys.append(key)
    return keys if len(set(keys)) == len(keys) else []


def first_section(sections, framework: Framework, role_or_key: str) -> Block | None:
    keys = {s.key for s in framework.sections if s.role == role_or_key} or {role_or_key}
    return next((b for b in sections if b.key in keys), None)


def section_headings(lines, m: Matchers, title: int | None) -> list[tuple[int, str]]:
    """(paragraph, section key) of every section heading but the title, in document order."""
    heads: list[tuple[int, str]] = []
    for ln in lines:
        if ln.index != title:
            heads.extend((ln.index, key) for key in section_keys(ln, m))
    heads = _without_restated_headings(heads, lines)
    return _numbered_sections_own_their_words(_same_level_heads(heads, lines), lines)


def _without_restated_headings(heads: list[tuple[int, str]], lines) -> list[tuple[int, str]]:
    """The section headings without those the material states again further on, which are then
    not its sections but an outline of them or a heading over them:
    - a contents list: two or more section headings one after the other with nothing between
      (「一、存在问题」「二、原因剖析」「三、整改措施」 under 目录 or a 说明), each headed again later;
    - a heading naming several sections at once (「一、存在问题、原因及整改措施」) over a table whose
      columns head each of them (table_layout reads it column by column);
    - a heading said again by the next one (a column's title, 「一、对照检查情况」 then 存在问题)."""
    later_alone: dict[str, int] = {}
    per_line: dict[int, list[str]] = {}
    for i, key in heads:
        per_line.setdefault(i, []).append(key)
    for i, keys in per_line.items():
        if len(keys) == 1:
            later_alone[keys[0]] = i          # the last single heading of each key
    def restated(i: int) -> bool:
        return all(later_alone.get(key, -1) > i for key in per_line[i])
    dropped: set[int] = {i for i, keys in per_line.items() if len(keys) > 1 and restated(i)}
    starts = sorted(per_line)
    # A heading said again by the very next one, with at most a lead-in (「……如下表：」) between:
    # 「一、对照检查情况」 over a table whose 存在问题 column heads the problems.
    for i, j in zip(starts, starts[1:]):
        between = [ln.folded for ln in lines[i + 1:j] if ln.folded]
        if set(per_line[j]) <= set(per_line[i]) and restated(i) and (
                not between or len(between) == 1 and between[0].endswith(":")):
            dropped.add(i)
    run: list[int] = []
    for i in starts + [None]:
        # (A contents list names each section once: the section it names again begins the body.)
        if run and i is not None and all(not ln.folded for ln in lines[run[-1] + 1:i]) and len(per_line[i]) == 1 \
                and per_line[i][0] not in {per_line[k][0] for k in run}:
            run.append(i)
            continue
        if len(run) >= 2 and all(restated(k) for k in run):
            dropped.update(run)
        run = [i] if i is not None and len(per_line[i]) == 1 else []
    return [(i, key) for i, key in heads if i not in dropped]


def _same_level_heads(heads: list[tuple[int, str]], lines) -> list[tuple[int, str]]:
    """The section headings, without one numbered a level deeper than the others after them:
    a measure's own heading 「（二）以案为鉴学纪知纪守纪」 under 「四、整改措施」 names the cases
    section's words but is a heading inside a section, not a section of its own."""
    kinds = [lines[i].prefix.kind for i, _ in heads if lines[i].prefix and lines[i].prefix.kind in nb.HEADING_KINDS]
    if len(set(kinds)) < 2:
        return heads
    main = max(set(kinds), key=lambda kind: (kinds.count(kind), -nb.HEADING_KINDS.index(kind)))
    first_main = next(i for i, _ in heads if lines[i].prefix and lines[i].prefix.kind == main)
    deeper = nb.HEADING_KINDS[nb.HEADING_KINDS.index(main) + 1:]
    return [(i, key) for i, key in heads
            if not (i > first_main and lines[i].prefix and lines[i].prefix.kind in deeper)]


def _numbered_sections_own_their_words(heads: list[tuple[int, str]], lines) -> list[tuple[int, str]]:
    """Where the writer numbers the section headings (一、二、…), an unnumbered line naming a
    section already headed is a heading inside the section it stands in — a measure's own title
    「以案为鉴学纪知纪守纪」 under 「四、整改措施」 — not the section a second time."""
    numbered = [i for i, _ in heads if lines[i].prefix and lines[i].prefix.kind in nb.HEADING_KINDS]
    if len(numbered) < 2:
        return heads
    seen: set[str] = set()
    kept = []
    for i, key in heads:
        if key in seen and not lines[i].prefix and i > numbered[0]:
            continue
        seen.add(key)
        kept.append((i, key))
    return kept


def section_blocks(lines, heads: list[tuple[int, str]], body_end: int) -> tuple[Block, ...]:
    """Each section heading up to `body_end` with its block: to the next heading, or the body's end."""
    heads = [(i, key) for i, key in heads if i <= body_end]
    starts = sorted({i for i, _ in heads})
    sections = []
    for i, key in heads:
        nxt = next((s for s in starts if s > i), body_end + 1)
        has_body = any(ln.folded for ln in lines[i + 1:nxt])
        sections.append(Block(key, i, nxt - 1, has_body))
    return tuple(sections)


def problems_region(sections, framework: Framework, title: int | None, body_end: int) -> tuple[int, int]:
    """The paragraphs where the aspects are looked for: the problems section's, else those before
    the first of the other main sections (a material without a 存在问题 heading)."""
    problems, causes, measures = (first_section(sections, framework, role)
                                  for role in ("problems", "causes", "measures"))
    if problems:
        return problems.start + 1, problems.end
    later = [b.start for b in (causes, measures) if b]
    return (title + 1 if title is not None else 0), (min(later) - 1 if later else body_end)

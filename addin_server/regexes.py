"""Regular expressions compiled once per installation and kept, as Python keeps a module's
bytecode: what a one-shot command would otherwise spend compiling the checks' expressions again on
every run.

`re.compile` turns a pattern into a program for the regex engine (_sre) in Python code: parsing,
then an optimisation that walks every character of a class such as [\\u4e00-\\u9fff] one by one
(21,000 of them). The checks' expressions (the knowledge files' patterns, the structure matchers,
the proofreader's) cost a one-shot `addin-server check` ~60 ms of its ~0.35 s that way. Here the
program CPython's own compiler makes (re._parser, re._compiler) is kept in the user's cache folder
under a name made from the interpreter's version and the engine's MAGIC number, and handed to
_sre.compile — the call re.compile ends with — on the next run. The first program made in each
process is checked to give a pattern equal to re.compile's (re.Pattern's == compares the
program), and the cache is not used in a process where it does not: another interpreter than
CPython, or a CPython whose compiler works otherwise, only loses the shortcut. A cache file that
cannot be read or written costs the time to compile, nothing else. The wheel ships the programs a
check compiles, made when it was built (prebuild.py), under the same name: found only by the
interpreter that built it (`pip install .`), read before the user's cache.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import threading

from .resources import cached_files, user_cache_dir

try:  # CPython's regex engine and compiler, which re.compile runs
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another interpreter
    _sre = None

# Raise when what is kept changes shape.
_FORMAT = 1
# Programs kept at most (the package's expressions are a few hundred); past it, a process keeps
# only those it used.
MAX_KEPT = 4096


class _Kept:
    def __init__(self):
        self.lock = threading.Lock()
        self.programs: dict | None = None   # (pattern, flags) -> _sre.compile's other arguments
        self.used: set = set()              # the keys this process compiled
        self.new = 0
        self.usable = _sre is not None      # False once a program did not give re's pattern
        self.checked = False
        self.saving = False


_kept = _Kept()


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's name
    """re.compile(pattern, flags), from the kept program when there is one."""
    flags = int(flags)
    if not _kept.usable or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    programs = _kept.programs if _kept.programs is not None else _load()
    key = (pattern, flags)
    _kept.used.add(key)
    program = programs.get(key)
    if program is not None:
        return _sre.compile(pattern, *program)
    compiled = re.compile(pattern, flags)   # errors are re's own
    with _kept.lock:
        if _kept.usable:
            try:
                program = _program(pattern, flags)
                same = _sre.compile(pattern, *program) == compiled
            except Exception:  # noqa: BLE001 - a compiler of another shape: no shortcut
                same = False
            if not _kept.checked:
                _kept.checked, _kept.usable = True, same
            if same:
                programs[key] = program
                _kept.new += 1
                if not _kept.saving:
                    _kept.saving = True
                    atexit.register(save)
    return compiled


def _program(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile hands to _sre.compile after the pattern, as marshal can keep
    it (the opcodes are int subclasses)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def file_name() -> str:
    """The kept programs' file name: made from this interpreter's version and its regex engine's,
    so only the interpreter that made them finds them."""
    key = hashlib.sha1(repr((_FORMAT, sys.version, getattr(_sre, "MAGIC", None),
                             getattr(_sre, "CODESIZE", None))).encode()).hexdigest()[:16]
    return f"regex-{key}.marshal"


def cache_path():
    return user_cache_dir() / file_name()


def _load() -> dict:
    """The programs shipped with the package (made by `prebuild` when the wheel was built, for
    the interpreter that built it) and those the user's cache keeps (what other runs compiled)."""
    with _kept.lock:
        if _kept.programs is None:
            programs = {}
            try:
                places = cached_files(file_name())
            except OSError:
                places = ()
            for path in places:
                try:
                    with open(path, "rb") as f:
                        found = marshal.loads(f.read())
                    if isinstance(found, dict):
                        programs.update(found)
                except (OSError, EOFError, ValueError, TypeError):
                    pass
            _kept.programs = programs
    return _kept.programs


def save(path=None) -> None:
    """Write the kept programs, if this process made new ones (at exit), to the user's cache
    folder or `path`."""
    with _kept.lock:
        if not _kept.new or not _kept.usable or _kept.programs is None:
            return
        programs = dict(_kept.programs)
        if len(programs) > MAX_KEPT:
            programs = {key: programs[key] for key in _kept.used if key in programs}
        _kept.new = 0
    try:
        path = path or cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then renamed: a process reading it at the same
        # time sees the old file or the new one.
        part = path.with_suffix(f".{os.getpid()}.part")
        with open(part, "wb") as f:
            marshal.dump(programs, f)
        os.replace(part, path)
    except (OSError, ValueError):
        pass

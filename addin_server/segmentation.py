"""jieba's segmentation of Chinese text, for the checks and the review, without making a short run
pay for the whole dictionary.

Words come from jieba's dictionary and algorithm. rjieba (jieba-rs: the same dictionary and
segmentation in Rust) segments about twenty times faster than the pure-Python jieba; jieba itself
is the fallback on platforms without its wheel (tests/test_text.py checks both give the same
words).

rjieba builds its whole dictionary (350,000 words) when imported: ~0.11 s of CPU, a fifth of a
one-shot `addin-server check`, which segments a few thousand characters. jieba's segmentation of a
text only ever looks at the dictionary words the text contains (the word graph is made of them)
and at the dictionary's total count (each word's probability is its count over the total). So
until a process has segmented FULL_DICTIONARY_AFTER characters, it segments with an rjieba made
empty and given just those words, with their counts, and one word no text holds (UNSEEN) that
carries the rest of the total: the same graph, the same probabilities, the same words
(tests/test_segmentation.py compares the two on materials, the shared corpus and random text).
The words are found in a marisa trie of jieba's dict.txt, made when the wheel is built (shipped in
the package) or else by the first run, and kept in the user's cache folder. After that many characters — or when the server warms up — the whole
dictionary is loaded and used.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import logging
import marshal
import os
import re
import sys
import threading
from pathlib import Path

import marisa_trie

from .resources import cached_files, fingerprint, package_folder

# After this many characters segmented with the partial dictionary, finding each text's words in
# the trie (~3 µs a character) has cost about what loading the whole dictionary costs once.
FULL_DICTIONARY_AFTER = 30_000
# A "word" holding the rest of the dictionary's total count: two noncharacters, which XML (so no
# .docx) cannot hold; a text that holds the first is segmented with the whole dictionary.
UNSEEN = "\uffff\ufffe"
# Raise when the kept trie's format changes.
_FORMAT = 2
# Marks and spaces a text is cut at before its words are looked up, less any that a dictionary
# word holds (a few do: 1号店): no word spans one, and the pieces between them repeat from text
# to text (a paragraph proofread, then its items read for correspondence), so each is looked up
# once.
_MARKS = ("，。、；：？！“”‘’（）《》【】〔〕〈〉「」『』…—·,.;:?!()[]{}<>\"'/\\|@#$%^&*_=+~`-"
          "0123456789 \t\r\n\u3000\u00a0\u2028\u2029")


def jieba_dictionary_path() -> str:
    """jieba's dict.txt, found without importing jieba (its import pulls in pkg_resources, half a
    second of a cold start)."""
    spec = importlib.util.find_spec("jieba")
    return os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")


def _rjieba_class():
    """rjieba's `Jieba` class, or None without rjieba. Loaded from its extension module alone
    when the package is not imported yet: the package's __init__ builds a segmenter with the whole
    dictionary at import (the 0.11 s this module avoids); the extension itself builds nothing.
    Importing `rjieba` later finds the same extension module in sys.modules."""
    if "rjieba" in sys.modules:
        return sys.modules["rjieba"].Jieba
    if "rjieba.rjieba" in sys.modules:
        return sys.modules["rjieba.rjieba"].Jieba
    spec = importlib.util.find_spec("rjieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0])
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = folder / f"rjieba{suffix}"
        if path.is_file():
            loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
            module_spec = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
            module = importlib.util.module_from_spec(module_spec)
            loader.exec_module(module)
            sys.modules["rjieba.rjieba"] = module
            return module.Jieba
    import rjieba  # a layout this loader does not know: the package's own way

    return rjieba.Jieba


def _python_jieba_cut():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return lambda text, hmm: jieba.lcut(text, HMM=hmm)


class _Dictionary:
    """jieba's dict.txt as a trie of word → count, with the total count, the longest word and
    the marks of _MARKS no word holds."""

    def __init__(self, trie, total: int, longest: int, breaks: str):
        self.trie, self.total, self.longest, self.breaks = trie, total, longest, breaks
        self.pieces = re.compile("[" + re.escape(breaks) + "]+").split if breaks else (lambda t: [t])

    @staticmethod
    def file_name() -> str:
        """The kept trie's name: made from its format and jieba's version and dictionary size,
        the same wherever jieba is installed (the wheel ships one made when it was built)."""
        jieba = package_folder("jieba")
        key = hashlib.sha1(repr((_FORMAT, _MARKS, fingerprint([
            ("jieba/__init__.py", jieba / "__init__.py", True),
            ("jieba/dict.txt", jieba_dictionary_path(), False)]))).encode()).hexdigest()[:16]
        return f"jieba-dictionary-{key}.marshal"

    @classmethod
    def load(cls) -> "_Dictionary":
        source = Path(jieba_dictionary_path())
        try:
            places = cached_files(cls.file_name())
        except OSError:
            return cls._read(source)
        for path in places:
            try:
                with open(path, "rb") as f:
                    data = marshal.loads(f.read())
                trie = marisa_trie.RecordTrie("<I")
                trie.frombytes(data["trie"])
                return cls(trie, data["total"], data["longest"], data["breaks"])
            except (OSError, EOFError, ValueError, TypeError, KeyError):
                pass
        made = cls._read(source)
        made.save(places[-1])   # an unwritable folder only costs the next run this read again
        return made

    def save(self, path: Path) -> bool:
        """Keep the trie at `path` (written whole, then renamed: a reader sees all of it or
        nothing); False if the folder cannot be written (the next run reads dict.txt again)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_suffix(f".{os.getpid()}.part")
            with open(part, "wb") as f:
                # marshal's version 4 (Python 3.4 on) reads on any later Python: the wheel's
                # file may be made by another Python than the one that runs it.
                marshal.dump({"trie": self.trie.tobytes(), "total": self.total,
                              "longest": self.longest, "breaks": self.breaks}, f, 4)
            os.replace(part, path)
        except OSError:
            return False
        return True

    @classmethod
    def _read(cls, source: Path) -> "_Dictionary":
        counts = {}
        with open(source, encoding="utf-8") as f:
            for line in f:
                word, count, *_ = line.split()
                counts[word] = int(count)
        in_words = set().union(*map(set, counts))
        breaks = "".join(c for c in _MARKS if c not in in_words)
        return cls(marisa_trie.RecordTrie("<I", ((w, (n,)) for w, n in counts.items())),
                   sum(counts.values()), max(map(len, counts)), breaks)

    def words_in(self, piece: str) -> set[str]:
        """Every dictionary word that occurs in `piece` (a text without NUL)."""
        prefixes, longest = self.trie.prefixes, self.longest
        return {word for i in range(len(piece)) for word in prefixes(piece[i:i + longest])}


def build_into(folder: Path) -> Path:
    """Make the dictionary's trie and keep it in `folder` under the name a run looks for (the
    wheel's build: prebuild.py); returns the file."""
    path = Path(folder) / _Dictionary.file_name()
    if not _Dictionary._read(Path(jieba_dictionary_path())).save(path):
        raise OSError(f"cannot write the segmentation dictionary into {folder}")
    return path


class Segmenter:
    """jieba's `cut` (with or without its HMM guessing of unknown words), by rjieba with the
    words a text needs until FULL_DICTIONARY_AFTER characters have been cut, then with the whole
    dictionary; by the pure-Python jieba where rjieba is not installed."""

    def __init__(self, full_after: int = FULL_DICTIONARY_AFTER):
        self.full_after = full_after
        self._lock = threading.Lock()
        self._full = None          # cut(text, hmm) with the whole dictionary, once loaded
        self._partial = None       # the rjieba given only the words seen so far
        self._dictionary = None
        self._known: set[str] = set()
        self._learned: set[str] = set()   # the pieces of text whose words are known
        self._known_total = 0
        self._chars = 0

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        full = self._full
        if full is not None:
            return full(text, hmm)
        with self._lock:
            if self._full is None and self._chars + len(text) <= self.full_after and UNSEEN[0] not in text:
                text.encode("utf-8")   # a lone surrogate raises as rjieba itself would
                if self._partial_ready():
                    self._chars += len(text)
                    self._learn(text)
                    return self._partial.cut(text, hmm)
        return self.load_whole_dictionary()(text, hmm)

    def load_whole_dictionary(self):
        """Load the whole dictionary now (the server's warm-up: its checks then never wait for
        it); returns the cut function that uses it."""
        with self._lock:
            if self._full is None:
                jieba_class = _rjieba_class()
                if jieba_class is None:
                    self._full = _python_jieba_cut()
                else:
                    self._full = jieba_class().cut
        return self._full

    def _partial_ready(self) -> bool:
        if self._partial is None:
            jieba_class = _rjieba_class()
            if jieba_class is None:
                return False
            self._dictionary = _Dictionary.load()
            self._partial = jieba_class.empty()
            self._partial.add_word(UNSEEN, self._dictionary.total, None)
        return True

    def _learn(self, text: str) -> None:
        known, learned, added = self._known, self._learned, 0
        get = self._dictionary.trie.get
        # marisa misreads a key holding NUL; no dictionary word holds one.
        for piece in self._dictionary.pieces(text.replace("\x00", " ")):
            if piece in learned:
                continue
            learned.add(piece)
            for word in self._dictionary.words_in(piece) - known:
                known.add(word)
                count = get(word)[0][0]
                self._partial.add_word(word, count, None)
                added += count
        if added:
            self._known_total += added
            # add_word on a word already there replaces its count, and the total with it.
            self._partial.add_word(UNSEEN, self._dictionary.total - self._known_total, None)


_segmenter = Segmenter()


def cut(text: str, hmm: bool = True) -> list[str]:
    """jieba's words of `text` (`hmm`: unknown words guessed by its HMM, as jieba's default)."""
    return _segmenter.cut(text, hmm)


def load_whole_dictionary() -> None:
    _segmenter.load_whole_dictionary()

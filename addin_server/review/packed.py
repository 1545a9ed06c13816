"""Review results kept compressed in memory until the report is written (issue 25's scale work).

A review of 10,000 materials and last year's holds every material's findings (~30 a material, as
dicts ~32 KB, ~3 KB compressed) and every 照搬上年度 result with its passages (~20 KB a material,
the generated set's five) until the report is written: half a gigabyte as Python objects. Kept
pickled and zlib-compressed (level 1: the fastest; pickled dicts of CJK text compress about
tenfold), they are expanded one material or one result at a time when read — for the report,
written row by row, and the annotated copies. In memory only, like the objects they stand for.
"""
from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator, Sequence

_LEVEL = 1


def pack(value) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), _LEVEL)


def unpack(data: bytes):
    return pickle.loads(zlib.decompress(data))


class PackedRows(Sequence):
    """A list (a material's findings) kept as one compressed blob; reading it expands it whole."""

    __slots__ = ("_data", "_len")

    def __init__(self, rows: Iterable = ()):
        rows = list(rows)
        self._data, self._len = pack(rows), len(rows)

    def unpacked(self) -> list:
        return unpack(self._data)

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator:
        return iter(self.unpacked())

    def __getitem__(self, i):
        return self.unpacked()[i]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"PackedRows({self._len} rows, {len(self._data)} bytes)"


class PackedItems(Sequence):
    """A list of results (照搬上年度's) each kept compressed on its own, so that reading them in
    order expands one at a time."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable = ()):
        self._items = [pack(item) for item in items]

    @classmethod
    def of_packed(cls, packed: Iterable[bytes]) -> "PackedItems":
        """From items already packed (pack()), in their order."""
        made = cls()
        made._items = list(packed)
        return made

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [unpack(d) for d in self._items[i]]
        return unpack(self._items[i])

    def __iter__(self) -> Iterator:
        return (unpack(d) for d in self._items)

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"PackedItems({len(self._items)} items)"

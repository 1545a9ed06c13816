"""Draw the add-in's icons (addin_server/pane/assets/icon-*.png) without any imaging library.

Office asks for 16, 32, 64 and 80 px PNGs (the manifest names them); 128 px is for catalogs.
The icon is ours: a rounded red page with two text lines and a check mark, rasterised here with
4x4 supersampling so edges are smooth at every size. Run `python scripts/make_icons.py` after
changing the drawing; the PNGs are committed so the server needs nothing at run time.
"""
from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 64, 80, 128)
OUT_DIR = Path(__file__).resolve().parent.parent / "addin_server" / "pane" / "assets"
PAGE_RGB = (0xA8, 0x1F, 0x26)
MARK_RGB = (0xFF, 0xFF, 0xFF)
SUBSAMPLES = 4


def _in_rounded_rect(x, y, left, top, right, bottom, radius):
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return left <= x <= right and top <= y <= bottom and math.hypot(x - cx, y - cy) <= radius


def _near_segment(x, y, a, b, half_width):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= half_width


def _mark(x, y, size):
    # Strokes get relatively thicker at small sizes so they survive as at least one pixel.
    line = max(0.085, 1.1 / size) / 2
    check = max(0.12, 1.6 / size) / 2
    return (
        _near_segment(x, y, (0.27, 0.28), (0.73, 0.28), line)
        or _near_segment(x, y, (0.27, 0.44), (0.55, 0.44), line)
        or _near_segment(x, y, (0.30, 0.64), (0.45, 0.78), check)
        or _near_segment(x, y, (0.45, 0.78), (0.74, 0.50), check)
    )


def render(size: int) -> bytes:
    rows = []
    n = SUBSAMPLES
    for py in range(size):
        row = bytearray([0])  # PNG filter type "none"
        for px in range(size):
            page = mark = 0
            for sy in range(n):
                for sx in range(n):
                    x = (px + (sx + 0.5) / n) / size
                    y = (py + (sy + 0.5) / n) / size
                    if _in_rounded_rect(x, y, 0.08, 0.06, 0.92, 0.94, 0.14):
                        page += 1
                        if _mark(x, y, size):
                            mark += 1
            if page == 0:
                row += bytes(4)
                continue
            share = mark / page
            rgb = [round(p * (1 - share) + m * share) for p, m in zip(PAGE_RGB, MARK_RGB)]
            row += bytes(rgb + [round(255 * page / (n * n))])
        rows.append(bytes(row))
    return _png(size, size, b"".join(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        path = OUT_DIR / f"icon-{size}.png"
        path.write_bytes(render(size))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

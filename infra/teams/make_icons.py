"""Draw Kravbot's Teams app icons (color.png 192x192, outline.png 32x32) without Pillow.

Run ``python infra/teams/make_icons.py`` to rewrite both files next to this script. The output
is deterministic (no timestamps or other ancillary chunks), so regenerating unchanged icons gives
byte-identical files and ``tests/test_package.py`` can check that the committed icons are current.

The glyph is a sheet of paper with a folded corner and a check mark: a reviewed requirement.

Microsoft's icon rules (learn.microsoft.com, "Create an app package"):
- color: 192x192, a solid square background with square corners (Teams rounds them itself, so
  rounding here would show as a double edge), the symbol inside the central 96x96 (48 px padding
  so Teams' round and hexagonal crops never cut it).
- outline: 32x32, white (255, 255, 255) on fully transparent (alpha 0), no other colours and no
  extra padding. Alpha is kept strictly 0 or 255 here: half-transparent edge pixels are what
  store validation tends to flag as "other colours".
"""

from __future__ import annotations

import itertools
import math
import struct
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

#: Background of the color icon; the manifest's accentColor must be the same value.
ACCENT_COLOR = "#2B6CB0"  # calm blue; white on it has a contrast ratio of 5.4:1
_FOLD_COLOR = "#C6D8EE"  # the folded corner: a light tint of the accent, reads as paper
_WHITE = (255, 255, 255)

Point = tuple[float, float]
Shape = Callable[[float, float], bool]

# Glyph geometry in unit coordinates of the symbol box (x right, y down, both 0..1). The values
# are multiples of 1/32 so that the outline icon's edges fall on whole pixels and stay crisp.
_U = 1 / 32
_PAGE: tuple[Point, ...] = (
    (3 * _U, 0.0),
    (20 * _U, 0.0),
    (29 * _U, 9 * _U),
    (29 * _U, 1.0),
    (3 * _U, 1.0),
)
_FOLD: tuple[Point, ...] = ((20 * _U, 0.0), (20 * _U, 9 * _U), (29 * _U, 9 * _U))
_CHECK: tuple[Point, ...] = ((9 * _U, 19 * _U), (14 * _U, 24 * _U), (23 * _U, 15 * _U))

_SUPERSAMPLE = 4  # 4x4 samples per pixel: smooth edges on the color icon, clean thresholds


def _hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _inside_polygon(x: float, y: float, poly: Sequence[Point]) -> bool:
    """Even-odd rule; enough for the convex shapes drawn here."""
    inside = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _segment_distance(x: float, y: float, a: Point, b: Point) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy))


def _stroke(points: Sequence[Point], width: float, *, closed: bool = False) -> Shape:
    """A polyline (or closed polygon outline) drawn with round joins and caps."""
    segments = list(itertools.pairwise(points))
    if closed:
        segments.append((points[-1], points[0]))
    half = width / 2

    def shape(x: float, y: float) -> bool:
        return any(_segment_distance(x, y, a, b) <= half for a, b in segments)

    return shape


def _filled(poly: Sequence[Point]) -> Shape:
    return lambda x, y: _inside_polygon(x, y, poly)


def _inset_page(inset: float) -> tuple[Point, ...]:
    """The page outline moved inward, so that a stroke centred on it stays inside the box."""
    (x0, _), (xf, _), (x1, yf), _, _ = _PAGE
    # The cut edge moves inward along its normal; at 45 degrees that shifts x by inset*sqrt(2).
    shift = inset * (math.sqrt(2) - 1)
    return (
        (x0 + inset, inset),
        (xf - shift, inset),
        (x1 - inset, yf + shift),
        (x1 - inset, 1 - inset),
        (x0 + inset, 1 - inset),
    )


def _coverage(shape: Shape, px: int, py: int, box: tuple[float, float, float]) -> float:
    """Fraction of the pixel (px, py) covered by `shape`, for a symbol box (left, top, size)."""
    left, top, size = box
    hits = 0
    for sy in range(_SUPERSAMPLE):
        for sx in range(_SUPERSAMPLE):
            ux = (px + (sx + 0.5) / _SUPERSAMPLE - left) / size
            uy = (py + (sy + 0.5) / _SUPERSAMPLE - top) / size
            if 0.0 <= ux <= 1.0 and 0.0 <= uy <= 1.0 and shape(ux, uy):
                hits += 1
    return hits / (_SUPERSAMPLE * _SUPERSAMPLE)


def _blend(under: tuple[int, int, int], over: tuple[int, int, int], a: float) -> tuple[int, ...]:
    return tuple(round(u + (o - u) * a) for u, o in zip(under, over, strict=True))


def _png(width: int, height: int, color_type: int, rows: Sequence[bytes]) -> bytes:
    """A minimal PNG: 8-bit RGB (2) or RGBA (6), filter 0 on every row, no ancillary chunks."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def render_color() -> bytes:
    """The 192x192 color icon: white page with a blue check on a full-bleed accent square."""
    size, box = 192, (48.0, 48.0, 96.0)
    background = _hex_rgb(ACCENT_COLOR)
    layers: list[tuple[Shape, tuple[int, int, int]]] = [
        (_filled(_PAGE), _WHITE),
        (_filled(_FOLD), _hex_rgb(_FOLD_COLOR)),
        (_stroke(_CHECK, 0.11), background),
    ]
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            pixel: tuple[int, ...] = background
            for shape, color in layers:
                a = _coverage(shape, px, py, box)
                if a > 0:
                    pixel = _blend((pixel[0], pixel[1], pixel[2]), color, a)
            row += bytes(pixel)
        rows.append(bytes(row))
    return _png(size, size, 2, rows)


def render_outline() -> bytes:
    """The 32x32 outline icon: the same glyph as 2 px white strokes on transparency."""
    size, box = 32, (0.0, 0.0, 32.0)
    width = 2 / size  # 2 px strokes: 1 px lines look faint in the Teams app bar
    shapes = [
        _stroke(_inset_page(width / 2), width, closed=True),
        # A solid dog-ear: at 32 px an outlined one is a clutter of crossing 2 px lines.
        _filled(_FOLD),
        _stroke(_CHECK, width),
    ]
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            on = any(_coverage(shape, px, py, box) >= 0.5 for shape in shapes)
            # Transparent pixels stay white too (255,255,255,0): only alpha ever varies.
            row += bytes((*_WHITE, 255 if on else 0))
        rows.append(bytes(row))
    return _png(size, size, 6, rows)


def main() -> None:
    """Write color.png and outline.png next to this script."""
    here = Path(__file__).resolve().parent
    (here / "color.png").write_bytes(render_color())
    (here / "outline.png").write_bytes(render_outline())


if __name__ == "__main__":
    main()

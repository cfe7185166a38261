"""Pictures for the demo publications, drawn here (no file to ship, no licence to check):
a landscape in colours chosen from the title, so that the cards of a fresh `scripts/dev`
look like a network people use, with images."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw

# Sky, sun, far hills, near hills: warm mornings, green parks, blue evenings.
PALETTES = (
    ("#f6d6a8", "#f08a4b", "#8fb573", "#4f7d4a"),
    ("#cfe8f3", "#ffd166", "#7fb7a4", "#2f6f5e"),
    ("#f3d9e4", "#ef6f6c", "#a1b5d8", "#5a6fa8"),
    ("#e5ecd3", "#f4a259", "#9bc53d", "#5b8c2a"),
    ("#d8e2f3", "#ffb703", "#8ecae6", "#219ebc"),
)
WIDTH, HEIGHT = 960, 600


def _seed(title: str) -> bytes:
    return hashlib.sha256(title.encode()).digest()


def picture_for(title: str) -> bytes:
    """A PNG landscape for this title, the same every time."""
    seed = _seed(title)
    sky, sun, far, near = PALETTES[seed[0] % len(PALETTES)]
    image = Image.new("RGB", (WIDTH, HEIGHT), sky)
    draw = ImageDraw.Draw(image)
    x, y, r = 160 + seed[1] * 2, 110 + seed[2] % 80, 60 + seed[3] % 40
    draw.ellipse((x - r, y - r, x + r, y + r), fill=sun)
    for colour, base, height, shift in ((far, 380, 120, seed[4]), (near, 470, 90, seed[5])):
        points = [(0, HEIGHT)]
        for step in range(0, WIDTH + 80, 80):
            wave = ((step + shift * 3) % 240) / 240
            points.append((step, base - int(height * (0.5 + 0.5 * abs(wave - 0.5) * 2))))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)
    for i in range(3 + seed[6] % 4):  # a few trees on the near hills
        tx, ty = 90 + (seed[7 + i] * 3 + i * 170) % (WIDTH - 180), 470 + seed[11 + i] % 40
        draw.rectangle((tx - 5, ty, tx + 5, ty + 40), fill="#5b3a29")
        draw.ellipse((tx - 34, ty - 62, tx + 34, ty + 8), fill="#3f7d3a" if i % 2 else "#2f5f2c")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()

"""pilgi's own PNG writer: the pixels given, a valid file, the same bytes on any machine."""
from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image

from pilgi.backends import png


def noisy_page(width: int, height: int) -> Image.Image:
    """Graph-paper-like rows with random marks: runs and noise, as a page has."""
    rng = random.Random(7)
    image = Image.new("RGB", (width, height), (251, 250, 245))
    pixels = image.load()
    for _ in range(width * height // 5):
        pixels[rng.randrange(width), rng.randrange(height)] = (rng.randrange(256), rng.randrange(256), 40)
    for y in range(0, height, 9):
        for x in range(width):
            pixels[x, y] = (200, 215, 230)
    return image


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    out, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        out.append((kind, body))
        at += 12 + length
    return out


@pytest.fixture
def small_pieces(monkeypatch):
    monkeypatch.setattr(png, "BAND", 5000)  # a small image in many bands


def test_decodes_to_the_same_pixels_across_many_bands(small_pieces):
    image = noisy_page(301, 157)
    data = png.png_bytes(image, 300)
    back = Image.open(io.BytesIO(data))
    assert back.mode == "RGB" and back.size == image.size
    assert back.tobytes() == image.tobytes()
    assert back.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    kinds = [kind for kind, _ in chunks(data)]
    assert kinds == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    idat = dict(chunks(data))[b"IDAT"]
    rows = zlib.decompress(idat)  # checks the stream's Adler-32 too
    stride = 301 * 3 + 1
    assert len(rows) == stride * 157 and all(rows[y * stride] == 0 for y in range(157))


def test_same_bytes_whatever_the_number_of_threads(small_pieces, monkeypatch):
    image = noisy_page(200, 120)
    monkeypatch.setattr(png, "MAX_THREADS", 1)
    one = png.png_bytes(image, 150)
    monkeypatch.setattr(png, "MAX_THREADS", 4)
    monkeypatch.setattr(png.os, "cpu_count", lambda: 4)
    assert png.png_bytes(image, 150) == one


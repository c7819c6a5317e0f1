"""PNG files of the page image, compressed on several cores.

A 300-dpi A4 page is 26 MB of pixels. Pillow's encoder picks a filter for every
row and deflates on one core: about 0.17 s, the largest part of a render. Here every
row is written unfiltered (filter type 0: the graph paper's long runs of one colour
compress well without one), and the rows are taken out of the image and deflated a
band at a time: each band ends on a byte boundary (Z_SYNC_FLUSH), so the bands join
into one zlib stream, as pigz makes them (within 0.5% of one stream's size). zlib
releases the GIL, so bands compress in threads while the next band is taken out and
while the caller goes on (``start``); taking bands, not the whole image at once, also
spares a fresh process the page faults of another 26 MB buffer. Bands do not depend
on the number of cores: the same image gives the same bytes on any machine with the
same zlib.
"""
from __future__ import annotations

import os
import struct
import threading
import zlib
from queue import SimpleQueue
from typing import Callable

from PIL import Image

LEVEL = 3  # ~0.07 s of one core for a 300-dpi page, 1.47 MB: 10% larger than Pillow at level 1
BAND = 1 << 21  # bytes of scanlines per band (whole rows): enough bands to share among cores
MAX_THREADS = 4
METRE_PER_INCH = 0.0254
ADLER_BASE = 65521


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from each one's (zlib's adler32_combine)."""
    rem = second_length % ADLER_BASE
    low = first & 0xFFFF
    high = rem * low % ADLER_BASE
    low = (low + (second & 0xFFFF) + ADLER_BASE - 1) % ADLER_BASE
    high = (high + (first >> 16) + (second >> 16) + ADLER_BASE - rem) % ADLER_BASE
    return low | high << 16


def _deflate(rows: bytes, last: bool) -> tuple[bytes, int]:
    """One band's scanlines, deflated (raw: the stream's header is written once), and
    their Adler-32. ``rows`` holds each row followed by a zero byte, as Pillow pads
    them; that zero is the filter type of the row below, so a zero in front and the
    last one dropped make the band's scanlines."""
    body = memoryview(rows)[:-1]
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = packer.compress(b"\0") + packer.compress(body) + packer.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
    return packed, zlib.adler32(body, zlib.adler32(b"\0"))


def start(image: Image.Image, dpi: float) -> Callable[[], bytes]:
    """Begin encoding ``image`` (RGB) in background threads; the returned function
    waits for them and gives the file's bytes."""
    width, height = image.size
    stride = width * 3 + 1
    band_rows = max(1, BAND // stride)
    tops = range(0, height, band_rows)
    done: list[tuple[bytes, int] | None] = [None] * len(tops)
    failures: list[BaseException] = []
    bands: SimpleQueue = SimpleQueue()

    def work() -> None:
        while (job := bands.get()) is not None:
            i, rows = job
            try:
                done[i] = _deflate(rows, last=i == len(tops) - 1)
            except BaseException as error:  # re-raised in the caller's thread
                failures.append(error)

    threads = [threading.Thread(target=work, daemon=True)
               for _ in range(max(1, min(MAX_THREADS, os.cpu_count() or 1, len(tops))))]
    for thread in threads:
        thread.start()
    try:
        for i, top in enumerate(tops):
            band = image.crop((0, top, width, min(height, top + band_rows)))
            bands.put((i, band.tobytes("raw", "RGB", stride)))
    finally:  # interrupted or not, the threads stop once the bands given are done
        for _ in threads:
            bands.put(None)

    def finish() -> bytes:
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        checksum = 1
        for top, (_, adler) in zip(tops, done):
            checksum = adler32_combine(checksum, adler, stride * (min(height, top + band_rows) - top))
        ppm = int(dpi / METRE_PER_INCH + 0.5)
        stream = b"\x78\x5e" + b"".join(packed for packed, _ in done) + struct.pack(">I", checksum)
        return (b"\x89PNG\r\n\x1a\n"
                + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                + _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
                + _chunk(b"IDAT", stream)
                + _chunk(b"IEND", b""))

    return finish


def png_bytes(image: Image.Image, dpi: float) -> bytes:
    return start(image, dpi)()

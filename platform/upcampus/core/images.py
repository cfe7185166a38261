"""Uploaded images: checked by decoding them (never by name), then re-encoded at a fixed
size, which also drops any metadata or trailing payload."""

from __future__ import annotations

import hashlib
import io
import warnings

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs before decoding


class ImageError(ValueError):
    pass


def _decode(data: bytes) -> Image.Image:
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(_l("The image is too large (%(size)d MB at most).",
                               size=MAX_UPLOAD_BYTES // (1024 * 1024)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ImageError(_l("Send a PNG, JPEG or WebP image."))
            if image.width * image.height > MAX_PIXELS:
                raise ImageError(_l("The image has too many pixels."))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        if isinstance(exc, ImageError):
            raise
        raise ImageError(_l("This file is not an image we can read.")) from None
    return ImageOps.exif_transpose(image).convert("RGB")


def _encode(image: Image.Image) -> tuple[bytes, str]:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=85)
    encoded = out.getvalue()
    return encoded, hashlib.sha256(encoded).hexdigest()


def square_thumbnail(data: bytes, size: int = 256) -> tuple[bytes, str]:
    """(WebP bytes, sha256) of a size x size crop of an uploaded PNG, JPEG or WebP."""
    return _encode(ImageOps.fit(_decode(data), (size, size), Image.Resampling.LANCZOS))


def fit_within(data: bytes, side: int = 1200) -> tuple[bytes, str]:
    """(WebP bytes, sha256) of an uploaded image scaled to fit in side x side."""
    image = _decode(data)
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return _encode(image)

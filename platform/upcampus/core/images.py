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


def square_thumbnail(data: bytes, size: int = 256) -> tuple[bytes, str]:
    """(WebP bytes, sha256) of a size x size crop of an uploaded PNG, JPEG or WebP."""
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
    image = ImageOps.exif_transpose(image).convert("RGB")
    thumb = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    thumb.save(out, "WEBP", quality=85)
    encoded = out.getvalue()
    return encoded, hashlib.sha256(encoded).hexdigest()

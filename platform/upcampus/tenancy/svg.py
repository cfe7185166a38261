"""SVG logos, rebuilt from an allow-list: what a logo needs to draw (shapes, paths, text,
gradients, clipping) survives; scripts, events, animation, foreign content, external
links and anything this list does not name are dropped. The XML is parsed (entities and
DTDs refused), so an encoded `javascript&#58;` or a namespaced `<s:script>` is judged on
what it really is, and the logo stored is the rebuilt one, never the bytes sent."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817 - the usual name; parsing is defusedxml's

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle",
    "ellipse", "line", "polyline", "polygon", "text", "tspan", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "pattern", "style",
}
ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx",
    "cy", "r", "rx", "ry", "fx", "fy", "d", "points", "transform", "preserveAspectRatio",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "opacity", "clip-path", "clip-rule", "mask", "offset",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "patternUnits", "patternTransform", "clipPathUnits", "maskUnits", "font-family",
    "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
    "letter-spacing", "dx", "dy", "style", "version", "role", "aria-label", "display",
    "visibility", "color",
}
# url(#id) points inside the logo; any other url(), an import, an escape or a scheme
# could reach outside it or run something.
ET.register_namespace("", SVG)  # written back as <svg xmlns="...">, as it came
ET.register_namespace("xlink", XLINK)
UNSAFE_VALUE = re.compile(r"url\s*\(\s*(?!['\"]?#)|@import|expression\s*\(|\\|javascript:|"
                          r"data:|vbscript:", re.IGNORECASE)


MAX_DEPTH = 64


class UnsafeSvgError(ValueError):
    """Not an SVG image we can rebuild."""


def clean_svg(data: bytes) -> bytes:
    """The logo rebuilt from what the allow-list keeps; UnsafeSvgError if it is no SVG."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise UnsafeSvgError(str(error)) from None
    if root.tag != f"{{{SVG}}}svg":
        raise UnsafeSvgError("the root element is not an SVG image")
    _clean(root)
    return ET.tostring(root, encoding="unicode").encode()


def _clean(root: ET.Element) -> None:
    # A walk with its own stack: a logo of thousands of nested groups is refused, not a
    # RecursionError (and no logo needs more than a few levels).
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise UnsafeSvgError(f"more than {MAX_DEPTH} nested elements")
        for name, value in list(element.attrib.items()):
            if not _attribute_kept(element, name, value):
                del element.attrib[name]
        if element.tag == f"{{{SVG}}}style" and UNSAFE_VALUE.search(element.text or ""):
            element.text = ""
        for child in list(element):
            if _element_kept(child):
                stack.append((child, depth + 1))
            else:
                element.remove(child)


def _element_kept(element) -> bool:
    if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{SVG}}}"):
        return False  # comments, processing instructions, other namespaces
    return element.tag[len(SVG) + 2:] in ELEMENTS


def _attribute_kept(element, name: str, value: str) -> bool:
    if name in (f"{{{XLINK}}}href", "href"):
        # Only a <use> or a gradient may point, and only inside the logo.
        return element.tag in (f"{{{SVG}}}use", f"{{{SVG}}}linearGradient",
                               f"{{{SVG}}}radialGradient", f"{{{SVG}}}pattern") and \
            value.strip().startswith("#")
    return name in ATTRIBUTES and not UNSAFE_VALUE.search(value)

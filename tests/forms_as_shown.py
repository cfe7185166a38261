"""Submitting a form exactly as a browser shows it: what is ticked, selected and typed on
the page is what is sent. A form that does not show what it saves loses data; these
helpers let a test find out."""

from __future__ import annotations

from bs4 import BeautifulSoup

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


def form_on(html: str, action: str, page: str):
    """The <form> of `page` that posts to `action` (a form without one posts to the page)."""
    soup = BeautifulSoup(html, "html.parser")
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post" and (
                form.get("action") or page) == action:
            return form
    raise AssertionError(f"no form posting to {action!r} on the page")


def values_of(form, button: str | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser sends for this form, pressing `button` (a submit
    button's name) if given."""
    pairs: list[tuple[str, str]] = []
    for element in form.find_all(["input", "select", "textarea", "button"]):
        name = element.get("name")
        if not name or element.has_attr("disabled"):
            continue
        if element.name == "button" or (element.name == "input" and
                                         element.get("type", "text") in SKIPPED_INPUTS):
            if element.get("type", "submit") == "submit" and name == button:
                pairs.append((name, element.get("value", "")))
            continue
        if element.name == "textarea":
            text = element.string or ""
            pairs.append((name, text[1:] if text.startswith("\n") else text))
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and not element.has_attr("multiple") and options:
                chosen = options[:1]
            pairs += [(name, o.get("value", o.get_text())) for o in chosen]
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                pairs.append((name, element.get("value", "on")))
        elif element.get("type") != "password":
            pairs.append((name, element.get("value", "")))
    return pairs


def submit_as_shown(client, page: str, action: str | None = None, button: str | None = None,
                    **kwargs):
    """Open `page`, and send its form posting to `action` (default: the page) unchanged."""
    html = client.get(page).text
    target = page if action is None else action
    form = form_on(html, target, page)
    data: dict[str, list[str]] = {}
    for name, value in values_of(form, button):
        data.setdefault(name, []).append(value)
    return client.post(target, data=data, **kwargs)

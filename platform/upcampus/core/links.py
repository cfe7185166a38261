"""Absolute links (in emails above all) come from the configuration, never from the
request's Host header: a city's own address (its first custom domain, else its
subdomain of BASE_DOMAIN), PREFERRED_URL_SCHEME and PUBLIC_PORT. A forged
`Host: sceaux.example:1337` cannot put its port, or anything else, into a reset link."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request
from slugify import slugify
from sqlalchemy import select

from upcampus.core.templating import ThemedFlask

DEFAULT_PORTS = {"http": 80, "https": 443}


def slug_of(text: str, fallback: str) -> str:
    """The readable part of a link: "Cœur de ville" gives "coeur-de-ville"."""
    return slugify(text, max_length=120) or fallback


def city_host(city) -> str:
    from upcampus.core.db import db
    from upcampus.tenancy.models import TenantDomain

    # Custom domains are national rows (no tenant scope); a city that owns one is
    # reached there first.
    custom = db.session.scalars(select(TenantDomain.host).where(
        TenantDomain.tenant_id == city.id).order_by(TenantDomain.host)).first()
    return custom or f"{city.subdomain}.{current_app.config['BASE_DOMAIN']}"


def public_base_url(city) -> str:
    """scheme://host[:port] of a city (or of the national site when city is None)."""
    config = current_app.config
    return base_url_of_host(city_host(city) if city is not None else config["BASE_DOMAIN"])


def base_url_of_host(host: str) -> str:
    """scheme://host[:port] for a host of the platform (checked by the caller), with the
    configured scheme and port."""
    config = current_app.config
    scheme = config["PREFERRED_URL_SCHEME"]
    if has_request_context() and request.scheme == "https":
        scheme = "https"  # never downgrade a link asked for over HTTPS (behind a proxy too)
    port = config.get("PUBLIC_PORT") or 0
    suffix = f":{port}" if port and port != DEFAULT_PORTS.get(scheme) else ""
    return f"{scheme}://{host}{suffix}"


class PublicLinksFlask(ThemedFlask):
    """`url_for(..., _external=True)` builds from the configured address of the current
    city; relative links are unchanged."""

    def url_for(self, endpoint, *, _anchor=None, _method=None, _scheme=None,
                _external=None, **values):
        if _external and has_request_context():
            path = super().url_for(endpoint, _anchor=_anchor, _method=_method,
                                   _external=False, **values)
            return public_base_url(g.get("city")) + path
        return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                               _external=_external, **values)

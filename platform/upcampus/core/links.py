"""Absolute links (in emails above all) come from the configuration, never from the
request's Host header: a city's own address (its first custom domain, else its
subdomain of BASE_DOMAIN), PREFERRED_URL_SCHEME and PUBLIC_PORT. A forged
`Host: sceaux.example:1337` cannot put its port, or anything else, into a reset link.

Operations, jobs and the CLI build links with `public_base_url(city)` and `absolute_url`,
which need no request; only the page layer (`PublicLinksFlask`, `tenancy.web`) looks at
the request, to keep a link asked for over HTTPS on HTTPS."""

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


def public_base_url(city, scheme: str | None = None) -> str:
    """scheme://host[:port] of a city (a Tenant row or its CityInfo), or of the national
    site when city is None. `scheme` only ever upgrades to https, never downgrades."""
    config = current_app.config
    return base_url_of_host(city_host(city) if city is not None else config["BASE_DOMAIN"],
                            scheme)


def base_url_of_host(host: str, scheme: str | None = None) -> str:
    """scheme://host[:port] for a host of the platform (checked by the caller), with the
    configured scheme and port; `scheme` only ever upgrades to https, never downgrades."""
    config = current_app.config
    scheme = "https" if scheme == "https" else config["PREFERRED_URL_SCHEME"]
    port = config.get("PUBLIC_PORT") or 0
    suffix = f":{port}" if port and port != DEFAULT_PORTS.get(scheme) else ""
    return f"{scheme}://{host}{suffix}"


def path_for(endpoint: str, **values) -> str:
    """A path of the site, built from the app's URL map alone (jobs and the CLI have no
    request)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def absolute_url(base_url: str, endpoint: str, _anchor: str | None = None, **values) -> str:
    """An absolute link to `endpoint` under `base_url` (see public_base_url)."""
    return base_url + path_for(endpoint, **values) + (f"#{_anchor}" if _anchor else "")


def request_scheme() -> str | None:
    """The scheme the current page was asked over (behind a proxy too), if any."""
    return request.scheme if has_request_context() else None


class PublicLinksFlask(ThemedFlask):
    """`url_for(..., _external=True)` builds from the configured address of the current
    city; relative links are unchanged."""

    def url_for(self, endpoint, *, _anchor=None, _method=None, _scheme=None,
                _external=None, **values):
        if _external and has_request_context():
            path = super().url_for(endpoint, _anchor=_anchor, _method=_method,
                                   _external=False, **values)
            return public_base_url(g.get("city"), request_scheme()) + path
        return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                               _external=_external, **values)

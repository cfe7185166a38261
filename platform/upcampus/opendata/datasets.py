"""What a city made public, as rows of plain values, and their CSV and JSON encodings.

Only published publications, the city's organisations and its events; no member appears in any
row (holders are named only when they are organisations), and a neighbourhood only when
it is one of the city's list (words a member typed stay theirs)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from upcampus.core.db import db
from upcampus.core.links import path_for
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Holder, Publication
from upcampus.tenancy.neighbourhoods import listed

LICENCE = {"name": "Licence Ouverte / Etalab 2.0",
           "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
COLUMNS = {
    "projects": ("id", "title", "kind", "stage", "themes", "neighbourhood",
                 "holder_organisations", "published_at", "open_needs", "url"),
    "organisations": ("id", "name", "kind", "website", "neighbourhood", "offers", "url"),
    "events": ("id", "title", "kind", "status", "starts_at", "ends_at", "place_name",
               "address", "online_url", "accessibility", "capacity", "themes",
               "organisations", "speakers", "attendance", "url"),
}
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# Cells a spreadsheet would run as a formula (CSV injection): prefixed with a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stored one is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def project_rows(city, base_url: str) -> list[dict]:
    """Published publications of the city in scope, newest first."""
    if not city.features.get("projects", True):
        return []  # a city that switched its projects off publishes none of them
    publications = db.session.scalars(
        select(Publication).where(Publication.status == "published")
        .options(selectinload(Publication.holders).joinedload(Holder.organisation),
                 selectinload(Publication.theme_links))
        .order_by(Publication.published_at.desc(), Publication.id.desc())).all()
    return [{
        "id": p.id, "title": p.title, "kind": p.kind, "stage": p.stage,
        "themes": [theme.label("fr") for theme in p.themes],
        "neighbourhood": listed(p.neighbourhood, city),
        "holder_organisations": [h.organisation.name for h in p.holders if h.organisation],
        "published_at": aware(p.published_at).isoformat() if p.published_at else "",
        "open_needs": p.open_needs_count,
        "url": base_url + path_for("projects.show", pub_id=p.id, slug=p.slug),
    } for p in publications]


def organisation_rows(city, base_url: str) -> list[dict]:
    if not city.features.get("directory", True):
        return []
    organisations = db.session.scalars(
        select(Organisation).order_by(Organisation.name, Organisation.id)).all()
    return [{
        "id": o.id, "name": o.name, "kind": o.kind, "website": o.website,
        "neighbourhood": listed(o.neighbourhood, city), "offers": list(o.offers or []),
        "url": base_url + path_for("organisations.show", org_id=o.id, slug=o.slug),
    } for o in organisations]


def event_rows(city, base_url: str) -> list[dict]:
    """Every event of the city (cancelled ones say so), soonest last; times in the city's
    time zone with their offset. Who registered is never included."""
    if not city.features.get("events", True):
        return []
    from zoneinfo import ZoneInfo

    from upcampus.events.models import Event, EventSpeaker

    zone = ZoneInfo(city.timezone)
    events = db.session.scalars(
        select(Event).options(selectinload(Event.theme_links),
                              selectinload(Event.organisation_links),
                              selectinload(Event.speaker_links).joinedload(EventSpeaker.speaker))
        .order_by(Event.starts_at, Event.id)).all()
    return [{
        "id": e.id, "title": e.title, "kind": e.kind, "status": e.status,
        "starts_at": aware(e.starts_at).astimezone(zone).isoformat(),
        "ends_at": aware(e.ends_at).astimezone(zone).isoformat(),
        "place_name": e.place_name, "address": e.address, "online_url": e.online_url,
        "accessibility": e.accessibility, "capacity": e.capacity,
        "themes": [theme.label("fr") for theme in e.themes],
        "organisations": [o.name for o in e.organisations],
        "speakers": [s.name for s in e.speakers], "attendance": e.attendance,
        "url": base_url + path_for("events.show", event_id=e.id, slug=e.slug),
    } for e in events]


BUILDERS = {"projects": project_rows, "organisations": organisation_rows,
            "events": event_rows}


def _cell(value) -> str:
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(dataset: str, rows: list[dict], extra: tuple[str, ...] = ()) -> bytes:
    """UTF-8 with a BOM, `;` between cells and CRLF line ends: what French spreadsheets
    open with their accents and columns right by a double click."""
    columns = extra + COLUMNS[dataset]
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(dataset: str, rows: list[dict], meta: dict) -> bytes:
    document = {**meta, "dataset": dataset, "licence": LICENCE, "count": len(rows),
                "rows": rows}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

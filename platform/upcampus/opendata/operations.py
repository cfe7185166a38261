"""Generating, storing and reading open-data files. Each function takes its city
explicitly and enters that city's scope itself: pages, jobs and the CLI call them alike."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from upcampus.core.db import db, utcnow
from upcampus.core.links import public_base_url
from upcampus.opendata.datasets import BUILDERS, aware, to_csv, to_json
from upcampus.opendata.models import DATASETS, FORMATS, OpenDataFile
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.operations import active_tenants
from upcampus.tenancy.resolver import CityInfo


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refresh_city(city: CityInfo) -> dict[str, int]:
    """Build every dataset of the city in every format and store them; returns the row
    count per dataset. The caller commits."""
    base_url = public_base_url(city)
    counts = {}
    with tenant_scope(city.id):
        existing = {(f.dataset, f.fmt): f for f in db.session.scalars(select(OpenDataFile))}
        now = utcnow()
        for dataset in DATASETS:
            rows = BUILDERS[dataset](city, base_url)
            meta = {"publisher": city.name, "city": city.city, "source": base_url + "/open-data",
                    "generated_at": now.isoformat()}
            for fmt in FORMATS:
                data = to_csv(dataset, rows) if fmt == "csv" else to_json(dataset, rows, meta)
                row = existing.get((dataset, fmt))
                if row is None:
                    row = OpenDataFile(dataset=dataset, fmt=fmt)
                    db.session.add(row)
                row.data, row.size, row.row_count = data, len(data), len(rows)
                row.digest, row.generated_at = _digest(data), now
            counts[dataset] = len(rows)
    return counts


def refresh_tenant(tenant_id: int) -> dict[str, int] | None:
    """Refresh one active city by id and commit; None for a city gone or not active."""
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None or tenant.status != "active":
        return None
    counts = refresh_city(CityInfo.from_row(tenant))
    db.session.commit()
    return counts


def city_files(city_id: int) -> dict[tuple[str, str], OpenDataFile]:
    """The city's files by (dataset, format), without their bytes."""
    with tenant_scope(city_id):
        return {(f.dataset, f.fmt): f for f in db.session.scalars(select(OpenDataFile))}


def city_file(city: CityInfo, dataset: str, fmt: str, *, with_data: bool = True):
    """One file of the city; a dataset never generated yet is generated on the spot."""
    statement = select(OpenDataFile).where(OpenDataFile.dataset == dataset,
                                           OpenDataFile.fmt == fmt)
    if with_data:
        statement = statement.options(undefer(OpenDataFile.data))
    with tenant_scope(city.id):
        found = db.session.scalars(statement).first()
        if found is not None:
            return found
    try:
        refresh_city(city)
        db.session.commit()
    except IntegrityError:  # another process generated them meanwhile: read theirs
        db.session.rollback()
    with tenant_scope(city.id):
        return db.session.scalars(statement).one()


@dataclass
class Aggregate:
    """The national file of one dataset and format: every active city's rows."""

    digest: str
    generated_at: datetime | None
    build: callable


def national_file(dataset: str, fmt: str) -> Aggregate:
    """What the active cities made public, with a city column. Reads across cities,
    explicitly; cities never generated are generated first. The digest comes from the
    cities' own files, so a conditional request is answered without building."""
    cities = [CityInfo.from_row(t) for t in active_tenants()]
    with across_tenants():
        files = {f.tenant_id: f for f in db.session.scalars(select(OpenDataFile).where(
            OpenDataFile.dataset == dataset, OpenDataFile.fmt == "json"))}
    for city in cities:
        if city.id not in files:
            files[city.id] = city_file(city, dataset, "json", with_data=False)
    listed = [(city, files[city.id]) for city in cities]
    digest = _digest(f"{dataset}.{fmt}:".encode() + ",".join(
        f"{city.id}={f.digest}" for city, f in listed).encode())
    latest = max((aware(f.generated_at) for _, f in listed), default=None)

    def build() -> bytes:
        rows = []
        with across_tenants():
            for city, f in listed:
                document = json.loads(db.session.scalar(select(OpenDataFile.data).where(
                    OpenDataFile.id == f.id)))
                rows += [{"city": city.city, **row} for row in document["rows"]]
        if fmt == "csv":
            return to_csv(dataset, rows, extra=("city",))
        meta = {"publisher": "Mouvement UP", "cities": [c.city for c, _ in listed],
                "generated_at": latest.isoformat() if latest else None}
        return to_json(dataset, rows, meta)

    return Aggregate(digest=digest, generated_at=latest, build=build)


def national_listing() -> list[dict]:
    """Every active city with its files' details (no bytes), for the national page."""
    cities = [CityInfo.from_row(t) for t in active_tenants()]
    with across_tenants():
        files = list(db.session.scalars(select(OpenDataFile)))
    by_city: dict[int, dict] = {}
    for f in files:
        by_city.setdefault(f.tenant_id, {})[(f.dataset, f.fmt)] = f
    return [{"city": city, "files": by_city.get(city.id, {})} for city in cities]

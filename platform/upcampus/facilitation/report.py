"""The impact report a city hands to its council, for a period: projects by step,
realised projects, partners mobilised and how often, kinds of support, median days from
spotted to realised, by theme and neighbourhood. Figures only: pages and CSV draw them."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median

from sqlalchemy import func, select

from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import ALL_STEPS, Accompaniment, Partner, Track
from upcampus.opendata.datasets import _cell as safe_cell
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication, PublicationTheme
from upcampus.taxonomy.models import Theme


@dataclass
class Period:
    start: date
    end: date

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def until(self) -> datetime:  # exclusive: the whole last day counts
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)


# Dates a report may span: outside, a typo (9999-12-31 would overflow the day after).
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)


def period_from(args) -> tuple[Period, list[str]]:
    """The period asked for (`from`, `to` as YYYY-MM-DD), else the last twelve months;
    with what was wrong in the asking, to say it."""
    today = utcnow().date()
    problems = []

    def day(name: str, default: date) -> date:
        raw = (args.get(name) or "").strip()
        if not raw:
            return default
        try:
            asked = date.fromisoformat(raw[:10])
        except ValueError:
            asked = None
        if asked is None or not EARLIEST <= asked <= LATEST:
            problems.append(name)
            return default
        return asked
    start, end = day("from", today - timedelta(days=365)), day("to", today)
    if start > end:
        problems.append("order")
        start, end = end, start
    return Period(start, end), problems


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def figures(period: Period, locale: str, listed: list[str]) -> dict:
    """Every figure of the report, in nine queries whatever the city's size."""
    tracked = Track.spotted_at < period.until
    by_step = dict(db.session.execute(select(Track.step, func.count()).where(tracked)
                                      .group_by(Track.step)).all())
    realised = db.session.execute(
        select(Publication.id, Publication.title, Publication.neighbourhood,
               Track.spotted_at, Track.realised_at).join(Track, Track.publication_id ==
                                                         Publication.id)
        .where(Track.step == "realised", Track.realised_at >= period.since,
               Track.realised_at < period.until)
        .order_by(Track.realised_at, Publication.id)).all()
    started = (Accompaniment.started_on >= period.start,
               Accompaniment.started_on <= period.end)
    partners = db.session.execute(
        select(Organisation.name, func.count(Accompaniment.id)).select_from(Accompaniment)
        .join(Partner, Partner.id == Accompaniment.partner_id)
        .join(Organisation, Organisation.id == Partner.organisation_id).where(*started)
        .group_by(Organisation.name).order_by(func.count(Accompaniment.id).desc(),
                                              Organisation.name)).all()
    kinds = db.session.execute(
        select(Accompaniment.kind, func.count()).where(*started)
        .group_by(Accompaniment.kind).order_by(func.count().desc(), Accompaniment.kind)).all()
    realised_ids = {row.id for row in realised}
    themes: dict[str, list[int]] = {}
    for label_fr, label_en, pub_id in db.session.execute(
            select(Theme.label_fr, Theme.label_en, Track.publication_id)
            .join(PublicationTheme, PublicationTheme.publication_id == Track.publication_id)
            .join(Theme, Theme.id == PublicationTheme.theme_id).where(tracked)).all():
        counts = themes.setdefault(label_en if locale == "en" else label_fr, [0, 0])
        counts[0] += 1
        counts[1] += pub_id in realised_ids
    neighbourhoods: dict[str, list[int]] = {}
    for name, pub_id in db.session.execute(
            select(Publication.neighbourhood, Track.publication_id)
            .join(Track, Track.publication_id == Publication.id).where(tracked)).all():
        if name in listed:  # only the city's list: a typed-in place stays its owner's
            counts = neighbourhoods.setdefault(name, [0, 0])
            counts[0] += 1
            counts[1] += pub_id in realised_ids
    days = [(_aware(r.realised_at) - _aware(r.spotted_at)).days for r in realised]
    from upcampus.events.outcomes import report_figures

    return {
        "events": report_figures(period.since, period.until),
        "by_step": [(step, by_step.get(step, 0)) for step in ALL_STEPS],
        "realised": realised,
        "partners": [tuple(row) for row in partners],
        "kinds": [tuple(row) for row in kinds],
        "median_days": _plain(median(days)) if days else None,
        "themes": sorted(themes.items(), key=lambda item: (-item[1][0], item[0])),
        "neighbourhoods": sorted(neighbourhoods.items(), key=lambda item: (-item[1][0],
                                                                           item[0])),
    }


def _plain(number: float) -> float | int:
    return int(number) if number == int(number) else round(number, 1)


def bars(rows: list[tuple[str, int]], width: int = 320, height: int = 24) -> dict:
    """Geometry of a horizontal bar chart, drawn on the server as SVG."""
    top = max((value for _, value in rows), default=0) or 1
    return {"width": width, "height": height * max(len(rows), 1), "row": height,
            "bars": [(label, value, round(width * value / top)) for label, value in rows]}


def to_csv(sections: list[tuple[str, list[tuple]]], header: tuple[str, ...]) -> bytes:
    """UTF-8 with a BOM, `;` and CRLF, as the open data: a French spreadsheet opens it
    with its accents. One line per figure: section; label; values."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for section, rows in sections:
        for row in rows:
            writer.writerow([safe_cell(section), *[safe_cell(v) for v in row]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

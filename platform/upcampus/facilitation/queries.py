"""What the city desk and the board read, each in a fixed number of queries whatever the
data size (one count query, one query per list, bounded lists)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import joinedload

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.core.web import valid_id
from upcampus.facilitation.models import ALL_STEPS, Accompaniment, Track
from upcampus.projects.models import HelpOffer, Holder, Need, Publication, PublicationTheme
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.neighbourhoods import filtered

OFFER_WAIT = timedelta(days=7)  # an offer of help unanswered this long needs the team
QUIET = timedelta(days=30)  # an accompaniment without news this long too
DESK_LIST = 10
PER_COLUMN = 20
BOARD_FILTERS = ("theme", "neighbourhood", "referent", "age", "needs", "step")
AGES = (7, 30, 90)


def days_since(moment: datetime | None, now: datetime | None = None) -> int:
    """Whole days since `moment` (SQLite gives back naive UTC datetimes)."""
    if moment is None:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0, ((now or utcnow()) - moment).days)


def desk(now: datetime | None = None) -> dict:
    """What needs the city's team now: five queries, whatever the city's size."""
    now = now or utcnow()
    unseen = and_(Publication.status == "published",
                  ~exists().where(Track.publication_id == Publication.id))
    waiting_offer = and_(HelpOffer.status == "pending", HelpOffer.created_at <= now - OFFER_WAIT)
    quiet = and_(Accompaniment.status == "active", Accompaniment.last_news_at <= now - QUIET)
    requested = Accompaniment.status == "requested"

    def count(model, condition, *joins):
        statement = select(func.count()).select_from(model)
        for join in joins:
            statement = statement.join(join)
        return statement.where(condition).scalar_subquery()

    published = Publication.status == "published"
    counts = db.session.execute(select(
        count(Publication, unseen),
        count(HelpOffer, and_(waiting_offer, published), Need, Publication),
        count(Accompaniment, quiet), count(Accompaniment, requested))).one()
    return {
        "counts": dict(zip(("unseen", "offers", "quiet", "requests"), counts, strict=True)),
        "unseen": db.session.scalars(select(Publication).where(unseen).order_by(
            Publication.published_at.desc(), Publication.id.desc()).limit(DESK_LIST)).all(),
        "offers": db.session.scalars(
            select(HelpOffer).join(Need).join(Publication).where(waiting_offer, published)
            .options(joinedload(HelpOffer.need).joinedload(Need.publication))
            .order_by(HelpOffer.created_at, HelpOffer.id).limit(DESK_LIST)).unique().all(),
        "quiet": _accompaniments(quiet, Accompaniment.last_news_at),
        "requests": _accompaniments(requested, Accompaniment.created_at),
    }


def _accompaniments(condition, order) -> list[Accompaniment]:
    return db.session.scalars(select(Accompaniment).where(condition).options(
        joinedload(Accompaniment.publication)).order_by(order, Accompaniment.id)
        .limit(DESK_LIST)).unique().all()


def board_filters(args) -> dict[str, str]:
    return {name: (args.get(name) or "").replace("\x00", "").strip()[:80]
            for name in BOARD_FILTERS}


def _where(statement, filters: dict[str, str], me: Membership | None, now: datetime):
    if filters["theme"]:
        statement = statement.where(Publication.theme_links.any(
            PublicationTheme.theme.has(Theme.code == filters["theme"])))
    if filters["neighbourhood"]:
        statement = statement.where(filtered(Publication.neighbourhood,
                                             filters["neighbourhood"]))
    if filters["referent"] == "me":
        statement = statement.where(Track.referent_id == (me.id if me else -1))
    elif filters["referent"] == "none":
        statement = statement.where(Track.referent_id.is_(None))
    elif valid_id(filters["referent"]):
        statement = statement.where(Track.referent_id == valid_id(filters["referent"]))
    if filters["age"].isdigit() and int(filters["age"]) in AGES:
        statement = statement.where(
            Track.step_since <= now - timedelta(days=int(filters["age"])))
    if filters["needs"] == "open":
        statement = statement.where(Publication.open_needs_count > 0)
    return statement


def _engaged():
    """Partners engaged on the card's project: accepted accompaniments, any state since."""
    return (select(func.count(func.distinct(Accompaniment.partner_id)))
            .where(Accompaniment.publication_id == Track.publication_id,
                   Accompaniment.status.in_(("active", "done", "stopped")))
            .correlate(Track).scalar_subquery().label("engaged"))


def _cards(statement):
    return statement.options(
        joinedload(Track.publication).selectinload(Publication.holders)
        .joinedload(Holder.membership).joinedload(Membership.account),
        joinedload(Track.referent).joinedload(Membership.account))


def tracks(filters: dict[str, str], me: Membership | None, now: datetime):
    """The tracks of published projects the board's filters keep (the board and the API)."""
    statement = _where(select(Track).join(Publication, Publication.id == Track.publication_id)
                       .where(Publication.status == "published"), filters, me, now)
    step = filters.get("step", "")
    return statement.where(Track.step == step) if step in ALL_STEPS else statement


def board(filters: dict[str, str], me: Membership | None, per_column: int = PER_COLUMN,
          offset: int = 0) -> dict:
    """Cards by step: the first `per_column` of each step (oldest in the step first), or
    one step's page; four queries, whatever the number of projects."""
    now = utcnow()
    base = tracks({**filters, "step": ""}, me, now)
    counts = dict(db.session.execute(
        base.with_only_columns(Track.step, func.count()).group_by(Track.step)).all())
    step = filters["step"] if filters["step"] in ALL_STEPS else ""
    if step:
        chosen = base.where(Track.step == step).with_only_columns(Track.id).order_by(
            Track.step_since, Track.id).limit(per_column).offset(offset).subquery()
    else:
        ranked = base.with_only_columns(Track.id, func.row_number().over(
            partition_by=Track.step, order_by=(Track.step_since, Track.id)).label("n")
        ).subquery()
        chosen = select(ranked.c.id).where(ranked.c.n <= per_column).subquery()
    rows = db.session.execute(_cards(select(Track, _engaged()).join(
        chosen, chosen.c.id == Track.id).order_by(Track.step_since, Track.id))).unique().all()
    columns: dict[str, list] = {s: [] for s in ALL_STEPS}
    for track, engaged in rows:
        columns[track.step].append({"track": track, "publication": track.publication,
                                    "engaged": engaged,
                                    "days": days_since(track.step_since, now)})
    return {"columns": columns, "counts": {s: counts.get(s, 0) for s in ALL_STEPS},
            "step": step}

"""Rules of matching: who fits a need (and which needs fit someone), read from the index
with one grouped statement; holders invite, the invited offer help or decline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.policy import can_be_suggested, can_manage_organisation
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.links import public_base_url
from upcampus.core.memo import kept
from upcampus.core.rules import RuleError, validated
from upcampus.matching import scoring
from upcampus.matching.index import lexicon, member_vectors
from upcampus.matching.models import Invitation, MatchTerm
from upcampus.matching.schemas import AnswerSchema, InviteSchema
from upcampus.moderation.operations import check_takes_part
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.forms import RESOURCE_LABELS
from upcampus.projects.models import HelpOffer, Holder, Need
from upcampus.projects.needs import offer_help
from upcampus.projects.operations import is_holder, publication_url
from upcampus.tenancy.context import current_tenant_id
from upcampus.tenancy.models import Tenant

CANDIDATES = 40  # read from the database per request, whatever the city's size
FEATURE = "matching"


@dataclass
class Match:
    """A suggested member or organisation for a need, or a need for someone."""

    kind: str  # "member", "organisation" or "need"
    id: int
    score: float
    terms: dict[str, float] = field(default_factory=dict)  # what the score used
    recent: bool = False
    subject: object = None  # the Membership, Organisation or Need


def enabled(city) -> bool:
    return city is not None and city.features.get(FEATURE, True)


def _vector(column, owner_id: int) -> dict[str, float]:
    return dict(db.session.execute(select(MatchTerm.term, MatchTerm.weight).where(
        column == owner_id)).all())


def _without_city(vector: dict[str, float]) -> dict[str, float]:
    city = db.session.get(Tenant, current_tenant_id())
    noise = scoring.city_terms(city.city, city.name) if city is not None else set()
    return {term: weight for term, weight in vector.items() if term not in noise}


def _frequencies(terms: list[str]) -> dict[str, int]:
    """How many profiles of the city hold each word, and "*": how many profiles there
    are (only words are weighed by rarity)."""
    words = [term for term in terms if term.startswith("w:")]
    found = dict(db.session.execute(
        select(MatchTerm.term, func.count()).where(
            MatchTerm.term.in_(words), MatchTerm.need_id.is_(None))
        .group_by(MatchTerm.term)).all()) if words else {}
    # Profiles only hold "*"; the covering index counts them without reading rows.
    found["*"] = db.session.scalar(select(func.count()).select_from(MatchTerm).where(
        MatchTerm.term == "*"))
    return found


def _ranked(factors: dict[str, float], side, extra=()):
    """One grouped statement: owners on `side` with the best score over `factors`."""
    relevant = {t: f for t, f in factors.items() if scoring.relevant(t)}
    if not relevant:
        return []
    score = func.sum(MatchTerm.weight * case(factors, value=MatchTerm.term, else_=0.0))
    relevance = func.sum(MatchTerm.weight * case(relevant, value=MatchTerm.term, else_=0.0))
    statement = select(*side, score.label("score")).where(MatchTerm.term.in_(list(factors)),
                                                           *extra)
    statement = (statement.group_by(*side).having(relevance >= scoring.MIN_RELEVANCE)
                 .order_by(score.desc(), *side).limit(CANDIDATES))
    return db.session.execute(statement).all()


def _excluded(need: Need) -> tuple[set[int], set[int]]:
    """Members and organisations already in the story of this need: holders, helpers,
    anyone invited (whatever they answered)."""
    publication_id = need.publication_id
    statements = (
        select(Holder.membership_id, Holder.organisation_id).where(
            Holder.publication_id == publication_id),
        select(HelpOffer.membership_id, HelpOffer.organisation_id).join(Need).where(
            or_(HelpOffer.need_id == need.id, and_(Need.publication_id == publication_id,
                                                   HelpOffer.status == "accepted"))),
        select(Invitation.membership_id, Invitation.organisation_id).where(
            Invitation.need_id == need.id),
    )
    pairs = [pair for statement in statements for pair in db.session.execute(statement)]
    members = {member for member, _ in pairs}
    organisations = {organisation for _, organisation in pairs}
    return members - {None}, organisations - {None}


def _not_in(column, ids: set[int]):
    return or_(column.is_(None), column.not_in(sorted(ids))) if ids else True


def suggestions(need: Need, limit: int = 5) -> list[Match]:
    """Members and organisations of the need's city who fit it best, each with the terms
    that made its score; those who may not be suggested never are."""
    if need.state != "open" or not need.publication.published:
        return []
    vector = _without_city(_vector(MatchTerm.need_id, need.id))
    factors = scoring.term_factors(vector, _frequencies(list(vector)))
    members, organisations = _excluded(need)
    rows = _ranked(
        factors, (MatchTerm.membership_id, MatchTerm.organisation_id),
        extra=(MatchTerm.need_id.is_(None), _not_in(MatchTerm.membership_id, members),
               _not_in(MatchTerm.organisation_id, organisations)))
    found = [Match("member" if m else "organisation", m or o, float(score))
             for m, o, score in rows]
    found = _still_suggestable(found)
    _add_recency(found)
    found.sort(key=lambda match: (-match.score, match.kind, match.id))
    found = found[:limit]
    _attach(found, factors)
    return found


def _still_suggestable(found: list[Match]) -> list[Match]:
    """The index holds only members who may be suggested; their consent and standing are
    read again here, so a change of mind counts at once, before any job re-indexes."""
    ids = [match.id for match in found if match.kind == "member"]
    allowed = {m.id for m in db.session.scalars(select(Membership).where(
        Membership.id.in_(ids))) if can_be_suggested(m)} if ids else set()
    return [match for match in found if match.kind != "member" or match.id in allowed]


def _add_recency(found: list[Match]) -> None:
    ids = [match.id for match in found if match.kind == "member"]
    if not ids:
        return
    since = utcnow() - timedelta(days=scoring.RECENT_DAYS)
    recent = set(db.session.scalars(select(Membership.id).join(Account).where(
        Membership.id.in_(ids), Account.last_login_at >= since)))
    for match in found:
        if match.kind == "member" and match.id in recent:
            match.score += scoring.RECENT_BONUS
            match.recent = True


def _attach(found: list[Match], factors: dict[str, float]) -> None:
    """Load the few chosen ones, and the terms each shares with the query."""
    columns = {"member": MatchTerm.membership_id, "organisation": MatchTerm.organisation_id,
               "need": MatchTerm.need_id}
    models = {"member": Membership, "organisation": Organisation, "need": Need}
    for kind, column in columns.items():
        ids = [match.id for match in found if match.kind == kind]
        if not ids:
            continue
        subjects = {s.id: s for s in db.session.scalars(
            select(models[kind]).where(models[kind].id.in_(ids)))}
        terms = db.session.execute(select(column, MatchTerm.term, MatchTerm.weight).where(
            column.in_(ids), MatchTerm.term.in_(list(factors))))
        for match in found:
            if match.kind == kind:
                match.subject = subjects.get(match.id)
        by_id = {match.id: match for match in found if match.kind == kind}
        for owner_id, term, weight in terms:
            by_id[owner_id].terms[term] = weight * factors[term]


def needs_for(*, membership: Membership | None = None,
              organisation: Organisation | None = None, limit: int = 5) -> list[Match]:
    """Open needs of the city that fit a member (or an organisation), best first; not
    their own projects', nor ones they already offered on or answered."""
    # The ranking reads only the city's rows (profiles, the index): kept until a write
    # moves the city's generation. What the person answered since is checked below.
    owner = ("member", membership.id) if membership is not None else (
        "organisation", organisation.id)
    factors, rows = kept("matching.needs_for",
                         lambda: _needs_ranking(membership, organisation), *owner)
    factors = dict(factors)
    found = [Match("need", need_id, score) for need_id, score in rows]
    if found:
        _attach(found, factors)
    fitting = [m for m in found if m.subject is not None and _fits(m.subject, membership,
                                                                   organisation)]
    return fitting[:limit]


def _needs_ranking(membership, organisation) -> tuple[tuple, tuple]:
    """The terms weighed and the best needs with their scores, as plain tuples."""
    if membership is not None:  # computed now: someone who said no is not in the index
        vector = member_vectors(lexicon(), [membership.id], suggestable_only=False).get(
            membership.id, {})
    else:
        vector = _vector(MatchTerm.organisation_id, organisation.id)
    vector = _without_city(vector)
    factors = scoring.term_factors(vector, _frequencies(list(vector)))
    factors.pop("*", None)
    rows = _ranked(factors, (MatchTerm.need_id,), extra=(MatchTerm.need_id.is_not(None),))
    return (tuple(factors.items()),
            tuple((need_id, float(score)) for need_id, score in rows))


def _fits(need: Need, membership, organisation) -> bool:
    if need.state != "open" or not need.publication.published:
        return False
    for holder in need.publication.holders:
        if (membership is not None and holder.membership_id == membership.id) or (
                organisation is not None and holder.organisation_id == organisation.id):
            return False
    if membership is not None:
        if any(offer.membership_id == membership.id for offer in need.offers):
            return False
        answered = Invitation.membership_id == membership.id
    else:
        if any(offer.organisation_id == organisation.id for offer in need.offers):
            return False
        answered = Invitation.organisation_id == organisation.id
    return db.session.scalar(select(Invitation.id).where(
        Invitation.need_id == need.id, answered, Invitation.status != "pending")) is None


# --- invitations -------------------------------------------------------------------------

def invite(need: Need, membership: Membership | None, *, kind: str, target_id, city
           ) -> Invitation:
    """A holder invites a suggested member or organisation to help on a need; they get an
    email. Only someone matching may suggest can be invited (consent holds here too)."""
    payload = validated(InviteSchema, {"kind": kind, "target_id": target_id})
    publication = need.publication
    if not is_holder(publication, membership):
        raise RuleError("target_id", _l("Only the holders of this publication can invite."),
                        "forbidden")
    check_takes_part(membership, "target_id", _l("Join this network to take part."))
    if need.state != "open" or not publication.published:
        raise RuleError("target_id", _l("This need no longer waits for help."))
    model = Membership if payload["kind"] == "member" else Organisation
    target = db.session.get(model, payload["target_id"])  # another city's id: None
    if target is None or (model is Membership and not can_be_suggested(target)):
        raise RuleError("target_id", _l("This person cannot be invited."), "missing")
    members, organisations = _excluded(need)
    if target.id in (members if model is Membership else organisations):
        raise RuleError("target_id", _l("Already invited, or already helping."))
    serialise_on(Need, need.id)  # two clicks at once: one invitation
    invitation = Invitation(need_id=need.id, invited_by_id=membership.id,
                            **{"membership_id" if model is Membership else "organisation_id":
                               target.id})
    db.session.add(invitation)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise RuleError("target_id", _l("Already invited, or already helping.")) from None
    _tell_invited(invitation, city)
    return invitation


def invitation_url(city, invitation: Invitation) -> str:
    return f"{public_base_url(city)}/matching/invitations/{invitation.id}"


def _tell_invited(invitation: Invitation, city) -> None:
    """The one place an invitation reaches people: a notification each (emailed as they
    chose)."""
    from upcampus.notifications.notify import notify

    need, publication = invitation.need, invitation.need.publication
    if invitation.membership_id is not None:
        people = [invitation.membership]
    else:
        people = list(db.session.scalars(select(Membership).join(
            OrganisationMember, OrganisationMember.membership_id == Membership.id).where(
            OrganisationMember.organisation_id == invitation.organisation_id,
            OrganisationMember.role == "admin", Membership.status == "active")))
    for membership in people:
        account = membership.account
        locale = account.locale or city.default_locale
        with force_locale(locale):
            label = need.skill.label(locale) if need.skill else str(
                RESOURCE_LABELS.get(need.resource, need.resource))
        notify(city, membership.id, "match_invited", about=("invitation", invitation.id),
               title=publication.title, url=invitation_url(city, invitation),
               subject=_l("A project needs you: %(title)s", title=publication.title),
               template="match_invited", need=need, need_label=label,
               publication=publication, organisation=invitation.organisation,
               network=city.name,
               project_url=public_base_url(city) + publication_url(publication))


def may_answer(invitation: Invitation, membership: Membership | None, account) -> bool:
    if membership is None or membership.status != "active":
        return False
    if invitation.membership_id is not None:
        return invitation.membership_id == membership.id
    role = db.session.scalar(select(OrganisationMember.role).where(
        OrganisationMember.organisation_id == invitation.organisation_id,
        OrganisationMember.membership_id == membership.id))
    return can_manage_organisation(account, membership, role)


def answer(invitation: Invitation, membership: Membership | None, account, *, helps: bool,
           message: str, city) -> None:
    """The invited person offers help (the holders get the usual "someone can help"
    email) or declines, which the holders are never told."""
    if not may_answer(invitation, membership, account):
        raise RuleError("message", _l("This invitation is not yours."), "forbidden")
    if helps:  # declining is always possible; helping is taking part
        check_takes_part(membership, "message", _l("Join this network to take part."))
    message = validated(AnswerSchema, {"message": message})["message"]
    serialise_on(Invitation, invitation.id)
    db.session.refresh(invitation)
    if invitation.status != "pending":
        raise RuleError("message", _l("You already answered this invitation."))
    if helps:
        offer_help(invitation.need, membership, city=city, message=message,
                   organisation_id=invitation.organisation_id)
        serialise_on(Invitation, invitation.id)
    invitation.status = "offered" if helps else "declined"
    invitation.answered_at = utcnow()
    db.session.commit()


def invitations_for(membership: Membership) -> list[Invitation]:
    """Pending invitations of a member, and of the organisations they run."""
    run = select(OrganisationMember.organisation_id).where(
        OrganisationMember.membership_id == membership.id, OrganisationMember.role == "admin")
    return list(db.session.scalars(select(Invitation).where(
        Invitation.status == "pending",
        or_(Invitation.membership_id == membership.id, Invitation.organisation_id.in_(run)))
        .order_by(Invitation.id.desc()).limit(20)))


def invited_on(need_ids: list[int]) -> dict[int, list[Invitation]]:
    """What holders see of invitations: who was invited, never what they answered."""
    found: dict[int, list[Invitation]] = {}
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.need_id.in_(need_ids)).order_by(Invitation.id)):
        found.setdefault(invitation.need_id, []).append(invitation)
    return found


"""A person who did everything the product allows, in one city, and the walk that looks for
any trace of them in every table of the metadata (new tables are covered by themselves)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import JSON, LargeBinary, String, Text, cast, or_, select

from tests.factories import make_account, make_member
from upcampus.accounts.models import AuthSession, DataExport, Membership
from upcampus.api.models import ApiToken
from upcampus.conversations.operations import block
from upcampus.conversations.operations import start as start_conversation
from upcampus.conversations.operations import write as write_message
from upcampus.core.db import db, utcnow
from upcampus.events.models import Event, Registration
from upcampus.matching.models import Invitation, Notice
from upcampus.moderation.operations import report
from upcampus.notifications.models import Notification, NotificationPreference
from upcampus.notifications.operations import queue_email
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.conversation import add_comment, post_update, set_follow, set_support
from upcampus.projects.models import HelpOffer, Holder, Need, Publication, PublicationImage
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.resolver import CityInfo

AVATAR = b"RIFF-AVATAR-OF-ZEPHYRINE"
PICTURE = b"RIFF-PICTURE-OF-ZEPHYRINE"


def needles(email: str, name: str) -> list[str]:
    return [email, name, "xylophoniste", "Quaglia"]


def a_full_life(city, email: str, name: str = "Zéphyrine Quaglia", *, others=None):
    """The person (returns their membership) and a neighbour who holds a project they
    took part in (returned too): (person, neighbour, the neighbour's publication id)."""
    account = make_account(email, name, avatar=AVATAR, avatar_hash="a" * 64)
    person = make_member(city, account=account, bio="Je suis xylophoniste à la retraite",
                         offers="Cours de xylophoniste")
    neighbour = others or make_member(city, email=f"neighbour-{city.slug}@example.org")
    info = CityInfo.load(city.id)
    with tenant_scope(city):
        mine = Publication(title="Un jardin partagé", slug="jardin", description="Des bacs",
                           author_id=person.id, status="published", kind="project",
                           published_at=utcnow())
        mine.holders.append(Holder(membership_id=person.id))
        mine.images.append(PublicationImage(data=PICTURE, digest="p", alt="Photo"))
        mine.needs.append(Need(kind="resource", resource="premises", text="Un local"))
        theirs = Publication(title="La fête du quartier", slug="fete", description="Musique",
                             author_id=neighbour.id, status="published", kind="project",
                             published_at=utcnow())
        theirs.holders.append(Holder(membership_id=neighbour.id))
        theirs.needs.append(Need(kind="resource", resource="volunteers", text="Des bras"))
        organisation = Organisation(name="Amis du parc", slug="amis", kind="association")
        db.session.add_all([mine, theirs, organisation])
        db.session.flush()
        db.session.add_all([
            OrganisationMember(organisation_id=organisation.id, membership_id=person.id,
                               role="admin"),
            OrganisationMember(organisation_id=organisation.id, membership_id=neighbour.id,
                               role="admin")])
        event = Event(title="Atelier compost", slug="compost", author_id=person.id,
                      starts_at=utcnow() + timedelta(days=3),
                      ends_at=utcnow() + timedelta(days=3, hours=2))
        their_event = Event(title="Pique-nique", slug="pique", author_id=neighbour.id,
                            starts_at=utcnow() + timedelta(days=4),
                            ends_at=utcnow() + timedelta(days=4, hours=2))
        db.session.add_all([event, their_event])
        db.session.flush()
        need = theirs.needs[0]
        db.session.add_all([
            Registration(event_id=their_event.id, membership_id=person.id),
            HelpOffer(need_id=need.id, membership_id=person.id,
                      message="Zéphyrine Quaglia peut aider"),
            Invitation(need_id=need.id, membership_id=person.id, invited_by_id=neighbour.id),
            Notice(membership_id=person.id, need_id=need.id),
            Notification(membership_id=person.id, kind="comments", verb="commented",
                         title="Nouveau commentaire"),
            Notification(membership_id=neighbour.id, kind="comments", verb="commented",
                         title="Zéphyrine Quaglia a commenté"),
            NotificationPreference(membership_id=person.id, kind="comments",
                                   cadence="daily"),
        ])
        db.session.commit()
        theirs_id, mine_id = theirs.id, mine.id
        theirs = db.session.get(Publication, theirs_id)
        person_row = db.session.get(Membership, person.id)
        neighbour_row = db.session.get(Membership, neighbour.id)
        comment = add_comment(theirs, person_row, "Bonne idée, je viens")
        add_comment(theirs, neighbour_row, "Merci !", parent_id=comment.id)
        add_comment(theirs, person_row, "Une réponse", parent_id=comment.id)
        set_support(theirs, person_row, True)
        set_follow(theirs, person_row, True)
        post_update(db.session.get(Publication, mine_id), person_row, "Les bacs sont là")
        report(person_row, "publication", theirs_id, {"reason": "spam", "note": "Doublon"})
        report(neighbour_row, "comment", comment.id, {"reason": "other", "note": "Hors sujet"})
        db.session.commit()
        # A private conversation, with their name in its subject and notifications.
        talk = start_conversation(info, person_row, "member", neighbour.id,
                                  "Bonjour, on se voit au jardin ?")
        assert talk is not None
        write_message(info, db.session.get(Membership, neighbour.id), talk, "Avec plaisir")
        block(db.session.get(Membership, neighbour.id), person.id)
    with across_tenants():
        db.session.add_all([
            AuthSession(id="s" * 64, account_id=account.id, host_key=f"c{city.id}"),
            ApiToken(account_id=account.id, tenant_id=city.id, name="Mon script",
                     prefix="up_zq", secret_hash="h" * 64),
            DataExport(account_id=account.id, status="ready", archive=b"ZIP-OF-ZEPHYRINE"),
        ])
        db.session.commit()
    queue_email(email, "Bonjour Zéphyrine Quaglia", "data_export", city=info, locale="fr",
                url="https://example.org/x", days=7)
    return person, neighbour, theirs_id


def traces(words: list[str], blobs: tuple[bytes, ...] = (AVATAR, PICTURE), *,
           tenant_id: int | None = None) -> list[str]:
    """Every (table.column) whose text, JSON or bytes hold one of the words or blobs; with
    tenant_id, only that city's rows (and the national ones)."""
    found = []
    with across_tenants():
        for table in db.metadata.sorted_tables:
            city = []
            if tenant_id is not None and "tenant_id" in table.c:
                city = [or_(table.c.tenant_id == tenant_id, table.c.tenant_id.is_(None))]
            for column in table.c:
                if isinstance(column.type, String | Text):
                    conditions = [column.contains(w) for w in words]
                elif isinstance(column.type, JSON):
                    conditions = [cast(column, Text).contains(w) for w in words]
                elif isinstance(column.type, LargeBinary):
                    rows = db.session.scalars(select(column).where(*city, column.is_not(None)))
                    if any(b in bytes(data) for data in rows for b in blobs):
                        found.append(f"{table.name}.{column.name}")
                    continue
                else:
                    continue
                if db.session.scalar(select(column).where(*city, or_(*conditions)).limit(1)):
                    found.append(f"{table.name}.{column.name}")
    return found

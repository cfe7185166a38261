"""A small world for conversations: a project with a need in a city, its holder, a
member who offered help, an organisation with two admins, and signed-in clients."""

from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_account, make_member
from upcampus.conversations.models import Conversation, Message
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation, OrganisationMember
from upcampus.projects.models import HelpOffer, Holder, Need, Publication
from upcampus.tenancy.context import tenant_scope


class World:
    def __init__(self, city, client_for, prefix=""):
        self.city = city
        # Léa reads English, the others the city's French.
        self.holder = make_member(city, account=make_account(f"{prefix}lea@example.org",
                                                             "Léa", locale="en"))
        self.helper = make_member(city, email=f"{prefix}karim@example.org")
        self.admin = make_member(city, email=f"{prefix}asso@example.org")
        self.admin2 = make_member(city, email=f"{prefix}asso2@example.org")
        with tenant_scope(city):
            publication = Publication(kind="project", title="Un jardin partagé",
                                      slug="jardin", description="", status="published",
                                      stage="idea", author_id=self.holder.id,
                                      published_at=utcnow())
            publication.holders.append(Holder(membership_id=self.holder.id))
            publication.needs.append(Need(kind="resource", resource="equipment", text="Outils"))
            db.session.add(publication)
            organisation = Organisation(name="Les Jardiniers", slug="jardiniers",
                                        kind="association", description="", offers=[])
            organisation.members.extend([
                OrganisationMember(membership_id=self.admin.id, role="admin"),
                OrganisationMember(membership_id=self.admin2.id, role="admin")])
            db.session.add(organisation)
            db.session.flush()
            offer = HelpOffer(need_id=publication.needs[0].id, membership_id=self.helper.id,
                              message="J'ai des outils")
            db.session.add(offer)
            db.session.commit()
            self.pub_id, self.offer_id = publication.id, offer.id
            self.organisation_id = organisation.id
        self.prefix = prefix
        self.clients = {}
        self.client_for = client_for

    def client(self, who: str):
        if who not in self.clients:
            self.clients[who] = self.client_for(self.city)
            log_in(self.clients[who], f"{self.prefix}{who}@example.org")
        return self.clients[who]


def start(client, context: str, target_id: int, body: str):
    path = f"/messages/new/{context}/{target_id}"
    return post_form(client, path, {"body": body})


def reply(client, conversation_id: int, body: str):
    return post_form(client, f"/messages/{conversation_id}", {"body": body})


def conversations_of(city):
    with tenant_scope(city):
        rows = db.session.scalars(select(Conversation).order_by(Conversation.id)).all()
        for row in rows:
            db.session.expunge(row)  # kept as read, whatever happens next
        return rows


def bodies(city, conversation_id: int) -> list[str]:
    with tenant_scope(city):
        return list(db.session.scalars(select(Message.body).where(
            Message.conversation_id == conversation_id).order_by(Message.id)))

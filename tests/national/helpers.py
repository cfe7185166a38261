"""Shared helpers of the national tests: publications made through the operations."""

from sqlalchemy import select

from upcampus.core.db import db
from upcampus.projects.models import Need, Publication
from upcampus.projects.needs import add_need
from upcampus.projects.operations import create_publication
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope


def code_id(model, code):
    return db.session.scalar(select(model.id).where(model.code == code))


def a_publication(city, member, title, *, publish=True, stage="realised",
                  description="Des planches de potager.", shared=False, lessons="",
                  needs=()) -> int:
    """A publication of `member` in `city`, maybe shared nationally; returns its id."""
    with tenant_scope(city):
        membership = db.session.merge(member)
        publication = create_publication(membership.account, membership, {
            "kind": "project", "title": title, "description": description,
            "stage": stage, "theme_ids": [code_id(Theme, "ecology")]}, publish)
        for kind, value, text in needs:
            add_need(publication, membership, kind=kind, text=text,
                     skill_id=code_id(Skill, value) if kind == "skill" else None,
                     resource=value if kind == "resource" else None)
        if shared:
            publication.shared_nationally, publication.lessons = True, lessons
            db.session.commit()
        return publication.id


def publication(city, pub_id) -> Publication:
    with tenant_scope(city):
        row = db.session.get(Publication, pub_id)
        _ = [n.skill for n in row.needs], row.themes  # loaded before the scope ends
        return row


def needs_of(city, pub_id):
    with tenant_scope(city):
        return [(n.kind, n.skill.code if n.skill else n.resource, n.text, n.state)
                for n in db.session.scalars(select(Need).where(Need.publication_id == pub_id)
                                            .order_by(Need.id))]

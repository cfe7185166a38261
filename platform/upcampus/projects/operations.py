"""Rules of publications: write, publish, edit, hold, feature, illustrate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import replace_links, visible_ids
from upcampus.accounts.policy import can, is_active_member
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.images import fit_within
from upcampus.core.links import slug_of
from upcampus.core.rules import RESUBMIT_WINDOW, RuleError, validated
from upcampus.moderation.operations import check_takes_part, hold_for_words, is_held
from upcampus.organisations.models import OrganisationMember
from upcampus.projects.models import (
    Holder,
    Publication,
    PublicationImage,
    PublicationTheme,
)
from upcampus.projects.schemas import CoHolderSchema, ImageSchema, PublicationSchema
from upcampus.search.excerpts import excerpt_fields
from upcampus.search.operations import index_document, listed_here, remove_document
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.neighbourhoods import choosable

MAX_IMAGES = 4
# Search documents are written once for every visitor: French label first, English too.
RESOURCE_NAMES = {"premises": ("Locaux", "Premises"), "funding": ("Financement", "Funding"),
                  "equipment": ("Matériel", "Equipment"),
                  "volunteers": ("Bénévoles", "Volunteers"), "advice": ("Conseil", "Advice")}


def holder_organisation_ids(membership: Membership) -> set[int]:
    """Organisations a member may name as holders: those they belong to."""
    return set(db.session.scalars(select(OrganisationMember.organisation_id).where(
        OrganisationMember.membership_id == membership.id)))


def is_holder(publication: Publication, membership: Membership | None) -> bool:
    """A holder in person, or an admin of a holding organisation."""
    if not is_active_member(membership):
        return False
    if any(h.membership_id == membership.id for h in publication.holders):
        return True
    organisations = {h.organisation_id for h in publication.holders if h.organisation_id}
    if not organisations:
        return False
    return db.session.scalar(select(OrganisationMember.id).where(
        OrganisationMember.membership_id == membership.id, OrganisationMember.role == "admin",
        OrganisationMember.organisation_id.in_(organisations))) is not None


def can_see(publication: Publication, membership: Membership | None,
            account: Account | None) -> bool:
    """Published ones are public; drafts are for their holders and the city's team."""
    return publication.published or is_holder(publication, membership) or can(
        account, "projects.facilitate", membership)


def publication_fields(publication: Publication, membership: Membership | None) -> dict:
    """The payload the edit page starts from: a partial change (the API's PATCH) is laid
    over it. As on the page, retired themes drop out, and organisations are those this
    editor may name (the others stay anyway)."""
    mine = holder_organisation_ids(membership) if membership is not None else set()
    return {"kind": publication.kind, "title": publication.title,
            "description": publication.description or "",
            "theme_ids": [t.id for t in publication.themes if t and not t.retired],
            "neighbourhood": publication.neighbourhood or "",
            "address": publication.address or "", "stage": publication.stage,
            "organisation_ids": [h.organisation_id for h in publication.holders
                                 if h.organisation_id in mine]}


def _apply(publication: Publication, membership: Membership, fields: dict) -> None:
    fields = validated(PublicationSchema, fields)
    themes = visible_ids(Theme, fields["theme_ids"], "themes")
    mine = holder_organisation_ids(membership)
    organisations = set(fields["organisation_ids"])
    if not organisations <= mine:
        raise RuleError("organisations", _l("You can only name organisations you belong to."))
    # Organisations this editor cannot choose stay as they are.
    organisations = sorted(organisations | {h.organisation_id for h in publication.holders
                                            if h.organisation_id and h.organisation_id
                                            not in mine})
    if not choosable(fields["neighbourhood"], publication.neighbourhood):
        raise RuleError("neighbourhood", _l("Choose a neighbourhood from the list."))
    publication.title, publication.kind = fields["title"], fields["kind"]
    publication.stage, publication.description = fields["stage"], fields["description"]
    publication.neighbourhood, publication.address = fields["neighbourhood"], fields["address"]
    replace_links(publication.theme_links, PublicationTheme, "theme_id", themes)
    people = [h for h in publication.holders if h.membership_id]
    publication.holders = people + [h for h in publication.holders
                                    if h.organisation_id in organisations]
    current = {h.organisation_id for h in publication.holders}
    publication.holders += [Holder(organisation_id=o) for o in organisations
                            if o not in current]


def create_publication(account: Account, membership: Membership | None, fields: dict,
                       publish: bool) -> Publication:
    check_takes_part(membership, "title", _l("Join this network to publish."))
    serialise_on(Membership, membership.id)
    twice = db.session.scalars(select(Publication).where(
        Publication.author_id == membership.id,
        Publication.title == (fields.get("title") or "").strip(),
        Publication.created_at >= utcnow() - RESUBMIT_WINDOW)).first()
    if twice is not None:
        return twice  # a double-submitted form publishes once
    publication = Publication(author_id=membership.id, status="draft")
    publication.holders.append(Holder(membership_id=membership.id))
    _apply(publication, membership, fields)
    publication.slug = slug_of(publication.title, "publication")
    db.session.add(publication)
    if publish:
        _publish(publication)
    db.session.flush()
    reindex(publication)
    if publish:
        _watch(publication)
    db.session.commit()
    return publication


def update_publication(publication: Publication, membership: Membership | None,
                       fields: dict, publish: bool | None = None) -> None:
    if not is_holder(publication, membership):
        raise RuleError("title", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    check_takes_part(membership, "title", _l("Join this network to publish."))
    if publish and is_held("publication", publication.id):
        raise RuleError("title", _l("The moderators hid this publication: it cannot be "
                                    "published again unless they change their decision."))
    _apply(publication, membership, fields)
    publication.slug = slug_of(publication.title, "publication")
    if publish:
        _publish(publication)
    elif publish is False:
        publication.status, publication.featured = "draft", False
    db.session.flush()  # new theme links load their theme for the search document
    reindex(publication)
    if publication.published:
        _watch(publication)
    db.session.commit()


def _watch(publication: Publication) -> None:
    """A publication with one of the city's words to watch waits for the moderators."""
    hold_for_words("publication", publication,
                   f"{publication.title}\n{publication.description}")


def _publish(publication: Publication) -> None:
    publication.status = "published"
    publication.published_at = publication.published_at or utcnow()


def add_co_holder(publication: Publication, membership: Membership | None,
                  email: str) -> Membership:
    """Another member of this city carries the publication too."""
    from upcampus.accounts.operations import normalise_email

    if not is_holder(publication, membership):
        raise RuleError("email", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    email = validated(CoHolderSchema, {"email": email})["email"]
    other = db.session.scalars(select(Membership).join(Membership.account).where(
        Account.email == normalise_email(email), Membership.status == "active")).first()
    if other is None:
        raise RuleError("email", _l("No member of this network has this address."))
    if any(h.membership_id == other.id for h in publication.holders):
        raise RuleError("email", _l("This member already carries it."))
    publication.holders.append(Holder(membership_id=other.id))
    db.session.commit()
    return other


def set_featured(publication: Publication, account: Account, membership: Membership | None,
                 featured: bool) -> None:
    if not can(account, "projects.facilitate", membership):
        raise RuleError("featured", _l("Only the network's facilitators can feature."),
                        "forbidden")
    if not publication.published:
        raise RuleError("featured", _l("Only a published publication can be featured."))
    newly = featured and not publication.featured
    publication.featured = featured
    db.session.commit()
    if newly:
        from upcampus.core.jobs import enqueue
        from upcampus.projects.tasks import notify_featured

        enqueue(notify_featured, publication.tenant_id, publication.id)


def add_image(publication: Publication, membership: Membership | None, data: bytes,
              alt: str) -> PublicationImage:
    if not is_holder(publication, membership):
        raise RuleError("image", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    if len(publication.images) >= MAX_IMAGES:
        raise RuleError("image", _l("At most %(count)d images.", count=MAX_IMAGES))
    alt = validated(ImageSchema, {"alt": alt})["alt"]
    encoded, digest = fit_within(data)
    image = PublicationImage(data=encoded, digest=digest, alt=alt,
                             position=len(publication.images))
    publication.images.append(image)
    db.session.commit()
    return image


def _own_image(publication: Publication, membership: Membership | None,
               image_id: int) -> PublicationImage:
    if not is_holder(publication, membership):
        raise RuleError("image", _l("Only the holders of this publication can edit it."),
                        "forbidden")
    image = next((i for i in publication.images if i.id == image_id), None)
    if image is None:
        raise RuleError("image", _l("This image no longer exists."), "missing")
    return image


def replace_image(publication: Publication, membership: Membership | None, image_id: int,
                  data: bytes, alt: str) -> PublicationImage:
    """Another picture (and what it shows) in the same place."""
    image = _own_image(publication, membership, image_id)
    alt = validated(ImageSchema, {"alt": alt})["alt"]
    image.data, image.digest = fit_within(data)
    image.alt = alt
    db.session.commit()
    return image


def remove_image(publication: Publication, membership: Membership | None,
                 image_id: int) -> None:
    publication.images.remove(_own_image(publication, membership, image_id))
    for position, image in enumerate(publication.images):
        image.position = position
    db.session.commit()


def publication_url(publication: Publication) -> str:
    return f"/projects/{publication.id}-{publication.slug}"


def reindex(publication: Publication) -> None:
    """The publication and its open needs in search, while published; else out of it."""
    if not publication.published:
        remove_document("publication", publication.id)
        for need in publication.needs:
            remove_document("need", need.id)
        return
    index_document("publication", publication.id, title=publication.title,
                   fields=excerpt_fields(
                       texts=[publication.description, listed_here(publication.neighbourhood)],
                       labels=[(t.label_fr, t.label_en) for t in publication.themes if t]),
                   url=publication_url(publication))
    for need in publication.needs:
        if need.id is None:
            db.session.flush()
        if need.state == "open":
            label_fr, label_en = ((need.skill.label_fr, need.skill.label_en) if need.skill
                                  else RESOURCE_NAMES[need.resource])
            index_document("need", need.id, title=f"{label_fr} — {publication.title}",
                           fields=excerpt_fields(texts=[need.text], titles=(
                               f"{label_fr} — {publication.title}",
                               f"{label_en} — {publication.title}")),
                           url=publication_url(publication) + "#needs")
        else:
            remove_document("need", need.id)

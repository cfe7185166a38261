"""The shared taxonomy from the console: add, rename and translate, retire, merge (every
city's links move to the survivor in one transaction, a duplicate pair is dropped),
audited; merging into itself or into a retired entry is refused."""

import pytest
from sqlalchemy import delete, select

from tests.conftest import log_in, post_form
from tests.factories import make_account
from upcampus.accounts.models import MembershipSkill, MembershipTheme
from upcampus.console.models import AuditEntry
from upcampus.core.db import db, utcnow
from upcampus.organisations.models import Organisation, OrganisationTheme
from upcampus.projects.models import Need, Publication, PublicationTheme
from upcampus.taxonomy.models import Skill, SkillFamily, Theme
from upcampus.tenancy.context import across_tenants, tenant_scope

CODES = ("test-jardins", "test-potagers", "test-retraite", "test-soudure", "test-metal")


@pytest.fixture
def console(national, app_context):
    account = make_account("platform@example.org")
    account.is_platform_admin = True
    db.session.commit()
    log_in(national, "platform@example.org")
    yield national
    # The shared taxonomy outlives each test: take out what this one added.
    db.session.rollback()
    for model in (Theme, Skill):
        db.session.execute(delete(model).where(model.code.in_(CODES)))
    db.session.commit()


def add(console, kind, code, fr, en, family=""):
    response = post_form(console, f"/console/taxonomy/{kind}",
                         {"code": code, "label_fr": fr, "label_en": en, "family": family})
    assert response.status_code == 302, response.text
    model = Theme if kind == "theme" else Skill
    entry = db.session.scalars(select(model).where(model.code == code)).one()
    return type("Entry", (), {"id": entry.id})  # ids only: rows expire between requests


def test_add_rename_translate_and_retire(console):
    theme = add(console, "theme", "test-jardins", "Jardins", "Gardens")
    assert db.session.get(Theme, theme.id).tenant_id is None
    taken = post_form(console, "/console/taxonomy/theme",
                      {"code": "test-jardins", "label_fr": "X", "label_en": "X"})
    assert taken.status_code == 422
    path = f"/console/taxonomy/theme/{theme.id}"
    post_form(console, f"{path}/labels", {"label_fr": "Jardins partagés",
                                          "label_en": "Shared gardens"}, page=path)
    blank = post_form(console, f"{path}/labels", {"label_fr": "", "label_en": "x"}, page=path)
    assert blank.status_code == 422
    post_form(console, f"{path}/retire", {}, page=path)
    db.session.expire_all()
    theme = db.session.get(Theme, theme.id)
    assert (theme.label_fr, theme.label_en, theme.retired) == (
        "Jardins partagés", "Shared gardens", True)
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["theme.add", "theme.relabel", "theme.retire"]


def test_merge_moves_every_citys_links_and_drops_duplicates(console, two_cities, member_of):
    sceaux, bourg = two_cities
    source = add(console, "theme", "test-potagers", "Potagers", "Vegetable gardens")
    target = add(console, "theme", "test-jardins", "Jardins", "Gardens")
    both = member_of(sceaux, email="both@example.org")      # has source and target
    only = member_of(bourg, email="only@example.org")       # has source only
    with tenant_scope(sceaux):
        db.session.add_all([MembershipTheme(membership_id=both.id, theme_id=source.id),
                            MembershipTheme(membership_id=both.id, theme_id=target.id)])
        organisation = Organisation(name="Asso", slug="asso", kind="association")
        db.session.add(organisation)
        db.session.flush()
        db.session.add(OrganisationTheme(organisation_id=organisation.id, theme_id=source.id))
        publication = Publication(kind="project", title="P", slug="p", status="published",
                                  author_id=both.id, published_at=utcnow())
        db.session.add(publication)
        db.session.flush()
        db.session.add(PublicationTheme(publication_id=publication.id, theme_id=source.id))
        db.session.commit()
    with tenant_scope(bourg):
        db.session.add(MembershipTheme(membership_id=only.id, theme_id=source.id))
        db.session.commit()
    path = f"/console/taxonomy/theme/{source.id}"
    response = post_form(console, f"{path}/merge", {"target": str(target.id)}, page=path)
    assert response.status_code == 302
    with across_tenants():
        links = sorted((m.__tablename__, row.theme_id) for m in (
            MembershipTheme, OrganisationTheme, PublicationTheme)
            for row in db.session.scalars(select(m)))
    assert links == sorted([("membership_themes", target.id)] * 2 + [
        ("organisation_themes", target.id), ("publication_themes", target.id)])
    db.session.expire_all()
    assert db.session.get(Theme, source.id).retired
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "theme.merge")).one()
    assert entry.after["membership_themes"] == 1
    assert entry.after["membership_themes (duplicates dropped)"] == 1


def test_merging_a_skill_moves_needs_too(console, sceaux, member_of):
    family = db.session.scalars(select(SkillFamily.code).where(
        SkillFamily.code != "local")).first()
    source = add(console, "skill", "test-soudure", "Soudure", "Welding", family)
    target = add(console, "skill", "test-metal", "Métal", "Metalwork", family)
    member = member_of(sceaux, email="m@example.org")
    with tenant_scope(sceaux):
        db.session.add(MembershipSkill(membership_id=member.id, skill_id=source.id))
        publication = Publication(kind="project", title="P", slug="p", status="published",
                                  author_id=member.id, published_at=utcnow())
        publication.needs.append(Need(kind="skill", skill_id=source.id, text="x"))
        db.session.add(publication)
        db.session.commit()
    path = f"/console/taxonomy/skill/{source.id}"
    assert post_form(console, f"{path}/merge", {"target": str(target.id)},
                     page=path).status_code == 302
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Need.skill_id)).one() == target.id
        assert db.session.scalars(select(MembershipSkill.skill_id)).one() == target.id


def test_merge_refuses_itself_a_retired_entry_and_a_citys_own(console, sceaux):
    source = add(console, "theme", "test-potagers", "Potagers", "Vegetable gardens")
    retired = add(console, "theme", "test-retraite", "Ancien", "Old")
    path = f"/console/taxonomy/theme/{retired.id}"
    post_form(console, f"{path}/retire", {}, page=path)
    path = f"/console/taxonomy/theme/{source.id}"
    itself = post_form(console, f"{path}/merge", {"target": str(source.id)}, page=path)
    assert itself.status_code == 422
    assert "itself" in itself.text or "elle-même" in itself.text
    into_retired = post_form(console, f"{path}/merge", {"target": str(retired.id)}, page=path)
    assert into_retired.status_code == 422
    with tenant_scope(sceaux):
        local = Theme(code="local-x", label_fr="Local", label_en="Local")
        db.session.add(local)
        db.session.commit()
        local_id = local.id
    into_local = post_form(console, f"{path}/merge", {"target": str(local_id)}, page=path)
    assert into_local.status_code == 422
    assert console.get(f"/console/taxonomy/theme/{local_id}").status_code == 404
    garbage = post_form(console, f"{path}/merge", {"target": "9" * 30}, page=path)
    assert garbage.status_code == 422
    db.session.expire_all()
    assert not db.session.get(Theme, source.id).retired
    assert db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "theme.merge")) is None

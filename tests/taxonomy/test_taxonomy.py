"""The shared taxonomy: the same themes and skills in every city, plus local entries."""

import pytest
from sqlalchemy import func, select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.taxonomy.models import Skill, SkillFamily, Theme
from upcampus.taxonomy.operations import (
    add_local_theme,
    sync_shared_taxonomy,
    visible_skills,
    visible_themes,
)
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.scoping import TenantScopeError


def test_the_shared_taxonomy_is_complete_and_bilingual(app_context):
    themes = db.session.scalars(select(Theme).where(Theme.tenant_id.is_(None))).all()
    skills = db.session.scalars(select(Skill).where(Skill.tenant_id.is_(None))).all()
    assert len(themes) >= 12 and len(skills) >= 60
    assert db.session.scalar(select(func.count()).select_from(SkillFamily)) >= 8
    for entry in themes + skills:
        assert entry.label_fr and entry.label_en, entry.code
    codes = {t.code for t in themes}
    for wanted in ("ecology", "solidarity", "culture", "local-economy", "education", "health",
                   "mobility", "digital", "sport", "housing", "food", "citizenship"):
        assert wanted in codes


def test_sync_is_idempotent(app_context):
    assert sync_shared_taxonomy() == {"themes": 0, "families": 0, "skills": 0}


def test_local_entries_stay_in_their_city(two_cities):
    sceaux, bourg = two_cities
    with tenant_scope(sceaux):
        add_local_theme("Fête du Printemps de Sceaux", "Sceaux spring fair")
        assert "Fête du Printemps de Sceaux" in [t.label_fr for t in visible_themes()]
    with tenant_scope(bourg):
        labels = [t.label_fr for t in visible_themes()]
        assert "Fête du Printemps de Sceaux" not in labels and "Écologie et environnement" in labels
        assert len(visible_skills()) >= 60
    national = [t.label_fr for t in db.session.scalars(select(Theme))]
    assert "Fête du Printemps de Sceaux" not in national  # national code sees shared rows


def test_a_city_cannot_change_the_shared_taxonomy(sceaux):
    with pytest.raises(TenantScopeError), tenant_scope(sceaux):
        theme = db.session.scalars(select(Theme).where(Theme.code == "ecology")).one()
        theme.label_fr = "Hijacked"
        db.session.flush()
    db.session.rollback()
    assert db.session.scalars(select(Theme.label_fr).where(Theme.code == "ecology")).one() == (
        "Écologie et environnement")


def test_facilitators_add_local_entries_from_the_web(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, "facilitator", email="anim@example.org")
    make_member(sceaux, email="member@example.org")
    client = client_for(sceaux)
    log_in(client, "anim@example.org")
    response = post_form(client, "/admin/taxonomy", {"kind": "skill",
                                                     "label_fr": "Connaissance du Parc",
                                                     "label_en": "Knowing the park"})
    assert response.status_code == 302
    assert "Connaissance du Parc" in client.get("/admin/taxonomy").text
    twice = post_form(client, "/admin/taxonomy", {"kind": "skill",
                                                  "label_fr": "Connaissance du Parc"})
    assert twice.status_code == 422 and "a déjà cette entrée" in twice.text
    assert "Connaissance du Parc" in client.get("/members").text  # offered in the filter
    assert "Connaissance du Parc" not in client_for(bourg).get("/members").text
    member = client_for(sceaux)
    log_in(member, "member@example.org")
    assert member.get("/admin/taxonomy").status_code == 403

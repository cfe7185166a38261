"""The account page in sections with a local nav, and the skill and interest pickers:
grouped by family in <fieldset>s with legends (no script needed), what is chosen first,
each option once; the filter box is a self-hosted script."""

import re

from bs4 import BeautifulSoup
from sqlalchemy import select

from tests.conftest import log_in, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import tenant_scope


def ids(model, *codes):
    return [db.session.scalar(select(model.id).where(model.code == code)) for code in codes]


def test_skills_are_grouped_by_family_with_the_chosen_first(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    with tenant_scope(sceaux):
        gardening, accounting = ids(Skill, "gardening", "accounting")
        [ecology] = ids(Theme, "ecology")
        families = {s.family.label("fr") for s in db.session.scalars(select(Skill))}
    post_form(client, "/account/profile", {"visibility": "members", "bio": "", "offers": "",
                                           "neighbourhood": "",
                                           "skills": [gardening, accounting],
                                           "themes": [ecology]}, page="/account")
    html = BeautifulSoup(client.get("/account").text, "html.parser")
    [skills] = [f for f in html.select("fieldset.picker") if f.find("input", {
        "name": "skills"})]
    groups = skills.select("fieldset.picker-group")
    assert groups[0].legend.get_text() == "Vos choix"
    assert {i["value"] for i in groups[0].select("input")} == {str(gardening),
                                                               str(accounting)}
    assert all(i.has_attr("checked") for i in groups[0].select("input"))
    assert {g.legend.get_text() for g in groups[1:]} <= families and len(groups) > 3
    values = [i["value"] for i in skills.select("input[name=skills]")]
    assert len(values) == len(set(values))  # each skill once
    assert not any(i.has_attr("checked") for g in groups[1:] for i in g.select("input"))
    for box in skills.select("input[name=skills]"):
        assert html.find("label", {"for": box["id"]}) is not None
    assert html.find("script", src=re.compile(r"/js/pickers\.js"))
    assert "<script>" not in str(html)  # no inline script


def test_the_account_page_has_a_local_nav_to_its_sections(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    html = BeautifulSoup(client.get("/account").text, "html.parser")
    nav = html.find("nav", {"aria-label": "Parties de votre compte"})
    targets = [a["href"] for a in nav.find_all("a")]
    for target in targets:
        if target.startswith("#"):
            assert html.find(id=target[1:]) is not None, target
    assert "/account/activity" in targets and "/account/notifications" in targets
    with client.get("/static/js/pickers.js") as script:
        assert script.status_code == 200 and b"data-picker" in script.data

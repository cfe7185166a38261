"""Findings of the outside sweep and review of issue 8's repairs: probing typed-in
neighbourhoods, neighbourhoods outside the list through the rules, organisations and
city entries sent twice."""


import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, log_in, post_form
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.accounts.operations import update_profile
from upcampus.core.db import db
from upcampus.core.rules import RuleError
from upcampus.organisations.models import Organisation
from upcampus.taxonomy.models import Theme
from upcampus.taxonomy.operations import add_local_theme
from upcampus.tenancy.context import tenant_scope

TYPED = "Les Blagis (rue des Imbergères)"


def names_on(html: str, *names) -> list[str]:
    return [name for name in names if name in html]


def test_a_typed_in_neighbourhood_cannot_be_probed_from_the_address_bar(client_for, sceaux):
    make_member(sceaux, email="hugo@example.org", visibility="public", neighbourhood=TYPED)
    make_member(sceaux, email="ines@example.org", visibility="public", neighbourhood="Robinson")
    visitor = client_for(sceaux)
    probe = visitor.get("/members", query_string={"neighbourhood": TYPED}).text
    other = visitor.get("/members", query_string={"neighbourhood": "Nulle part"}).text
    assert names_on(probe, "Hugo", "Ines") == names_on(other, "Hugo", "Ines") == []
    listed = visitor.get("/members", query_string={"neighbourhood": "Robinson"}).text
    assert names_on(listed, "Hugo", "Ines") == ["Ines"]
    for path in ("/projects", "/organisations"):
        assert visitor.get(path, query_string={"neighbourhood": TYPED}).status_code == 200


def test_the_rules_refuse_a_neighbourhood_outside_the_list(sceaux):
    member = make_member(sceaux, neighbourhood=TYPED)
    with tenant_scope(sceaux):
        member = db.session.merge(member)
        kwargs = {"bio": "", "offers": "", "visibility": "members", "skill_ids": [],
                  "theme_ids": []}
        update_profile(member, {"neighbourhood": TYPED, **kwargs})  # one's own words stay
        update_profile(member, {"neighbourhood": "Robinson", **kwargs})
        with pytest.raises(RuleError) as refused:
            update_profile(member, {"neighbourhood": "Rue de la Paix", **kwargs})
        assert refused.value.field == "neighbourhood"


ORGANISATION = {"name": "Les Voisins", "kind": "association", "offers": ["network"]}


def test_an_organisation_sent_twice_is_created_once(client_for, sceaux):
    make_member(sceaux, email="jeanne@example.org")
    client = client_for(sceaux)
    log_in(client, "jeanne@example.org")
    first = post_form(client, "/organisations/new", ORGANISATION)
    again = post_form(client, "/organisations/new", ORGANISATION)
    assert first.status_code == again.status_code == 302
    assert first.location == again.location
    with tenant_scope(sceaux):
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_organisations_and_city_entries_sent_at_once_are_one_and_no_500(client_for,
                                                                         sceaux):
    make_member(sceaux, role="admin", email="maire@example.org")
    clients = [client_for(sceaux) for _ in range(6)]
    for client in clients:
        log_in(client, "maire@example.org")
    for path, data in (("/organisations/new", ORGANISATION),
                       ("/admin/taxonomy", {"kind": "theme", "label_fr": "Fête des voisins"})):
        tokens = [csrf_from(client.get(path).text) for client in clients]
        statuses = all_at_once([
            lambda c=client, t=token, path=path, data=data: c.post(
                path, data={"csrf_token": t, **data}).status_code
            for client, token in zip(clients, tokens, strict=True)])
        assert 500 not in statuses, (path, statuses)
    with tenant_scope(sceaux):
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
        assert db.session.scalar(select(func.count()).select_from(Theme).where(
            Theme.tenant_id == sceaux.id)) == 1


def test_a_city_entry_added_twice_is_refused_by_the_rule(sceaux):
    with tenant_scope(sceaux):
        add_local_theme("Fête des voisins", "")
        with pytest.raises(RuleError):
            add_local_theme("Fête des voisins", "")


def test_the_neighbourhood_list_says_what_it_refuses_and_merges_cases(client_for, sceaux):
    make_member(sceaux, role="admin", email="maire@example.org")
    admin = client_for(sceaux)
    log_in(admin, "maire@example.org")
    too_long = post_form(admin, "/admin/neighbourhoods",
                         {"names": "Robinson\n" + "x" * 81})
    assert too_long.status_code == 422 and "80" in too_long.text and "x" * 81 in too_long.text
    saved = post_form(admin, "/admin/neighbourhoods", {"names": "Robinson\nrobinson\nCentre"})
    assert saved.status_code == 302
    from upcampus.tenancy.models import Tenant

    tenant = db.session.get(Tenant, sceaux.id)
    db.session.refresh(tenant)
    assert tenant.neighbourhoods == ["Robinson", "Centre"]


def test_a_result_marks_its_title_and_keeps_list_items_apart(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    post_form(client, "/projects/new", {
        "kind": "project", "title": "Un espace de coworking", "stage": "idea",
        "description": "Il nous faut :\n\n- des tables\n- des chaises", "publish": "1"})
    html = client_for(sceaux).get("/search", query_string={"q": "coworking"}).text
    assert "<mark>coworking</mark></a>" in html
    html = client_for(sceaux).get("/search", query_string={"q": "tables"}).text
    assert "des <mark>tables</mark> · des chaises</p>" in html


def test_the_owner_is_told_of_a_sign_up_in_their_own_language(client_for, sceaux):
    from tests.conftest import outbox
    from upcampus.accounts.models import Account

    owner = make_member(sceaux, email="lea@example.org").account_id
    account = db.session.get(Account, owner)
    account.locale = "fr"
    db.session.commit()
    visitor = client_for(sceaux)
    post_form(visitor, "/signup", {"accept": "y", "display_name": "Léa", "email": "lea@example.org",
                                   "password": "un mot de passe solide"},
              headers={"Accept-Language": "en"})
    told = outbox(sceaux)[0]
    assert told.to_address == "lea@example.org" and "essayé de s’inscrire" in told.subject

"""Replicate what worked: a facilitator of another city starts a local draft from a shared
project, with its needs and lessons, crediting the original; nothing private travels."""

from sqlalchemy import func, select

from tests.conftest import csrf_from, log_in, post_form
from tests.factories import make_member
from tests.national.helpers import a_publication, needs_of, publication
from tests.threads import all_at_once
from upcampus.core.db import db
from upcampus.national.models import Replication
from upcampus.projects.models import Comment, Follow, Publication, Support
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import tenant_scope

SECRET = "COMMENTAIRE-PRIVE"


def shared_in_sceaux(sceaux):
    lea = make_member(sceaux, email="lea@example.org")
    voisin = make_member(sceaux, email="voisin@example.org")
    pub_id = a_publication(
        sceaux, lea, "Jardin partagé des Blagis", shared=True,
        description="Des **planches** de potager.", lessons="Commencer avec 4 bacs.",
        needs=[("skill", "gardening", "Des jardiniers"), ("resource", "equipment", "Des outils")])
    with tenant_scope(sceaux):
        db.session.add_all([Comment(publication_id=pub_id, membership_id=voisin.id,
                                    body=SECRET),
                            Support(publication_id=pub_id, membership_id=voisin.id),
                            Follow(publication_id=pub_id, membership_id=voisin.id)])
        db.session.commit()
    return lea, pub_id


def facilitator_of(client_for, city, email="anim-bourg@example.org"):
    membership = make_member(city, "facilitator", email=email)
    client = client_for(city)
    log_in(client, email)
    return membership, client


def test_a_facilitator_starts_a_local_draft_from_a_shared_project(client_for, two_cities):
    sceaux, bourg = two_cities
    _, original = shared_in_sceaux(sceaux)
    anim, client = facilitator_of(client_for, bourg)
    models = client.get("/models").text
    assert "Jardin partagé des Blagis" in models and "Ça a marché à Sceaux" in models
    response = post_form(client, f"/models/sceaux/{original}/start", {}, page="/models")
    assert response.status_code == 302 and response.location.endswith("/edit")
    with tenant_scope(bourg):
        replica = db.session.scalars(select(Publication)).one()
        assert (replica.status, replica.stage, replica.title) == (
            "draft", "idea", "Jardin partagé des Blagis")
        assert replica.description == "Des **planches** de potager."
        assert [h.membership_id for h in replica.holders] == [anim.id]
        assert [t.code for t in replica.themes] == ["ecology"]
        assert not replica.shared_nationally and replica.lessons == ""
        # Nothing private travels: no comment, support, follower, other holder.
        for model in (Comment, Support, Follow):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        replica_id = replica.id
    assert needs_of(bourg, replica_id) == [
        ("skill", "gardening", "Des jardiniers", "open"),
        ("resource", "equipment", "Des outils", "open")]
    link = db.session.scalars(select(Replication)).one()
    assert (link.original_tenant_id, link.original_publication_id, link.replica_tenant_id,
            link.replica_publication_id) == (sceaux.id, original, bourg.id, replica_id)
    # The draft credits the original, with its lessons; the original counts its replicas.
    page = client.get(f"/projects/{replica_id}", follow_redirects=True).text
    assert "Ça a marché à Sceaux" in page and "Commencer avec 4 bacs." in page
    assert "http://sceaux.upcampus.test/projects/" in page and SECRET not in page
    original_page = client_for(sceaux).get(f"/projects/{original}", follow_redirects=True)
    assert "Repris dans 1 autre ville" in original_page.text
    assert "Repris dans 1 autre ville" in client_for("upcampus.test").get("/showcase").text


def test_refused_replications_say_why_and_write_nothing(client_for, two_cities):
    sceaux, bourg = two_cities
    lea, original = shared_in_sceaux(sceaux)
    unshared = a_publication(sceaux, lea, "Atelier non partagé")
    draft = a_publication(sceaux, lea, "Brouillon", publish=False)
    with tenant_scope(sceaux):  # a draft flagged by hand is still not offered
        db.session.get(Publication, draft).shared_nationally = True
        db.session.commit()
    _, client = facilitator_of(client_for, bourg)
    for pub_id in (unshared, draft, 999999):
        assert post_form(client, f"/models/sceaux/{pub_id}/start", {},
                         page="/models").status_code == 404
    assert post_form(client, f"/models/atlantis/{original}/start", {},
                     page="/models").status_code == 404
    # A plain member is no facilitator.
    member = make_member(bourg, email="membre@example.org")
    plain = client_for(bourg)
    log_in(plain, member.account.email)
    assert post_form(plain, f"/models/sceaux/{original}/start", {},
                     page="/models").status_code == 403
    assert "Le lancer ici" not in plain.get("/models").text
    # Into the same city: refused with a message.
    _, here = facilitator_of(client_for, sceaux, email="anim@example.org")
    same = post_form(here, f"/models/sceaux/{original}/start", {}, page="/projects",
                     follow_redirects=True)
    assert "Ce projet est déjà dans cette ville." in same.text
    assert "Jardin partagé des Blagis" not in here.get("/models").text  # own ones not offered
    assert db.session.scalar(select(func.count()).select_from(Replication)) == 0
    with tenant_scope(bourg):
        assert db.session.scalar(select(func.count()).select_from(Publication)) == 0


def test_a_suspended_city_offers_no_model(client_for, two_cities):
    sceaux, bourg = two_cities
    _, original = shared_in_sceaux(sceaux)
    from upcampus.tenancy.models import Tenant
    row = db.session.get(Tenant, sceaux.id)
    row.status, row.status_message = "suspended", {"fr": "Fermé"}
    db.session.commit()
    _, client = facilitator_of(client_for, bourg)
    assert "Jardin partagé" not in client.get("/models").text
    assert post_form(client, f"/models/sceaux/{original}/start", {},
                     page="/models").status_code == 404


def test_local_terms_of_the_original_city_do_not_travel(client_for, two_cities):
    sceaux, bourg = two_cities
    lea, original = shared_in_sceaux(sceaux)
    with tenant_scope(sceaux):
        local = Theme(code="blagis-only", label_fr="Thème des Blagis", label_en="Blagis")
        db.session.add(local)
        db.session.flush()
        from upcampus.projects.models import PublicationTheme
        db.session.add(PublicationTheme(publication_id=original, theme_id=local.id))
        db.session.commit()
    _, client = facilitator_of(client_for, bourg)
    post_form(client, f"/models/sceaux/{original}/start", {}, page="/models")
    with tenant_scope(bourg):
        replica = db.session.scalars(select(Publication)).one()
        assert [t.code for t in replica.themes] == ["ecology"]


def test_a_double_click_starts_one_draft(client_for, two_cities):
    sceaux, bourg = two_cities
    _, original = shared_in_sceaux(sceaux)
    make_member(bourg, "facilitator", email="anim-bourg@example.org")
    clients = [client_for(bourg) for _ in range(4)]
    for client in clients:
        log_in(client, "anim-bourg@example.org")
    tokens = [csrf_from(client.get("/models").text) for client in clients]
    statuses = all_at_once([
        lambda c=client, t=token: c.post(f"/models/sceaux/{original}/start",
                                         data={"csrf_token": t}).status_code
        for client, token in zip(clients, tokens, strict=True)])
    assert statuses == [302] * 4
    assert db.session.scalar(select(func.count()).select_from(Replication)) == 1
    with tenant_scope(bourg):
        assert db.session.scalar(select(func.count()).select_from(Publication)) == 1
    assert publication(sceaux, original).shared_nationally

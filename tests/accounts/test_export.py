"""Download my data: asked from /account, prepared by a job, linked by email, opened only
by its owner for 7 days; every city's rows about the person, as JSON and as a page."""

import io
import json
import re
import zipfile
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import log_in, outbox, post_form
from tests.factories import make_member
from upcampus.accounts.models import Account, DataExport
from upcampus.core.db import db, utcnow
from upcampus.projects.models import Comment, Holder, Publication, PublicationImage
from upcampus.tenancy.context import across_tenants, tenant_scope


def a_life(city, member, title):
    with tenant_scope(city):
        publication = Publication(title=title, slug="x", description="<script>x</script>",
                                  author_id=member.id, status="published", kind="idea")
        publication.holders.append(Holder(membership_id=member.id))
        publication.images.append(PublicationImage(data=b"IMAGE-BYTES", digest="d",
                                                   alt="Le jardin"))
        db.session.add(publication)
        db.session.flush()
        db.session.add(Comment(publication_id=publication.id, membership_id=member.id,
                               body="Mon commentaire à " + title))
        db.session.commit()


def ask(client):
    return post_form(client, "/account/export", {}, page="/account")


def test_my_data_from_every_city_is_sent_by_a_link_only_i_open(client_for, sceaux, bourg):
    lea = make_member(sceaux, email="lea@example.org", bio="Jardinière à Sceaux")
    make_member(bourg, account=lea.account, bio="Et à Bourg")
    a_life(sceaux, lea, "Jardin de Sceaux")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    assert "/account/export" in client.get("/account").text
    assert ask(client).status_code == 302
    email = outbox(sceaux)[0]
    assert email.to_address == "lea@example.org"
    link = re.search(r"https?://\S+/account/export/(\d+)", email.body_text)
    assert link, email.body_text
    path = f"/account/export/{link.group(1)}"
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert {m["bio"] for m in data["memberships"]} == {"Jardinière à Sceaux", "Et à Bourg"}
    assert data["publications"][0]["title"] == "Jardin de Sceaux"
    assert data["comments"][0]["body"] == "Mon commentaire à Jardin de Sceaux"
    assert "password_hash" not in data["accounts"][0]
    page = archive.read("index.html").decode()
    assert "Jardin de Sceaux" in page and "<script>x</script>" not in page
    assert any(n.startswith("images/publication-") for n in archive.namelist())

    # Nobody else opens it, not with the link, not logged out; nor after 7 days.
    make_member(sceaux, email="paul@example.org")
    other = client_for(sceaux)
    log_in(other, "paul@example.org")
    assert other.get(path).status_code == 404
    assert client_for(sceaux).get(path).status_code == 302  # to the login page
    with across_tenants():
        db.session.get(DataExport, int(link.group(1))).expires_at = utcnow() - timedelta(
            seconds=1)
        db.session.commit()
    assert client.get(path).status_code == 404


def test_an_export_asked_twice_while_preparing_is_prepared_once(client_for, sceaux):
    lea = make_member(sceaux, email="lea@example.org")
    with across_tenants():
        db.session.add(DataExport(account_id=lea.account_id, status="preparing"))
        db.session.commit()
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    response = ask(client)
    assert "en cours de préparation" in client.get(response.location).text
    with across_tenants():
        assert len(db.session.scalars(select(DataExport)).all()) == 1
        assert db.session.scalar(select(Account.id)) == lea.account_id


def _download(client, city):
    assert ask(client).status_code == 302
    link = re.search(r"https?://\S+(/account/export/\d+)", outbox(city)[0].body_text)  # newest
    return client.get(link.group(1))


def test_the_archive_is_named_and_titled_in_the_account_language(client_for, sceaux):
    jo = make_member(sceaux, email="jo@example.org")
    lea = make_member(sceaux, email="lea@example.org")
    with across_tenants():
        db.session.get(Account, jo.account_id).locale = "en"
        db.session.get(Account, lea.account_id).locale = "fr"
        db.session.commit()
    a_life(sceaux, jo, "Garden")
    a_life(sceaux, lea, "Jardin")

    client = client_for(sceaux)
    log_in(client, "jo@example.org")
    response = _download(client, sceaux)
    assert 'filename=my-up-campus-data.zip' in response.headers["Content-Disposition"]
    page = zipfile.ZipFile(io.BytesIO(response.data)).read("index.html").decode()
    assert "<h2>My account</h2>" in page and "<h2>My publications</h2>" in page
    assert "<h2>accounts</h2>" not in page and "<h2>publications</h2>" not in page

    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    response = _download(client, sceaux)
    assert 'filename=mes-donnees-up-campus.zip' in response.headers["Content-Disposition"]
    page = zipfile.ZipFile(io.BytesIO(response.data)).read("index.html").decode()
    assert "<h2>Mon compte</h2>" in page and "<h2>Mes publications</h2>" in page

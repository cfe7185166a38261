"""Open data: each city's CSV and JSON files, its /open-data page, its Atom feed, the
daily refresh (job, scheduler, CLI) and the national aggregate on the base domain."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from defusedxml.ElementTree import fromstring
from sqlalchemy import func, select

from tests.factories import make_account, make_member
from upcampus.core.db import db, utcnow
from upcampus.core.jobs import enqueue
from upcampus.opendata.models import OpenDataFile
from upcampus.opendata.tasks import refresh_all_job
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Holder, Publication, PublicationTheme
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import across_tenants, tenant_scope

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(city, member, title, *, status="published", organisation=None,
            neighbourhood="", theme=None, description="Un projet."):
    """A publication of `member` (and maybe of an organisation's id); returns its id."""
    with tenant_scope(city):
        publication = Publication(kind="project", title=title, slug="p", stage="in_progress",
                                  description=description, status=status,
                                  neighbourhood=neighbourhood, author_id=member.id,
                                  published_at=utcnow() if status == "published" else None)
        publication.holders.append(Holder(membership_id=member.id))
        if organisation is not None:
            publication.holders.append(Holder(organisation_id=organisation))
        if theme is not None:
            publication.theme_links.append(PublicationTheme(theme_id=theme.id))
        db.session.add(publication)
        db.session.commit()
        return publication.id


def organisation_of(city, name, **fields):
    with tenant_scope(city):
        organisation = Organisation(name=name, slug=name.lower().replace(" ", "-"),
                                    kind="association", **fields)
        db.session.add(organisation)
        db.session.commit()
        return organisation.id


@pytest.fixture
def world(two_cities, member_of):
    sceaux, bourg = two_cities
    holder = make_member(sceaux, account=make_account("lea@sceaux.test.org",
                                                      "Léa Secrète-Membre"),
                         neighbourhood="Robinson")
    theme = db.session.execute(select(Theme.id, Theme.label_fr).where(
        Theme.tenant_id.is_(None)).order_by(Theme.id)).first()
    cafe = organisation_of(sceaux, "Café des Éco-Gestes", website="https://cafe.example",
                              neighbourhood="Ma rue à moi", offers=["premises", "advice"])
    publish(sceaux, holder, "Épicerie solidaire à Robinson", organisation=cafe,
            neighbourhood="Robinson", theme=theme)
    publish(sceaux, holder, "Jardin « partagé » ; été", neighbourhood="Chez Léa, 3 rue X")
    publish(sceaux, holder, "BROUILLON-SECRET", status="draft")
    other = member_of(bourg)
    organisation_of(bourg, "Association de Bourg")
    publish(bourg, other, "Projet de Bourg-la-Reine")
    return sceaux, bourg, holder, theme


def rows_of_csv(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""),
                               delimiter=";"))


def test_city_csv_is_utf8_with_bom_semicolons_and_crlf_and_keeps_accents(client_for, world):
    sceaux, _, _, theme = world
    response = client_for(sceaux).get("/open-data/projects.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.data
    assert body.startswith(b"\xef\xbb\xbfid;title;kind;stage;themes;")
    assert b"\r\n" in body and body.count(b"\n") == body.count(b"\r\n")
    rows = rows_of_csv(body)
    assert [r["title"] for r in rows] == ["Jardin « partagé » ; été",
                                          "Épicerie solidaire à Robinson"]
    epicerie = rows[1]
    assert epicerie["themes"] == theme.label_fr
    assert epicerie["neighbourhood"] == "Robinson"
    assert epicerie["holder_organisations"] == "Café des Éco-Gestes"
    assert epicerie["stage"] == "in_progress" and epicerie["open_needs"] == "0"
    assert epicerie["url"].startswith("http://sceaux.upcampus.test/projects/")
    assert rows[0]["neighbourhood"] == ""  # typed words, not one of the city's list
    organisations = rows_of_csv(client_for(sceaux).get("/open-data/organisations.csv").data)
    assert organisations == [{
        "id": organisations[0]["id"], "name": "Café des Éco-Gestes", "kind": "association",
        "website": "https://cafe.example", "neighbourhood": "", "offers": "premises | advice",
        "url": organisations[0]["url"]}]


def test_city_json_names_the_licence_and_holds_the_same_rows(client_for, world):
    sceaux, *_ = world
    response = client_for(sceaux).get("/open-data/projects.json")
    assert response.mimetype == "application/json"
    document = json.loads(response.data.decode("utf-8"))
    assert document["licence"]["name"] == "Licence Ouverte / Etalab 2.0"
    assert document["licence"]["url"].startswith("https://www.etalab.gouv.fr/")
    assert document["publisher"] == "UP Sceaux" and document["count"] == 2
    assert {r["title"] for r in document["rows"]} == {"Jardin « partagé » ; été",
                                                      "Épicerie solidaire à Robinson"}
    assert "Épicerie".encode() in response.data  # UTF-8 as is, not \u escapes
    assert datetime.fromisoformat(document["generated_at"]).tzinfo is not None


def test_no_draft_no_member_and_no_other_city_in_a_citys_files(client_for, world):
    sceaux, bourg, holder, _ = world
    client = client_for(sceaux)
    for path in ("projects.csv", "projects.json", "organisations.csv",
                 "organisations.json"):
        body = client.get(f"/open-data/{path}").data.decode("utf-8")
        assert "BROUILLON-SECRET" not in body, path
        assert "Secrète-Membre" not in body and holder.account.email not in body, path
        assert "Bourg" not in body, path
        assert "Ma rue à moi" not in body and "Chez Léa" not in body, path
    # Bourg-la-Reine's files are its own: none of Sceaux's rows, its own are there.
    bourg_client = client_for(bourg)
    projects = bourg_client.get("/open-data/projects.json").get_json()
    assert [r["title"] for r in projects["rows"]] == ["Projet de Bourg-la-Reine"]
    organisations = bourg_client.get("/open-data/organisations.csv").data.decode()
    assert "Association de Bourg" in organisations and "Éco-Gestes" not in organisations
    with across_tenants():
        owners = set(db.session.scalars(select(OpenDataFile.tenant_id)))
    assert owners == {sceaux.id, bourg.id}


def test_spreadsheet_formulas_typed_by_users_are_defused(client_for, two_cities, member_of):
    sceaux, _ = two_cities
    publish(sceaux, member_of(sceaux), '=HYPERLINK("http://evil.example","x")')
    rows = rows_of_csv(client_for(sceaux).get("/open-data/projects.csv").data)
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","x")'
    document = client_for(sceaux).get("/open-data/projects.json").get_json()
    assert document["rows"][0]["title"].startswith("=")  # JSON keeps the text as typed


def test_a_download_never_generated_is_generated_on_the_spot_then_served(client_for, world):
    sceaux, *_ = world
    with tenant_scope(sceaux):
        assert db.session.scalar(select(func.count(OpenDataFile.id))) == 0
    first = client_for(sceaux).get("/open-data/organisations.json")
    assert first.status_code == 200
    with tenant_scope(sceaux):
        assert db.session.scalar(select(func.count(OpenDataFile.id))) == 6  # 3 datasets x 2
    again = client_for(sceaux).get("/open-data/organisations.json")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]


def test_downloads_carry_validators_and_answer_304(client_for, world):
    sceaux, *_ = world
    client = client_for(sceaux)
    response = client.get("/open-data/projects.csv")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=3600" in response.headers["Cache-Control"]
    assert "set-cookie" not in {k.lower() for k in response.headers.keys()}
    unchanged = client.get("/open-data/projects.csv", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert unchanged.headers["ETag"] == etag
    since = client.get("/open-data/projects.csv", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = client.get("/open-data/projects.csv", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.data == response.data
    # Bourg-la-Reine's tag is not Sceaux's: a cache never mixes them up.
    assert client_for(world[1]).get("/open-data/projects.csv").headers["ETag"] != etag


def test_open_data_page_lists_datasets_licence_formats_size_rows_and_date(app, client_for,
                                                                          world):
    sceaux, *_ = world
    client = client_for(sceaux)
    before = client.get("/open-data", headers={"Accept-Language": "fr"}).text
    assert "Pas encore généré" in before
    result = app.test_cli_runner().invoke(args=["opendata", "refresh", "--city", "sceaux"])
    assert result.exit_code == 0, result.output
    page = client.get("/open-data", headers={"Accept-Language": "fr"})
    assert page.status_code == 200
    html = page.text
    assert "Licence Ouverte / Etalab 2.0" in html
    for path in ("projects.csv", "projects.json", "organisations.csv", "organisations.json"):
        assert f'href="/open-data/{path}"' in html
    assert "2 lignes" in html and "1 ligne" in html
    assert "octets" in html or " ko" in html
    assert "généré le" in html and "événements" in html.lower()
    assert 'href="/feeds/projects.atom"' in html
    english = client.get("/open-data", headers={"Accept-Language": "en"}).text
    assert "2 rows" in english and "generated on" in english and "Open data" in english
    assert client_for(sceaux).get("/").text.count('href="/open-data"') == 1


def test_cli_refreshes_one_city_or_all_and_refuses_bad_usage(app, client_for, world,
                                                             member_of):
    sceaux, bourg, holder, _ = world
    runner = app.test_cli_runner()
    result = runner.invoke(args=["opendata", "refresh", "--all"])
    assert result.exit_code == 0, result.output
    assert "bourg-la-reine: 1 projects, 1 organisations" in result.output
    assert "sceaux: 2 projects, 1 organisations" in result.output
    publish(sceaux, holder, "Nouveau projet du jour")
    stale = client_for(sceaux).get("/open-data/projects.json").get_json()
    assert stale["count"] == 2  # served from the database until the next refresh
    result = runner.invoke(args=["opendata", "refresh", "--city", "sceaux"])
    assert "sceaux: 3 projects" in result.output
    assert client_for(sceaux).get("/open-data/projects.json").get_json()["count"] == 3
    assert runner.invoke(args=["opendata", "refresh"]).exit_code != 0
    unknown = runner.invoke(args=["opendata", "refresh", "--city", "nowhere"])
    assert unknown.exit_code != 0 and "nowhere" in unknown.output


def test_the_daily_job_refreshes_every_active_city(client_for, world):
    sceaux, bourg, holder, _ = world
    enqueue(refresh_all_job)  # inline without Redis, as in development
    with across_tenants():
        files = db.session.scalars(select(OpenDataFile)).all()
        assert {(f.tenant_id, f.dataset, f.fmt) for f in files} == {
            (city.id, dataset, fmt) for city in (sceaux, bourg)
            for dataset in ("projects", "organisations", "events") for fmt in ("csv", "json")}
        assert all(f.row_count >= 1 and f.size > 0 for f in files if f.dataset != "events")


def test_atom_feed_is_valid_escapes_titles_and_holds_only_this_citys_public_projects(
        client_for, world):
    sceaux, _, holder, _ = world
    publish(sceaux, holder, "<script>alert('x')</script> & co", description="<b>gras</b>")
    response = client_for(sceaux).get("/feeds/projects.atom",
                                      headers={"Accept-Language": "fr"})
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    assert b"<script>" not in response.data and b"&lt;script&gt;" in response.data
    root = fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Nouveaux projets sur UP Sceaux"
    assert root.find(f"{ATOM}id").text == "http://sceaux.upcampus.test/feeds/projects.atom"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "<script>alert('x')</script> & co"
    assert set(titles) == {"<script>alert('x')</script> & co", "Jardin « partagé » ; été",
                           "Épicerie solidaire à Robinson"}
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("http://sceaux.upcampus.test/projects/")
        assert entry.find(f"{ATOM}updated") is not None
    etag = response.headers["ETag"]
    assert client_for(sceaux).get("/feeds/projects.atom", headers={
        "If-None-Match": etag, "Accept-Language": "fr"}).status_code == 304
    home = client_for(sceaux).get("/").text
    assert ('<link rel="alternate" type="application/atom+xml" title="Nouveaux projets sur '
            'UP Sceaux" href="/feeds/projects.atom">') in home


def test_atom_feed_keeps_the_fifty_newest(client_for, two_cities, member_of):
    sceaux, _ = two_cities
    member = member_of(sceaux)
    with tenant_scope(sceaux):
        for i in range(52):
            db.session.add(Publication(kind="idea", title=f"Idée {i}", slug="i",
                                       status="published", author_id=member.id,
                                       published_at=datetime(2026, 1, 1, tzinfo=UTC)
                                       .replace(day=1 + i % 28, month=1 + i // 28)))
        db.session.commit()
    entries = fromstring(client_for(sceaux).get("/feeds/projects.atom").data).findall(
        f"{ATOM}entry")
    assert len(entries) == 50
    assert "Idée 51" in entries[0].find(f"{ATOM}title").text


def test_the_national_aggregate_holds_both_cities_and_only_public_rows(national, world):
    sceaux, bourg, *_ = world
    response = national.get("/open-data/projects.csv")
    assert response.status_code == 200
    rows = rows_of_csv(response.data)
    assert list(rows[0].keys())[:2] == ["city", "id"]
    assert sorted((r["city"], r["title"]) for r in rows) == [
        ("Bourg-la-Reine", "Projet de Bourg-la-Reine"),
        ("Sceaux", "Jardin « partagé » ; été"), ("Sceaux", "Épicerie solidaire à Robinson")]
    assert b"BROUILLON-SECRET" not in response.data and b"Secr\xc3\xa8te" not in response.data
    document = national.get("/open-data/organisations.json").get_json()
    assert document["licence"]["name"] == "Licence Ouverte / Etalab 2.0"
    assert sorted(r["city"] for r in document["rows"]) == ["Bourg-la-Reine", "Sceaux"]
    etag = response.headers["ETag"]
    assert national.get("/open-data/projects.csv",
                        headers={"If-None-Match": etag}).status_code == 304
    page = national.get("/open-data", headers={"Accept-Language": "fr"})
    assert page.status_code == 200
    assert "UP Sceaux" in page.text and "UP Bourg-la-Reine" in page.text
    assert "http://sceaux.upcampus.test/open-data/projects.csv" in page.text
    assert "Licence Ouverte / Etalab 2.0" in page.text


def test_a_suspended_city_leaves_the_national_aggregate(national, client_for, world):
    sceaux, bourg, *_ = world
    national.get("/open-data/projects.csv")
    bourg.status = "suspended"
    db.session.commit()
    rows = rows_of_csv(national.get("/open-data/projects.csv").data)
    assert {r["city"] for r in rows} == {"Sceaux"}
    assert client_for(bourg).get("/open-data/projects.csv").status_code == 503


def test_the_national_site_has_no_feed_and_bad_names_are_404(national, client_for, world):
    sceaux, *_ = world
    assert national.get("/feeds/projects.atom").status_code == 404
    assert client_for(sceaux).get("/open-data/members.csv").status_code == 404
    assert client_for(sceaux).get("/open-data/projects.xlsx").status_code == 404


def test_a_city_that_switched_projects_off_publishes_none(client_for, world):
    sceaux, *_ = world
    sceaux.features = {**sceaux.features, "projects": False, "directory": False}
    db.session.commit()
    client = client_for(sceaux)
    assert rows_of_csv(client.get("/open-data/projects.csv").data) == []
    assert client.get("/open-data/organisations.json").get_json()["rows"] == []
    assert client.get("/feeds/projects.atom").status_code == 404

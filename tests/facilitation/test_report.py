"""The impact report for a period: projects by step, realised projects, partners
mobilised, kinds of support, median days spotted→realised, by theme and neighbourhood;
SVG bars with the same figures in tables; a CSV a French spreadsheet opens."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import update

from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import Accompaniment, Track
from upcampus.tenancy.context import tenant_scope

from .world import logged, make_world, publication


@pytest.fixture
def reported(sceaux, client_for):
    world = make_world(sceaux)
    now = utcnow()
    visits = publication(sceaux, world.holder, "Visites aux aînés", theme="solidarity",
                         neighbourhood="Les Blagis")
    coworking = publication(sceaux, world.holder, "=Coworking", neighbourhood="Robinson")
    with tenant_scope(sceaux):
        db.session.add_all([
            Track(publication_id=world.pub_id, step="realised",
                  spotted_at=now - timedelta(days=100), realised_at=now - timedelta(days=10)),
            Track(publication_id=visits, step="realised", spotted_at=now - timedelta(days=60),
                  realised_at=now - timedelta(days=20)),
            Track(publication_id=coworking, step="accompanied", spotted_at=now),
        ])
        for pub_id, partner, kind in ((world.pub_id, 0, "city_service"),
                                      (world.pub_id, 1, "training"),
                                      (coworking, 1, "advice")):
            db.session.add(Accompaniment(publication_id=pub_id, kind=kind, brief="b",
                                         partner_id=world.partner_ids[partner],
                                         status="active", started_on=now.date()))
        db.session.commit()
        db.session.execute(update(Track).where(Track.publication_id == coworking).values(
            spotted_at=now - timedelta(days=5)))
        db.session.commit()
    return world, logged(client_for, sceaux, world.facilitator)


def test_the_report_counts_and_draws_the_same_figures(reported):
    world, client = reported
    html = client.get("/facilitation/report").text
    soup = BeautifulSoup(html, "html.parser")
    assert "<script" not in html
    steps = {row.th.get_text(strip=True): row.td.get_text(strip=True)
             for row in soup.select("#r-steps ~ div tbody tr, section:has(#r-steps) tbody tr")}
    assert steps["Réalisé"] == "2" and steps["Accompagné"] == "1" and steps["Repéré"] == "0"
    assert "Projets réalisés (2)" in html
    assert "Durée médiane du repérage à la réalisation : 65 jours." in html
    partners = {row.th.get_text(strip=True): row.td.get_text(strip=True)
                for row in soup.select("section:has(#r-partners) tbody tr")}
    assert partners == {"La Couveuse": "2", "Service du développement économique": "1"}
    svg = soup.select_one("section:has(#r-partners) svg")
    assert svg["role"] == "img" and svg.title.get_text() == "Partenaires mobilisés"
    assert [t.get_text() for t in svg.select("text")][1::2] == ["2", "1"]
    kinds = [row.th.get_text(strip=True) for row in soup.select("section:has(#r-kinds) tbody tr")]
    assert sorted(kinds) == ["Conseil", "Formation", "Un service de la ville"]
    themes = {row.th.get_text(strip=True): [td.get_text() for td in row.select("td")]
              for row in soup.select("section:has(#r-themes) tbody tr")}
    assert themes["Solidarité"] == ["1", "1"]
    places = {row.th.get_text(strip=True): [td.get_text() for td in row.select("td")]
              for row in soup.select("section:has(#r-neighbourhoods) tbody tr")}
    assert places == {"Centre": ["1", "1"], "Les Blagis": ["1", "1"], "Robinson": ["1", "0"]}
    stylesheet = client.get("/static/css/facilitation.css")
    assert "@media print" in stylesheet.get_data(as_text=True)
    stylesheet.close()


def test_a_period_counts_only_what_happened_in_it(reported):
    _, client = reported
    today = utcnow().date()
    html = client.get(f"/facilitation/report?from={(today - timedelta(days=15)).isoformat()}"
                      f"&to={today.isoformat()}").text
    assert "Projets réalisés (1)" in html and "Le Comptoir Végétal" in html
    assert "Visites aux aînés (" not in html
    for odd in ("?from=hier", "?from=2026-13-45&to=x", "?from=2030-01-01&to=2020-01-01",
                "?to=%00", "?to=9999-12-31", "?from=9999-12-31", "?from=0001-01-01"):
        response = client.get("/facilitation/report" + odd)
        assert response.status_code == 200
        assert "Donnez des dates comme 2026-11-30" in response.text
    assert client.get("/facilitation/report.csv?to=9999-12-31").status_code == 200


def test_the_csv_opens_with_its_accents_in_a_french_spreadsheet(reported):
    _, client = reported
    response = client.get("/facilitation/report.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "Indicateur;Libellé;Valeur;Réalisé"
    assert "Projets réalisés;Le Comptoir Végétal;" in text
    assert "Partenaires mobilisés;La Couveuse;2" in text
    assert "Durée médiane du repérage à la réalisation (jours);;65" in text
    assert "Par quartier (suivis, réalisés);Robinson;1;0" in text

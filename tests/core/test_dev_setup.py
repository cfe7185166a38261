"""What scripts/dev runs, on its embedded defaults (a fresh SQLite file, jobs inline):
migrate, onboard every shipped city, load demo content once; run again, data is kept.
It holds for whatever city folders exist under tenants/, a third one included."""

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from upcampus.core.db import db
from upcampus.core.settings import REPO_ROOT
from upcampus.tenancy.models import DemoRun, Tenant


def city_folders(tenants_dir: Path) -> list[str]:
    return sorted(p.name for p in tenants_dir.iterdir() if (p / "tenant.toml").is_file())


@pytest.mark.parametrize("third_city", [False, True], ids=["shipped", "with-a-third-city"])
def test_the_dev_setup_sequence_is_repeatable(make_app, tmp_path, third_city):
    tenants_dir = REPO_ROOT / "tenants"
    if third_city:  # what the README tells a newcomer to do, in a copy of tenants/
        tenants_dir = Path(shutil.copytree(tenants_dir, tmp_path / "tenants"))
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path}/dev.sqlite3", BASE_DOMAIN="localhost",
                   TENANTS_DIR=str(tenants_dir))
    runner = app.test_cli_runner()
    outputs = []
    with app.app_context():  # commands run on this app, not the suite's
        if third_city:
            new = runner.invoke(args=["tenants", "new", "antony", "--city", "Antony"])
            assert new.exit_code == 0, new.output
            assert "antony" in city_folders(tenants_dir)
        for _run in (1, 2):
            for args in (["db", "upgrade"], ["taxonomy", "sync"], ["tenants", "onboard", "--all"],
                         ["demo", "load"]):
                result = runner.invoke(args=args)
                assert result.exit_code == 0, (args, result.output)
                outputs.append(result.output)
        assert "sceaux: created" in outputs[2] and "sceaux: unchanged" in outputs[6]
        assert "sceaux: accounts: 4 role accounts, 5 residents; organisations: 6" in outputs[3]
        assert "demo content already loaded" in outputs[7]
        folders = city_folders(tenants_dir)
        assert db.session.scalars(select(Tenant.slug).order_by(Tenant.slug)).all() == folders
        assert len(db.session.scalars(select(DemoRun)).all()) == len(folders)
        db.session.remove()
        db.engine.dispose()
    client = app.test_client()
    home = client.get("/", base_url="http://sceaux.localhost:5000")
    assert home.status_code == 200 and "UP Sceaux" in home.text
    assert "--brand-primary: #1a5e3a" in home.text
    login = client.get("/login", base_url="http://sceaux.localhost:5000").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    logged = client.post("/login", base_url="http://sceaux.localhost:5000", data={
        "csrf_token": token, "email": "admin@sceaux.example", "password": "upcampus-demo"})
    assert logged.status_code == 302
    admin_page = client.get("/admin/members", base_url="http://sceaux.localhost:5000").text
    assert "jeanne.dupuis@sceaux.example" in admin_page
    projects = client.get("/projects", base_url="http://sceaux.localhost:5000").text
    assert len(re.findall(r'<img[^>]+/projects/\d+/images/', projects)) >= 5  # pictures
    organisations = client.get("/organisations", base_url="http://sceaux.localhost:5000").text
    for name in ("Les Voisins Visiteurs", "Le Comptoir Végétal", "Sceaux Entreprendre",
                 "Faculté Jean Monnet"):
        assert name in organisations
    sceaux = "http://sceaux.localhost:5000"
    agenda = client.get("/events", base_url=sceaux).text
    for title in ("Edgar Morin", "Apéro des projets du mois", "monter son plan de financement"):
        assert title in agenda
    assert "Complet : liste d’attente ouverte" in agenda  # the workshop, full, with a waitlist
    past = client.get("/events?when=past", base_url=sceaux).text
    assert "manger bio, local et de saison" in past
    born = re.search(r'href="(/events/\d+-conference-manger[^"]*)"', past).group(1)
    born_page = client.get(born, base_url=sceaux).text
    assert "Le Comptoir Végétal : du restaurant" in born_page and "Né ici" in born_page
    # One national event on every agenda; Edgar Morin is a national speaker.
    for slug in city_folders(tenants_dir):
        assert "UP Conf&#39; : les villes qui entreprennent" in client.get(
            "/events", base_url=f"http://{slug}.localhost:5000").text
    speakers = client.get("/speakers", base_url="http://localhost:5000").text
    assert "Edgar Morin" in speakers
    morin = re.search(r'href="(/speakers/\d+)"', speakers).group(1)
    assert "La voie" in client.get(morin, base_url="http://localhost:5000").text
    assert "Apéro des projets du mois" in client.get("/", base_url=sceaux).text
    national = client.get("/", base_url="http://localhost:5000").text
    assert "http://sceaux.localhost:5000/" in national
    for slug in city_folders(tenants_dir):
        assert f"http://{slug}.localhost:5000/" in national
    if third_city:
        antony = client.get("/pages/a-propos", base_url="http://antony.localhost:5000")
        assert antony.status_code == 200 and "UP Antony" in antony.text
    assert client.get("/", base_url="http://nowhere.localhost:5000").status_code == 404


def test_demo_content_is_refused_in_production(make_app):
    app = make_app(ENV="production", SECRET_KEY="x" * 40)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 1 and "development only" in result.output

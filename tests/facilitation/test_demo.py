"""The demo tells the seed's story: the restaurant realised with its partners and
milestones, the coworking accompanied, the elderly visits qualified, a few spotted and
one set aside on UP Sceaux; a smaller pipeline in Bourg-la-Reine."""

from sqlalchemy import select

from upcampus.core.db import db
from upcampus.demo.operations import demo_loaders
from upcampus.facilitation.models import Accompaniment, Track
from upcampus.projects.models import Publication
from upcampus.tenancy.context import tenant_scope

from ..conftest import log_in


def steps(city):
    with tenant_scope(city):
        return dict(db.session.execute(select(Publication.title, Track.step).join(
            Track, Track.publication_id == Publication.id)).all())


def test_the_demo_pipelines(two_cities, client_for):
    sceaux, bourg = two_cities
    names = [name for name, _ in demo_loaders()]
    assert names.index("facilitation") > max(names.index("projects"),
                                             names.index("organisations"))
    for city in two_cities:
        with tenant_scope(city):
            for _name, load in demo_loaders():
                load(city)
    sceaux_steps = steps(sceaux)
    assert sceaux_steps[
        "Le Comptoir Végétal : du restaurant éphémère au plein temps à Sceaux"] == "realised"
    assert sceaux_steps["Un espace de coworking et de télétravail à Sceaux"] == "accompanied"
    assert sceaux_steps[
        "Des bénévoles pour rendre visite aux personnes âgées isolées"] == "qualified"
    assert list(sceaux_steps.values()).count("spotted") == 2
    assert list(sceaux_steps.values()).count("set_aside") == 1
    bourg_steps = steps(bourg)
    assert sorted(bourg_steps.values()) == ["accompanied", "spotted"]
    with tenant_scope(sceaux):
        done = db.session.scalars(select(Accompaniment).where(
            Accompaniment.status == "done")).all()
        assert len(done) == 3 and all(a.milestones and a.outcome for a in done)
        restaurant_id = done[0].publication_id
        slug = db.session.get(Publication, restaurant_id).slug
    page = client_for(sceaux).get(f"/projects/{restaurant_id}-{slug}").text
    assert "Accompagné par Ville de Sceaux — Développement économique" in page
    assert "Bail commercial signé" in page
    facilitator = client_for(sceaux)
    log_in(facilitator, "facilitator@sceaux.example", "upcampus-demo")
    board = facilitator.get("/facilitation").text
    assert "Un espace de coworking" in board
    report = facilitator.get("/facilitation/report").text
    assert "Projets réalisés (1)" in report and "Initiative Hauts-de-Seine" in report

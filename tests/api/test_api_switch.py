"""A city opens or closes its API in its manifest (features.api): the switch is obeyed."""

from upcampus.core.db import db


def test_a_city_that_closed_its_api_answers_not_found_and_keeps_its_pages(app, sceaux, bourg,
                                                                           client_for):
    assert client_for(sceaux).get("/api/v1/projects").status_code == 200
    sceaux.features = {**sceaux.features, "api": False}
    db.session.commit()
    closed = client_for(sceaux).get("/api/v1/projects")
    assert closed.status_code == 404
    assert closed.mimetype == "application/problem+json"
    assert client_for(sceaux).get("/projects").status_code == 200
    assert client_for(bourg).get("/api/v1/projects").status_code == 200

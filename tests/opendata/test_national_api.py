"""The national API on the base domain (issue 14): what the cities made public, across
cities, as JSON pages — from the same files as the downloads, so drafts and private rows
never show; a city's host answers with its own API only."""

from tests.opendata.test_opendata import world  # noqa: F401 - the fixture


def test_the_national_api_pages_what_both_cities_made_public(national, world):  # noqa: F811
    first = national.get("/api/v1/national/projects?limit=2")
    assert first.status_code == 200 and first.json["count"] == 3
    second = national.get(f"/api/v1/national/projects?limit=2&cursor={first.json['next_cursor']}")
    rows = first.json["items"] + second.json["items"]
    assert second.json["next_cursor"] is None
    assert sorted((r["city"], r["title"]) for r in rows) == [
        ("Bourg-la-Reine", "Projet de Bourg-la-Reine"),
        ("Sceaux", "Jardin « partagé » ; été"), ("Sceaux", "Épicerie solidaire à Robinson")]
    assert "BROUILLON-SECRET" not in first.text + second.text
    only = national.get("/api/v1/national/projects?city=Bourg-la-Reine").json
    assert [r["city"] for r in only["items"]] == ["Bourg-la-Reine"]
    etag = first.headers["ETag"]
    assert national.get("/api/v1/national/projects?limit=2",
                        headers={"If-None-Match": etag}).status_code == 304
    organisations = national.get("/api/v1/national/organisations").json
    assert sorted(r["city"] for r in organisations["items"]) == ["Bourg-la-Reine", "Sceaux"]


def test_bad_pages_and_city_hosts_get_problems(national, client_for, world):  # noqa: F811
    sceaux = world[0]
    cursor = national.get("/api/v1/national/projects?limit=1").json["next_cursor"]
    for path in ("/api/v1/national/projects?limit=0", "/api/v1/national/projects?limit=x",
                 "/api/v1/national/projects?limit=1000000",
                 "/api/v1/national/projects?cursor=forged",
                 f"/api/v1/national/organisations?cursor={cursor}",  # another listing's
                 "/api/v1/national/members"):
        answer = national.get(path)
        assert answer.status_code in (400, 404, 422), path
        assert answer.mimetype == "application/problem+json", path
    on_a_city = client_for(sceaux).get("/api/v1/national/projects")
    assert on_a_city.status_code == 404 and on_a_city.mimetype == "application/problem+json"

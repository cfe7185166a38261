"""Every API write has its own rate limit, and the OpenAPI document describes each one from
the same schemas the pages use."""

from .test_api_writes import people  # noqa: F401 - the fixture


def test_every_api_write_has_a_rate_limit_of_its_own(app):
    from upcampus.core.limits import API_WRITE_LIMITS

    writes_ = {rule.endpoint for rule in app.url_map.iter_rules()
               if rule.endpoint.startswith("api.")
               and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert len(writes_) == 11
    assert writes_ <= set(API_WRITE_LIMITS)


def test_the_document_describes_every_write_from_the_schemas(client_for, people):  # noqa: F811
    api = client_for(people["sceaux"])
    spec = api.get("/api/v1/openapi.json", headers={"Accept-Language": "en"}).json
    schemas_ = spec["components"]["schemas"]
    assert set(schemas_["ProjectIn"]["required"]) == {"kind", "title", "stage"}
    assert schemas_["ProjectIn"]["properties"]["title"]["maxLength"] == 160  # the page's
    assert "required" not in schemas_["ProjectPatch"]
    assert "theme_ids" not in schemas_["ProjectIn"]["properties"]
    bodies = {(path, method): operation.get("requestBody", {}).get("content", {})
              .get("application/json", {}).get("schema", {}).get("$ref", "").rsplit("/")[-1]
              for path, operations in spec["paths"].items()
              for method, operation in operations.items() if method != "get"}
    assert bodies == {
        ("/api/v1/projects", "post"): "ProjectIn",
        ("/api/v1/projects/{pub_id}", "patch"): "ProjectPatch",
        ("/api/v1/projects/{pub_id}/comments", "post"): "CommentIn",
        ("/api/v1/projects/{pub_id}/needs", "post"): "NeedIn",
        ("/api/v1/needs/{need_id}/offers", "post"): "OfferIn",
        ("/api/v1/offers/{offer_id}/{answer}", "post"): "",
        ("/api/v1/projects/{pub_id}/support", "put"): "",
        ("/api/v1/projects/{pub_id}/support", "delete"): "",
        ("/api/v1/projects/{pub_id}/follow", "put"): "",
        ("/api/v1/projects/{pub_id}/follow", "delete"): "",
        ("/api/v1/organisations", "post"): "OrganisationIn",
        ("/api/v1/organisations/{org_id}", "patch"): "OrganisationPatch",
        ("/api/v1/events/{event_id}/registration", "post"): "",
        ("/api/v1/events/{event_id}/registration", "delete"): "",
        ("/api/v1/facilitation/projects/{pub_id}/step", "post"): "MoveIn"}
    # The move's limits are the page's (facilitation/schemas.py).
    assert schemas_["MoveIn"]["properties"]["reason"]["maxLength"] == 2000
    assert schemas_["MoveIn"]["required"] == ["step"]

"""The door's own pages: the OpenAPI 3.1 document and its readable documentation. Each
domain's routes are in its own api.py, on the blueprint of api/door.py."""

from __future__ import annotations

import json

from flask import Response, render_template

from upcampus.api.door import blueprint


@blueprint.get("/openapi.json")
def openapi():
    from upcampus.api.spec import openapi_document

    return Response(json.dumps(openapi_document(), ensure_ascii=False),
                    mimetype="application/json")


@blueprint.get("/docs")
def docs():
    from upcampus.api.problems import TITLES
    from upcampus.api.spec import openapi_document

    body = render_template("api/docs.html", spec=openapi_document(), problems=TITLES)
    return Response(body, mimetype="text/html")

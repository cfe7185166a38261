"""/api/v1/taxonomy: the themes and skills this city uses, in the reader's language."""

from __future__ import annotations

from upcampus.api import schemas
from upcampus.api.door import as_json, blueprint, reader_locale
from upcampus.taxonomy.operations import visible_skills, visible_themes


@blueprint.get("/taxonomy")
def taxonomy():
    locale = reader_locale()
    return as_json(schemas.TaxonomySchema, {
        "themes": [{"code": t.code, "label": t.label(locale)} for t in visible_themes()],
        "skills": [{"code": s.code, "label": s.label(locale),
                    "family": s.family.code if s.family else None} for s in visible_skills()]})

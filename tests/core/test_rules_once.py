"""One rule, written once (issue 14): the page forms take their limits and messages from
the domain's marshmallow schemas, and the page and an operation called without a page
refuse the same bad input in the same words."""

import pytest
from marshmallow import validate
from wtforms.validators import Length

from upcampus.core.rules import RuleError, validated
from upcampus.organisations import forms as organisation_forms
from upcampus.organisations import schemas as organisation_schemas
from upcampus.projects import forms, schemas

# (form, field) -> (schema, field): every limited text of the projects domain.
PAIRS = [
    (forms.PublicationForm, "title", schemas.PublicationSchema, "title"),
    (forms.PublicationForm, "description", schemas.PublicationSchema, "description"),
    (forms.PublicationForm, "address", schemas.PublicationSchema, "address"),
    (forms.NeedForm, "text", schemas.NeedSchema, "text"),
    (forms.OfferForm, "message", schemas.OfferSchema, "message"),
    (forms.CommentForm, "body", schemas.CommentSchema, "body"),
    (forms.CommentEditForm, "body", schemas.CommentSchema, "body"),
    (forms.UpdateForm, "body", schemas.UpdateSchema, "body"),
    *[(organisation_forms.OrganisationForm, name, organisation_schemas.OrganisationSchema, name)
      for name in ("name", "description", "website", "offer_details")],
]


def limits(validators, kind):
    found = [v for v in validators if isinstance(v, kind)]
    assert found, f"no {kind.__name__}"
    return (max((v.min for v in found if v.min is not None and v.min > 0), default=None),
            min((v.max for v in found if v.max is not None and v.max > 0), default=None))


@pytest.mark.parametrize(("form", "name", "schema", "field"), PAIRS)
def test_a_form_takes_its_limits_from_the_schema(form, name, schema, field):
    page = limits(getattr(form, name).kwargs["validators"], Length)
    rule = limits(schema._declared_fields[field].validators, validate.Length)
    assert page == rule


def test_the_page_and_the_rule_refuse_a_bad_title_in_the_same_words(app, client_for,
                                                                    sceaux, member_of):
    from tests.conftest import log_in, post_form

    member_of(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    page = post_form(client, "/projects/new", {"kind": "idea", "title": "ab", "stage": "idea",
                                               "publish": "1"})
    with app.test_request_context(headers={"Accept-Language": "fr"}), pytest.raises(
            RuleError) as refused:
        validated(schemas.PublicationSchema, {"kind": "idea", "title": "ab", "stage": "idea"})
    assert refused.value.field == "title"
    assert str(refused.value.message) in page.text


@pytest.mark.parametrize(("payload", "field"), [
    ({"name": "x" * 121, "kind": "association"}, "name"),
    ({"name": "Les Voisins", "kind": "cult"}, "kind"),
    ({"name": "Les Voisins", "kind": "association", "website": "javascript:alert(1)"},
     "website"),
    ({"name": "Les Voisins", "kind": "association", "offers": ["teleportation"]}, "offers"),
])
def test_an_organisation_rule_refuses_without_a_page(app, payload, field):
    """Called from the API or a job, the operation's schema refuses what the page would."""
    with app.test_request_context(), pytest.raises(RuleError) as refused:
        validated(organisation_schemas.OrganisationSchema, payload)
    assert refused.value.field == field

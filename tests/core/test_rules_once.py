"""One rule, written once (issue 14): the page forms take their limits and messages from
the domain's marshmallow schemas, and the page and an operation called without a page
refuse the same bad input in the same words."""

import pytest
from marshmallow import validate
from wtforms.validators import Length

from upcampus.core.db import db
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


# --- every form of every domain, and the same refusal on the page and in the rule ------

def every_form():
    """Every page form the app defines (its modules are all imported by create_app)."""
    from upcampus.core.forms import BaseForm

    found, todo = [], [BaseForm]
    while todo:
        for form in todo.pop().__subclasses__():
            found.append(form)
            todo.append(form)
    return [form for form in found if form.__module__.startswith("upcampus.")]


def test_every_form_of_every_domain_takes_its_limits_from_a_schema(app):
    from wtforms.fields.core import UnboundField

    from upcampus.core.rules import SchemaLength

    forms = every_form()
    domains = {form.__module__.split(".")[1] for form in forms}
    assert {"accounts", "projects", "organisations", "taxonomy", "tenancy"} <= domains
    checked = 0
    for form in forms:
        for name, field in vars(form).items():
            if not isinstance(field, UnboundField):
                continue
            for validator in field.kwargs.get("validators", ()):
                if not isinstance(validator, Length):
                    continue
                where = f"{form.__module__}.{form.__name__}.{name}"
                assert isinstance(validator, SchemaLength), f"{where}: a limit written by hand"
                schema, field_name = validator.source
                rules = [v for v in schema._declared_fields[field_name].validators
                         if isinstance(v, validate.Length)]
                wanted = (max((v.min for v in rules if v.min is not None), default=-1),
                          min((v.max for v in rules if v.max is not None), default=-1))
                assert (validator.min, validator.max) == wanted, where
                messages = {str(v.error) for v in rules}
                assert {str(m) for m in (validator.too_short, validator.too_long)
                        if m is not None} <= messages, where
                checked += 1
    assert checked >= 25


def test_the_colour_of_the_branding_page_is_the_schemas():
    from wtforms.validators import Regexp

    from upcampus.tenancy import admin_views
    from upcampus.tenancy import schemas as tenancy_schemas

    for name in ("primary", "secondary"):
        [regexp] = [v for v in getattr(admin_views.BrandingForm, name).kwargs["validators"]
                    if isinstance(v, Regexp)]
        assert regexp.regex is tenancy_schemas.COLOUR
        assert regexp.message is tenancy_schemas.COLOUR_MESSAGE


def refusal(call) -> str:
    """The message a rule refuses with, called as a job would (French, no request)."""
    from flask import has_request_context
    from flask_babel import force_locale

    assert not has_request_context()
    with force_locale("fr"), pytest.raises(RuleError) as refused:
        call()
    return str(refused.value.message)


def shown(page, message: str) -> bool:
    from markupsafe import escape

    return page.status_code == 422 and str(escape(message)) in page.text


def test_sign_up_refuses_a_short_name_and_password_on_the_page_and_in_the_rule(
        client_for, sceaux):
    from tests.conftest import post_form
    from upcampus.accounts.operations import sign_up
    from upcampus.tenancy.context import tenant_scope
    from upcampus.tenancy.resolver import CityInfo

    city = CityInfo.load(sceaux.id)
    for payload in ({"display_name": "I", "email": "ines@example.org",
                     "password": "une longue phrase"},
                    {"display_name": "Inès", "email": "ines@example.org",
                     "password": "court"}):
        page = post_form(client_for(sceaux), "/signup", payload)
        with tenant_scope(sceaux):
            message = refusal(lambda payload=payload: sign_up(
                city, payload, locale="fr", base_url="http://x"))
        assert shown(page, message), message


def test_account_settings_and_profile_refuse_alike(client_for, sceaux, member_of):
    from tests.conftest import log_in, post_form
    from upcampus.accounts.operations import update_account, update_profile
    from upcampus.tenancy.context import tenant_scope

    membership = member_of(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    name = post_form(client, "/account/settings", {"display_name": "L", "locale": ""},
                     page="/account")
    bio = post_form(client, "/account/profile", {"bio": "x" * 1001, "visibility": "members",
                                                 "neighbourhood": ""}, page="/account")
    with tenant_scope(sceaux):
        membership = db.session.merge(membership)
        account = membership.account
        assert shown(name, refusal(lambda: update_account(
            account, {"display_name": "L", "locale": ""})))
        assert shown(bio, refusal(lambda: update_profile(
            membership, {"bio": "x" * 1001, "visibility": "members"})))


def test_a_citys_own_entry_branding_and_words_refuse_alike(client_for, sceaux, member_of):
    from tests.conftest import log_in, post_form
    from upcampus.taxonomy.operations import add_local_entry
    from upcampus.tenancy.context import tenant_scope
    from upcampus.tenancy.operations import update_branding, update_terms

    member_of(sceaux, role="admin", email="admin@example.org")
    client = client_for(sceaux)
    log_in(client, "admin@example.org")
    entry = post_form(client, "/admin/taxonomy", {"kind": "theme", "label_fr": "x"})
    colour = post_form(client, "/admin/branding", {"primary": "blue", "secondary": "#b3430e",
                                                   "font": "system"})
    words = post_form(client, "/admin/words", {"fr-0": "x" * 81})
    with tenant_scope(sceaux):
        assert shown(entry, refusal(lambda: add_local_entry({"kind": "theme",
                                                             "label_fr": "x"})))
        assert shown(colour, refusal(lambda: update_branding(
            sceaux.id, {"primary": "blue", "secondary": "#b3430e", "font": "system"})))
        assert shown(words, refusal(lambda: update_terms(
            sceaux.id, {"fr": {"Members": "x" * 81}})))

"""Operations take their context as arguments (issue 14): called as a job or the CLI
would call them — an app context and nothing else, no request — they write for the city,
in the language and with the links they were given."""

import re

import pytest
from flask import g, has_request_context
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, outbox
from tests.factories import make_account, make_member
from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import (
    check_reset_token,
    request_password_reset,
    send_verification,
    sign_up,
)
from upcampus.core.db import db
from upcampus.core.links import public_base_url
from upcampus.notifications.operations import queue_email
from upcampus.tenancy.context import current_scope, tenant_scope
from upcampus.tenancy.resolver import CityInfo

BOURG = f"http://bourg-la-reine.{BASE_DOMAIN}"


@pytest.fixture
def bourg_city(bourg):
    assert not has_request_context()  # what every test of this file is about
    return CityInfo.load(bourg.id)


def link(email, path: str) -> str:
    return re.search(rf"https?://\S+{path}\S+", email.body_text).group(0)


def test_sign_up_writes_for_the_city_and_language_it_is_given(bourg_city, bourg):
    with tenant_scope(bourg):  # as a job: it enters the city's scope itself
        sign_up(bourg_city, {"display_name": "Inès", "email": "Ines@Example.org ",
                             "password": "une longue phrase", "accept": True},
                locale="en", base_url=public_base_url(bourg_city))
        [membership] = db.session.scalars(select(Membership)).all()
    account = db.session.get(Account, membership.account_id)
    assert (account.email, account.display_name, account.locale) == (
        "ines@example.org", "Inès", "en")
    [email] = outbox(bourg)
    assert email.tenant_id == bourg.id and email.subject == "Confirm your email address"
    assert link(email, "/verify/").startswith(f"{BOURG}/verify/")


def test_sign_up_refuses_through_its_schema_without_a_page(bourg_city, bourg):
    from upcampus.core.rules import RuleError

    with tenant_scope(bourg), pytest.raises(RuleError) as refused:
        sign_up(bourg_city, {"display_name": "I", "email": "ines@example.org",
                             "password": "une longue phrase"},
                locale="fr", base_url=public_base_url(bourg_city))
    assert refused.value.field == "display_name"
    assert outbox() == []


def test_an_address_signed_up_again_is_told_in_its_owners_language(bourg_city, bourg):
    make_account("lea@example.org", locale="en")
    with tenant_scope(bourg):
        sign_up(bourg_city, {"display_name": "Someone", "email": "lea@example.org",
                             "password": "une longue phrase", "accept": True},
                locale="fr", base_url=public_base_url(bourg_city))
    [email] = outbox(bourg)
    assert email.subject == "Someone tried to sign up with your address"
    assert "UP Bourg" in email.body_text  # written as the city it was given
    assert f"{BOURG}/login" in email.body_text


def test_verification_and_reset_emails_carry_the_given_city(bourg_city, bourg, sceaux):
    account = make_account("jeanne@example.org", verified=False)
    send_verification(account, bourg_city, locale="fr", base_url=public_base_url(bourg_city))
    request_password_reset("jeanne@example.org", bourg_city, locale="en",
                           base_url=public_base_url(bourg_city))
    reset, verify = outbox(bourg)
    assert verify.subject == "Confirmez votre adresse e-mail"
    assert link(verify, "/verify/").startswith(f"{BOURG}/verify/")
    assert reset.subject == "Reset your password"
    token = link(reset, "/password/reset/").rsplit("/", 1)[1]
    assert check_reset_token(token, bourg.id).id == account.id  # named for Bourg only
    assert outbox(sceaux) == []


def test_a_national_email_and_the_callers_city_left_alone(app, bourg_city, sceaux):
    queue_email("lea@example.org", "Bonjour", "verify_email", city=None, locale="fr",
                account=make_account("lea@example.org"), url="http://example.org/x")
    [email] = outbox()
    assert email.tenant_id is None
    caller, karim = CityInfo.load(sceaux.id), make_account("karim@example.org")
    with app.test_request_context("/"):
        g.city = caller
        queue_email("karim@example.org", "Bonjour", "verify_email", city=bourg_city,
                    locale="en", account=karim, url="http://example.org/y")
        assert g.city is caller  # written as Bourg, then the page's city again
    [bourg_email] = outbox(bourg_city)
    assert bourg_email.to_address == "karim@example.org"
    assert current_scope().tenant_id is None


def test_the_followers_job_writes_in_each_followers_language(bourg):
    from upcampus.projects.models import Follow, Holder, ProjectUpdate, Publication
    from upcampus.projects.tasks import notify_followers

    holder = make_member(bourg, email="holder@example.org")
    english = make_member(bourg, account=make_account("en@example.org", locale="en"))
    french = make_member(bourg, account=make_account("fr@example.org"))
    with tenant_scope(bourg):
        publication = Publication(kind="idea", title="Un repair café", slug="un-repair-cafe",
                                  status="published", stage="idea", author_id=holder.id)
        publication.holders.append(Holder(membership_id=holder.id))
        db.session.add(publication)
        db.session.flush()
        db.session.add_all([Follow(publication_id=publication.id, membership_id=m.id)
                            for m in (english, french)])
        update = ProjectUpdate(publication_id=publication.id, membership_id=holder.id,
                               body="Premier atelier samedi")
        db.session.add(update)
        db.session.commit()
        ids = (update.id, publication.id)
    assert notify_followers(bourg.id, ids[0]) == 2
    subjects = {email.to_address: email.subject for email in outbox(bourg)}
    assert subjects == {"en@example.org": "News of Un repair café",
                        "fr@example.org": "Nouvelles de « Un repair café »"}
    assert all(f"{BOURG}/projects/{ids[1]}-un-repair-cafe#news" in email.body_text
               for email in outbox(bourg))

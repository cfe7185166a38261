"""Every email has a text and an HTML part with the same content: the city's branded
layout (name, colours, logo as an absolute URL), the national look without a city, the
recipient's language, the unsubscribe footer when there is one; typed text stays text."""

import email

from tests.conftest import BASE_DOMAIN, outbox, post_form
from tests.factories import make_member
from upcampus.core.db import db
from upcampus.notifications.notify import notify
from upcampus.notifications.operations import message_of, queue_email
from upcampus.tenancy.context import tenant_scope
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.resolver import CityInfo


def html_of(sent) -> str:
    return sent.get_payload()[1].get_payload(decode=True).decode()


def test_a_notification_email_is_branded_escaped_and_has_its_footer(app_context, two_cities):
    sceaux, bourg = two_cities
    member = make_member(sceaux, email="holder@example.org")
    with tenant_scope(sceaux):
        db.session.get(Tenant, sceaux.id).logo_hash = "abc123"
        db.session.commit()
        city = CityInfo.load(sceaux.id)
        notify(city, member.id, "help_offered", about=("publication", 1),
               title='<script>alert("x")</script> & co',
               url=f"http://sceaux.{BASE_DOMAIN}/projects/1-x")
    [row] = outbox(sceaux)
    assert row.body_html is not None
    html = row.body_html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    assert "UP Sceaux" in html and "#1a5e3a" in html and "#5b2a86" not in html
    assert f'src="http://sceaux.{BASE_DOMAIN}/brand/logo?v=abc123"' in html
    assert f'href="http://sceaux.{BASE_DOMAIN}/projects/1-x"' in html
    # The footer: the same one-click link as the text part and the RFC 8058 header.
    unsubscribe = row.headers["List-Unsubscribe"].strip("<>")
    assert f'href="{unsubscribe}"' in html and unsubscribe in row.body_text
    assert 'lang="fr"' in html and "Pour ne plus recevoir" in html


def test_the_mime_message_is_multipart_alternative(app_context, sceaux):
    with tenant_scope(sceaux):
        city = CityInfo.load(sceaux.id)
    email_id = queue_email("jeanne@example.org", "Bonjour", "notification", city=city,
                           locale="en", verb="help_accepted", title="Le jardin",
                           url="http://x.example/1", notification=None,
                           sentence=lambda verb, title: f"{verb} {title}")
    with tenant_scope(sceaux):
        row = db.session.get(type(outbox(sceaux)[0]), email_id)
        message = email.message_from_bytes(message_of(row).as_bytes())
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_payload()
    assert text.get_content_type() == "text/plain" and "help_accepted Le jardin" in (
        text.get_payload(decode=True).decode())
    assert html.get_content_type() == "text/html" and 'lang="en"' in html_of(message)
    assert "Unsubscribe" not in html_of(message)  # no footer without an unsubscribe link
    assert message["Message-ID"].startswith(f"<email-{email_id}")


def test_a_national_email_has_the_national_look(app_context, two_cities):
    queue_email("nat@example.org", "Hello", "notification", city=None, locale="en",
                verb="x", title="t", url="http://upcampus.test/", notification=None,
                sentence=lambda verb, title: "A national word")
    [row] = outbox()
    assert row.tenant_id is None
    assert "UP Campus" in row.body_html and "#1b1b1b" in row.body_html
    assert "brand/logo" not in row.body_html and "A national word" in row.body_html


def test_the_recipient_language_and_the_outbox_page_show_both_parts(client_for, two_cities):
    sceaux, bourg = two_cities
    make_member(sceaux, email="jeanne@example.org")
    post_form(client_for(sceaux), "/password/reset", {"email": "jeanne@example.org"})
    [row] = outbox(sceaux)
    assert "Bonjour" in row.body_html or "mot de passe" in row.body_html
    page = client_for(sceaux).get("/outbox").text
    assert "jeanne@example.org" in page
    assert "<iframe" in page and "srcdoc=" in page  # the HTML part, sandboxed

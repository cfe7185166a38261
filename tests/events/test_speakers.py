"""Speakers shared nationally: national editors keep the directory on the national site,
a city picks them for its events or adds its own, and a speaker's page lists their public
talks across cities (never a cancelled event, nor one of a suspended city)."""

import io
import re

from PIL import Image
from sqlalchemy import select

from tests.conftest import BASE_DOMAIN, log_in, post_form
from tests.events.helpers import create, events_of, staff_client
from tests.factories import make_account
from upcampus.core.db import db
from upcampus.events.models import Speaker
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant


def editor(national):
    make_account("editor@example.org", national_role="editor")
    log_in(national, "editor@example.org")
    return national


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def national_speaker(national, name="Edgar Morin", **extra) -> int:
    response = post_form(national, "/speakers/new", {
        "name": name, "bio_fr": "Sociologue et philosophe.", "bio_en": "Sociologist.",
        "topics": ["ecology"], **extra})
    assert response.status_code == 302, response.text
    return int(re.search(r"/speakers/(\d+)", response.location).group(1))


def speakers():
    with across_tenants():
        return {s.name: s.tenant_id for s in db.session.scalars(select(Speaker))}


def test_a_national_editor_keeps_the_directory_with_a_re_encoded_photo(national):
    client = editor(national)
    speaker_id = national_speaker(client, photo=(io.BytesIO(png() + b"<script>"), "m.png"))
    page = national.get(f"/speakers/{speaker_id}")
    assert page.status_code == 200
    assert "Edgar Morin" in page.text and "Sociologue et philosophe." in page.text
    photo = national.get(f"/speakers/{speaker_id}/photo")
    assert photo.mimetype == "image/webp"
    assert Image.open(io.BytesIO(photo.data)).size == (256, 256)
    assert b"<script>" not in photo.data
    english = national.get(f"/speakers/{speaker_id}", headers={"Accept-Language": "en"})
    assert "Sociologist." in english.text or "Sociologue" in english.text
    assert "Edgar Morin" in national.get("/speakers").text
    edited = post_form(client, f"/speakers/{speaker_id}/edit", {"name": "Edgar Morin (2)"})
    assert edited.status_code == 302 and speakers() == {"Edgar Morin (2)": None}


def test_bad_input_a_speaker_without_a_name_or_a_bad_photo_is_refused(national):
    client = editor(national)
    empty = post_form(client, "/speakers/new", {"name": "", "bio_fr": "Texte gardé"})
    assert empty.status_code == 422 and "Texte gardé" in empty.text
    bad = post_form(client, "/speakers/new", {"name": "Pierre Rabhi",
                                              "photo": (io.BytesIO(b"not an image"), "x.png")})
    assert bad.status_code == 422
    assert "Ce fichier n’est pas une image lisible." in bad.text
    unknown = post_form(client, "/speakers/new", {"name": "Pierre Rabhi",
                                                  "topics": ["no-such-theme"]})
    assert unknown.status_code == 422
    assert speakers() == {}


def test_only_national_editors_keep_national_speakers(national, client_for, sceaux):
    make_account("someone@example.org")
    log_in(national, "someone@example.org")
    assert national.get("/speakers/new").status_code == 403
    assert national.post("/speakers/new", data={"name": "X"}).status_code in (400, 403)
    # A city admin keeps the city's own speakers only, never the national ones.
    client = editor(client_for(BASE_DOMAIN))
    speaker_id = national_speaker(client)
    _, admin = staff_client(client_for, sceaux, "admin")
    assert admin.get(f"/speakers/{speaker_id}/edit").status_code == 403
    assert speakers() == {"Edgar Morin": None}


def test_a_city_adds_local_speakers_the_other_city_never_sees(client_for, two_cities):
    sceaux, bourg = two_cities
    _, staff = staff_client(client_for, sceaux)
    done = post_form(staff, "/speakers/new", {"name": "Jeanne Dupuis"})
    assert done.status_code == 302
    local_id = int(re.search(r"/speakers/(\d+)", done.location).group(1))
    assert speakers() == {"Jeanne Dupuis": sceaux.id}
    assert "Jeanne Dupuis" in client_for(sceaux).get("/speakers").text
    assert "Jeanne Dupuis" not in client_for(bourg).get("/speakers").text
    assert client_for(bourg).get(f"/speakers/{local_id}").status_code == 404
    assert client_for(BASE_DOMAIN).get(f"/speakers/{local_id}").status_code == 404
    _, other = staff_client(client_for, bourg)
    assert other.get(f"/speakers/{local_id}/edit").status_code == 404
    # A member who is not staff adds none.
    from tests.events.helpers import member_client

    _, member = member_client(client_for, sceaux, "m@sceaux.example.org")
    assert member.get("/speakers/new").status_code == 403


def test_a_city_picks_a_national_speaker_whose_page_lists_only_public_talks(
        national, client_for, two_cities):
    sceaux, bourg = two_cities
    speaker_id = national_speaker(editor(national))
    _, staff = staff_client(client_for, sceaux)
    assert create(staff, title="Conférence publique", speakers=[speaker_id]).status_code == 302
    assert create(staff, title="Conférence annulée", speakers=[speaker_id]).status_code == 302
    _, other = staff_client(client_for, bourg)
    assert create(other, title="Rencontre à Bourg", speakers=[speaker_id]).status_code == 302
    public, cancelled = events_of(sceaux)
    assert post_form(staff, f"/events/{cancelled.id}/cancel", {},
                     page=f"/events/{cancelled.id}/edit").status_code == 302
    event_page = client_for(sceaux).get(f"/events/{public.id}-{public.slug}")
    assert "Edgar Morin" in event_page.text
    talks = national.get(f"/speakers/{speaker_id}").text
    assert "Conférence publique" in talks and "Rencontre à Bourg" in talks
    assert "Conférence annulée" not in talks
    assert "http://sceaux.upcampus.test" in talks
    # A suspended city's talks leave the list too.
    db.session.execute(Tenant.__table__.update().where(Tenant.id == bourg.id)
                       .values(status="suspended"))
    db.session.commit()
    talks = national.get(f"/speakers/{speaker_id}").text
    assert "Rencontre à Bourg" not in talks and "Conférence publique" in talks


def test_an_event_cannot_name_another_citys_local_speaker(client_for, two_cities):
    sceaux, bourg = two_cities
    _, staff = staff_client(client_for, sceaux)
    post_form(staff, "/speakers/new", {"name": "Jeanne Dupuis"})
    with tenant_scope(sceaux):
        local_id = db.session.scalar(select(Speaker.id))
    _, other = staff_client(client_for, bourg)
    refused = create(other, speakers=[local_id])
    assert refused.status_code == 422
    assert "Choisissez des entrées de la liste." in refused.text
    assert events_of(bourg) == []

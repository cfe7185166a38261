"""Issue 9's "done when", in Chromium at desktop and phone widths: a facilitator qualifies
a project and asks two partners; one accepts and adds a milestone, the other declines;
the project is realised; the report counts it and its CSV keeps its accents; the holder
sees the timeline, the kind words of a set-aside, and never the private notes."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from upcampus.core.db import db

from ..facilitation.world import make_world, publication
from .conftest import DESKTOP, PHONE, fits_phone, screenshot
from .test_repairs_story import log_in

NOTE = "Note-Privée-Zorglub : la banque hésite"
KIND_WORDS = "Merci pour cette belle idée ! La médiathèque en installe une au printemps."


@pytest.fixture
def story(sceaux):
    world = make_world(sceaux)
    aside_id = publication(sceaux, world.holder, "Une boîte à livres au marché")
    people = SimpleNamespace(
        facilitator=world.facilitator.account.email, holder=world.holder.account.email,
        partners=[m.account.email for m in world.partner_admins], org_ids=world.org_ids,
        pub_id=world.pub_id, aside_id=aside_id)
    city = SimpleNamespace(id=sceaux.id, subdomain=sceaux.subdomain)
    db.session.remove()  # the live server writes too: hold no transaction open
    return city, people


def _move(page, step: str, **fields) -> None:
    page.get_by_label("Passer à l’étape").select_option(step)
    for label, text in fields.items():
        page.get_by_label(label, exact=label == "Pourquoi").fill(text)
    page.get_by_role("button", name="Déplacer le projet").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_from_qualified_to_realised_with_partners_report_and_holder(
        story, live_server, new_page, viewport):
    city, people = story
    width = "phone" if viewport == PHONE else "desktop"
    project = f"/facilitation/projects/{people.pub_id}"

    staff = new_page(viewport=viewport)
    log_in(staff, live_server, city, people.facilitator)
    staff.goto(live_server.url(city, project))
    _move(staff, "spotted")
    staff.get_by_text("Le projet est maintenant : Repéré.").wait_for()
    _move(staff, "qualified", **{
        "Pourquoi il est d’intérêt collectif": "Un commerce qui fait vivre le centre-ville.",
        "Le besoin local auquel il répond": "Aucun restaurant végétal à Sceaux."})
    staff.get_by_text("Le projet est maintenant : Qualifié.").wait_for()
    for partner, kind in (("Service du développement économique", "city_service"),
                          ("La Couveuse", "training")):
        staff.get_by_label("Partenaire", exact=True).select_option(label=partner)
        staff.get_by_label("Type d’accompagnement").select_option(kind)
        staff.get_by_label("Ce que vous demandez, en quelques mots").fill(
            f"Aider le Comptoir : {partner}.")
        staff.get_by_role("button", name="Envoyer la demande").click()
        staff.get_by_text("Le partenaire est sollicité.").wait_for()
    staff.get_by_label("Une note pour l’équipe de la ville").fill(NOTE)
    staff.get_by_role("button", name="Enregistrer la note").click()
    staff.get_by_text("Votre note est enregistrée.").wait_for()

    service = new_page(viewport=viewport)
    log_in(service, live_server, city, people.partners[0])
    service.goto(live_server.url(city, f"/organisations/{people.org_ids[0]}/accompaniments"))
    assert "La Couveuse" not in service.content()  # another partner's brief
    service.get_by_label("Un mot pour la ville").fill("Avec plaisir : un local rue Houdan.")
    service.get_by_role("button", name="Accepter").click()
    service.get_by_text("Votre réponse est transmise à la ville.").wait_for()
    service.get_by_text("Ajouter une étape").click()
    service.get_by_label("Date").fill(date.today().isoformat())
    service.get_by_label("Ce qui s’est passé").fill("Visite du local avec le service.")
    service.get_by_role("button", name="Ajouter l’étape").click()
    service.get_by_text("L’étape est ajoutée.").wait_for()
    assert NOTE not in service.content()
    if viewport == PHONE:
        assert fits_phone(service)

    hatchery = new_page(viewport=viewport)
    log_in(hatchery, live_server, city, people.partners[1])
    hatchery.goto(live_server.url(city, f"/organisations/{people.org_ids[1]}/accompaniments"))
    hatchery.get_by_role("button", name="Refuser").click()
    hatchery.get_by_text("Votre réponse est transmise à la ville.").wait_for()

    staff.goto(live_server.url(city, project))
    _move(staff, "realised")
    staff.get_by_text("Le projet est maintenant : Réalisé.").wait_for()
    history = staff.locator("#history").inner_text()
    assert "En cours : Service du développement économique" in history
    assert "Décliné : La Couveuse" in history and NOTE not in history
    staff.goto(live_server.url(city, f"/facilitation/projects/{people.aside_id}"))
    _move(staff, "spotted")
    staff.get_by_text("Le projet est maintenant : Repéré.").wait_for()
    _move(staff, "set_aside")
    staff.get_by_text("Dites avec bienveillance pourquoi").first.wait_for()
    _move(staff, "set_aside", Pourquoi=KIND_WORDS)
    staff.get_by_role("button", name="Mettre le projet de côté").click()  # the step page
    staff.get_by_text("Le projet est maintenant : Mis de côté.").wait_for()

    staff.goto(live_server.url(city, "/facilitation/report"))
    report = staff.locator("main").inner_text()
    assert "Projets réalisés (1)" in report and "Le Comptoir Végétal" in report
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Télécharger le CSV").click()
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Projets réalisés;Le Comptoir Végétal;" in body.decode("utf-8-sig")
    if viewport == PHONE:
        assert fits_phone(staff)
    screenshot(staff, f"facilitation-story-report-{width}")

    holder = new_page(viewport=viewport)
    log_in(holder, live_server, city, people.holder)
    holder.goto(live_server.url(city, f"/projects/{people.pub_id}-projet"))
    track = holder.locator("#city-track").inner_text()
    assert "Service du développement économique" in track
    assert "Visite du local avec le service." in track
    assert "La Couveuse" not in track and NOTE not in holder.content()
    if viewport == PHONE:
        assert fits_phone(holder)
    screenshot(holder, f"facilitation-story-holder-{width}")
    holder.goto(live_server.url(city, f"/projects/{people.aside_id}-projet"))
    assert KIND_WORDS in holder.locator("#city-track").inner_text()

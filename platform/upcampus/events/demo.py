"""Demo events: on UP Sceaux a conference with a national speaker, the monthly meet-up, a
workshop full with a waitlist, and a past conference where the restaurant project was
born; an ordinary agenda elsewhere; one national event on every agenda."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from upcampus.accounts.models import Membership
from upcampus.core.db import db, utcnow
from upcampus.core.links import slug_of
from upcampus.events.models import (
    Event,
    EventOrganisation,
    EventOutcome,
    EventProject,
    EventSpeaker,
    EventTheme,
    NationalEvent,
    Registration,
    Speaker,
)
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication
from upcampus.taxonomy.models import Theme
from upcampus.tenancy.context import outside_any_city

AFTER = ("organisations", "projects")  # the events name their organisations and projects

# (title, kind, days from today, start hour, hours, place, address, capacity, seats taken,
#  waiting, organisation, themes, project, description)
SCEAUX = [
    ("Conférence UP : « La voie » avec Edgar Morin", "conference", 12, 19, 2,
     "Théâtre Les Gémeaux", "49 avenue Georges Clemenceau, 92330 Sceaux", 120, 6, 0,
     "Ville de Sceaux — Développement économique", ["citizenship", "education"], None,
     "Mouvement UP accueille **Edgar Morin**, sociologue et philosophe, pour une "
     "conférence ouverte à toutes et tous, suivie d'un échange avec la salle."),
    ("Apéro des projets du mois", "meetup", 5, 19, 2, "Le Comptoir Végétal",
     "12 rue Houdan, 92330 Sceaux", None, 3, 0, "Le Comptoir Végétal", ["local-economy"],
     None, "Chaque premier mardi du mois : on présente son idée en trois minutes, on "
     "trouve des coups de main. Entrée libre."),
    ("Atelier : monter son plan de financement", "workshop", 8, 14, 3,
     "Maison de la vie associative", "70 rue Houdan, 92330 Sceaux", 6, 6, 2,
     "Sceaux Entreprendre", ["local-economy", "employment"], None,
     "Trois heures pour construire un plan de financement réaliste, avec les conseillers "
     "de Sceaux Entreprendre et d'Initiative Hauts-de-Seine."),
    ("Conférence : manger bio, local et de saison", "conference", -150, 19, 2,
     "Théâtre Les Gémeaux", "49 avenue Georges Clemenceau, 92330 Sceaux", 150, 5, 0,
     "Ville de Sceaux — Développement économique", ["food", "local-economy"],
     "Le Comptoir Végétal : du restaurant éphémère au plein temps à Sceaux",
     "La rencontre où Léa et Karim ont trouvé leurs premiers soutiens pour installer leur "
     "restaurant végétal à Sceaux."),
]


def _others(tenant) -> list:
    return [
        (f"Rencontre des projets de {tenant.city}", "meetup", 6, 19, 2, "Salle des fêtes",
         f"Place de la Mairie, {tenant.city}", None, 2, 0, f"Mairie de {tenant.city}",
         ["citizenship"], None, "Venez présenter votre idée et rencontrer les porteurs de "
         "projets de la ville."),
        ("Atelier : réparer plutôt que jeter", "workshop", 15, 10, 3, "Médiathèque",
         f"Centre-ville, {tenant.city}", 15, 3, 0, None, ["ecology"], None,
         "Un atelier de réparation ouvert à toutes et tous : apportez un objet en panne."),
    ]


def _national(zone) -> int:
    """Edgar Morin in the national directory and one national event (national rows, made
    once, whichever city loads first); returns the speaker's id."""
    with outside_any_city():
        speaker = db.session.scalar(select(Speaker).where(Speaker.name == "Edgar Morin"))
        if speaker is None:
            speaker = Speaker(name="Edgar Morin", topics=["citizenship", "education"], bio={
                "fr": "Sociologue et philosophe, penseur de la complexité.",
                "en": "Sociologist and philosopher, thinker of complexity."})
            db.session.add(speaker)
        if db.session.scalar(select(NationalEvent.id)) is None:
            day = datetime.now(zone).date() + timedelta(days=40)
            starts = datetime.combine(day, time(9, 30), tzinfo=zone).astimezone(UTC)
            db.session.add(NationalEvent(
                title={"fr": "UP Conf' : les villes qui entreprennent",
                       "en": "UP Conf': cities that get things done"},
                description={"fr": "La journée nationale du Mouvement UP : retours "
                                   "d'expérience des villes, ateliers et rencontres.",
                             "en": "Mouvement UP's national day: cities' experience, "
                                   "workshops and meetings."},
                kind="conference", starts_at=starts, ends_at=starts + timedelta(hours=8),
                place_name="La Bellevilloise", address="19-21 rue Boyer, 75020 Paris"))
        db.session.commit()
        return speaker.id


def load_demo(tenant) -> str:
    zone = ZoneInfo(str(tenant.timezone))  # a Tenant row holds a ZoneInfo, CityInfo its name
    people = list(db.session.scalars(select(Membership).where(
        Membership.status == "active").order_by(Membership.id)))
    entries = SCEAUX if tenant.slug == "sceaux" else _others(tenant)
    morin = _national(zone)
    made = 0
    for (title, kind, days, hour, hours, place, address, capacity, taken, waiting,
         organisation, themes, project, description) in entries:
        slug = slug_of(title, "event")
        if db.session.scalars(select(Event.id).where(Event.slug == slug)).first():
            continue
        day = datetime.now(zone).date() + timedelta(days=days)
        starts = datetime.combine(day, time(hour, 0), tzinfo=zone).astimezone(UTC)
        taken = min(taken, len(people), capacity or taken)
        waiting = min(waiting, len(people) - taken)
        event = Event(title=title, slug=slug, kind=kind, description=description,
                      starts_at=starts, ends_at=starts + timedelta(hours=hours),
                      place_name=place, address=address, capacity=capacity,
                      seats_taken=taken, accessibility="Accès de plain-pied ; boucle "
                      "magnétique à l'accueil.", created_at=utcnow())
        event.theme_links = [EventTheme(theme_id=t) for t in db.session.scalars(
            select(Theme.id).where(Theme.code.in_(themes)))]
        organisation_id = db.session.scalar(select(Organisation.id).where(
            Organisation.name == organisation)) if organisation else None
        if organisation_id:
            event.organisation_links = [EventOrganisation(organisation_id=organisation_id)]
        project_id = db.session.scalar(select(Publication.id).where(
            Publication.title == project)) if project else None
        if project_id:
            event.project_links = [EventProject(publication_id=project_id)]
            if days < 0:  # the restaurant was born at the past conference
                event.outcomes = [EventOutcome(kind="born", publication_id=project_id)]
                event.attendance = taken
        if "Edgar Morin" in title:
            event.speaker_links = [EventSpeaker(speaker_id=morin)]
        db.session.add(event)
        db.session.flush()
        past = days < 0
        for i, person in enumerate(people[:taken + waiting]):
            db.session.add(Registration(
                event_id=event.id, membership_id=person.id,
                state="confirmed" if i < taken else "waiting",
                created_at=utcnow() - timedelta(hours=taken + waiting - i),
                checked_in_at=starts if past else None, reminded_at=None))
        made += 1
    db.session.commit()
    return f"{made} events"

"""Demo facilitation: on UP Sceaux, the plant-based restaurant realised with the city's
economic development service, a support structure, a funder and residents; the
coworking accompanied; the elderly visits qualified; a few spotted and one set aside.
Bourg-la-Reine gets a smaller pipeline of its own. Built on the organisations' and the
projects' demo content, hence AFTER."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, utcnow
from upcampus.facilitation.models import Accompaniment, Milestone, Note, Partner, Track, TrackEvent
from upcampus.organisations.models import Organisation
from upcampus.projects.models import Publication

AFTER = ("organisations", "projects")

SCEAUX_PARTNERS = [
    ("Ville de Sceaux — Développement économique", ["city_service", "premises", "advice"],
     "Service du développement économique", "dev-eco@sceaux.example"),
    ("Sceaux Entreprendre", ["advice", "training", "network"], "Nadia Roussel",
     "contact@sceaux-entreprendre.example"),
    ("Initiative Hauts-de-Seine", ["funding", "advice"], "Marc Aubert",
     "sceaux@initiative92.example"),
    ("Les Voisins Visiteurs", ["volunteers", "network"], "Jeanne Dupuis",
     "jeanne.dupuis@sceaux.example"),
]
RESTAURANT = "Le Comptoir Végétal : du restaurant éphémère au plein temps à Sceaux"
COWORKING = "Un espace de coworking et de télétravail à Sceaux"
VISITS = "Des bénévoles pour rendre visite aux personnes âgées isolées"
# (partner, kind, brief, status, started days ago, [(days ago, milestone)], outcome)
RESTAURANT_SUPPORT = [
    ("Ville de Sceaux — Développement économique", "city_service",
     "Trouver un local de 60 m² avec extraction en centre-ville et accompagner le bail.",
     "done", 280, [(270, "Visite de trois locaux avec le service, rue Houdan."),
                   (200, "Bail commercial signé pour le local de la rue Houdan."),
                   (60, "Autorisations de terrasse obtenues.")],
     "Le local est trouvé et aménagé ; la terrasse est autorisée."),
    ("Sceaux Entreprendre", "training",
     "Former Léa et Karim à la gestion d'un restaurant à plein temps.", "done", 260,
     [(250, "Atelier prévisionnel financier."), (180, "Mentorat mensuel : trois séances.")],
     "Un plan de financement solide et un suivi après l'ouverture."),
    ("Initiative Hauts-de-Seine", "funding", "Un prêt d'honneur pour l'aménagement.",
     "done", 220, [(190, "Prêt d'honneur de 15 000 € accordé en comité.")],
     "Prêt d'honneur accordé, remboursement en cours."),
]


def _by_title(title: str) -> Publication | None:
    return db.session.scalars(select(Publication).where(Publication.title == title)).first()


def _membership(email: str) -> Membership | None:
    return db.session.scalars(select(Membership).join(Membership.account).where(
        Account.email == email)).first()


def _partners(entries) -> dict[str, Partner]:
    partners = {}
    for name, brings, contact, email in entries:
        organisation = db.session.scalars(select(Organisation).where(
            Organisation.name == name)).first()
        if organisation is None:
            continue
        partner = db.session.scalar(select(Partner).where(
            Partner.organisation_id == organisation.id)) or Partner(
            organisation_id=organisation.id, brings=brings, contact_name=contact,
            contact_email=email)
        db.session.add(partner)
        partners[name] = partner
    db.session.flush()
    return partners


def _track(publication: Publication | None, path: list[tuple[str, int, str]],
           actor: Membership | None, **fields) -> Track | None:
    """Follow `publication` along `path` [(step, days ago, why)], as the audit trail
    would have recorded it."""
    if publication is None or db.session.scalar(select(Track.id).where(
            Track.publication_id == publication.id)) is not None:
        return None
    now = utcnow()
    before = ""
    for step, days, why in path:
        db.session.add(TrackEvent(publication_id=publication.id,
                                  actor_id=actor.id if actor else None, action="step",
                                  before=before, after=step, reason=why,
                                  created_at=now - timedelta(days=days)))
        before = step
    last, days, _why = path[-1]
    track = Track(publication_id=publication.id, step=last,
                  step_since=now - timedelta(days=days),
                  spotted_at=now - timedelta(days=path[0][1]),
                  realised_at=now - timedelta(days=days) if last == "realised" else None,
                  referent_id=actor.id if actor and last not in ("spotted", "set_aside")
                  else None, **fields)
    track.publication = publication
    db.session.add(track)
    return track


def _support(publication, partner, kind, brief, status, started, milestones, outcome,
             actor) -> None:
    today = utcnow().date()
    accompaniment = Accompaniment(
        publication_id=publication.id, partner_id=partner.id, kind=kind, brief=brief,
        status=status, outcome=outcome, answer="Avec plaisir." if started else "",
        requested_by_id=actor.id if actor else None,
        started_on=today - timedelta(days=started) if started else None,
        ended_on=today - timedelta(days=30) if status == "done" else None,
        last_news_at=utcnow() - timedelta(days=min([d for d, _ in milestones] or [0])))
    accompaniment.milestones = [Milestone(happened_on=today - timedelta(days=d), text=t)
                                for d, t in milestones]
    db.session.add(accompaniment)


def load_demo(tenant) -> str:
    actor = _membership(f"facilitator@{tenant.slug}.example")
    if tenant.slug == "sceaux":
        partners = _partners(SCEAUX_PARTNERS)
        restaurant = _track(
            _by_title(RESTAURANT),
            [("spotted", 300, ""),
             ("qualified", 290, "Un commerce qui fait vivre le centre-ville."),
             ("accompanied", 270, ""), ("realised", 30, "")], actor,
            interest="Une activité nouvelle et durable au centre-ville, portée par des "
                     "habitants.", local_need="Aucun restaurant végétal à Sceaux ; des "
                     "locaux commerciaux vacants rue Houdan.", city_shows=True,
            holder_shows=True)
        if restaurant is not None:
            for name, *rest in RESTAURANT_SUPPORT:
                if name in partners:
                    _support(restaurant.publication, partners[name], *rest, actor)
        coworking = _track(
            _by_title(COWORKING),
            [("spotted", 90, ""), ("qualified", 80, "Deux heures de transport par jour "
                                   "pour beaucoup de Scéens."), ("accompanied", 40, "")],
            actor, interest="Moins de trajets, un lieu de rencontre pour les indépendants.",
            local_need="Pas d'espace de travail partagé près du RER.")
        if coworking is not None:
            if "Sceaux Entreprendre" in partners:
                _support(coworking.publication, partners["Sceaux Entreprendre"], "advice",
                         "Conduire l'étude de faisabilité avec Thomas.", "active", 40,
                         [(35, "Premier atelier : le modèle économique.")], "", actor)
            if "Ville de Sceaux — Développement économique" in partners:
                _support(coworking.publication,
                         partners["Ville de Sceaux — Développement économique"], "premises",
                         "Repérer un lieu de 150 m² proche du RER.", "requested", 0, [], "",
                         actor)
            db.session.add(Note(publication_id=coworking.publication_id,
                                author_id=actor.id if actor else None,
                                body="Le bailleur de la gare serait prêt à discuter d'un loyer "
                                     "progressif ; à confirmer avant d'en parler à Thomas."))
        _track(_by_title(VISITS), [("spotted", 20, ""), ("qualified", 10, "Rompre "
                                   "l'isolement des aînés.")], actor,
               interest="Rompre l'isolement des personnes âgées.",
               local_need="Plus de 400 Scéens de plus de 80 ans vivent seuls.")
        for title in ("Un jardin partagé derrière l'école des Blagis",
                      "Des ateliers de réparation de vélos"):
            _track(_by_title(title), [("spotted", 5, "")], actor)
        _track(_by_title("Covoiturage vers la gare RER"),
               [("spotted", 15, ""), ("set_aside", 8, "")], actor,
               step_before_aside="spotted",
               aside_reason="Merci pour cette belle idée ! Le département lance en janvier "
                            "une ligne de covoiturage vers la gare : nous vous mettons en "
                            "relation, et nous en reparlons au printemps si un besoin reste.")
    else:
        partners = _partners([(f"Mairie de {tenant.city}", ["city_service", "advice",
                                                             "premises"],
                               "Accueil des porteurs de projet",
                               f"projets@{tenant.slug}.example")])
        repair = _track(_by_title("Un repair café à la médiathèque"),
                        [("spotted", 30, ""), ("qualified", 25, "Réduire les déchets."),
                         ("accompanied", 10, "")], actor,
                        interest="Réparer plutôt que jeter, et se rencontrer.",
                        local_need="Aucun lieu de réparation dans la ville.")
        if repair is not None and partners:
            _support(repair.publication, next(iter(partners.values())), "premises",
                     "Une salle de la médiathèque un samedi par mois.", "active", 10,
                     [(3, "Première date fixée avec la médiathèque.")], "", actor)
        _track(_by_title("Une fête des voisins dans chaque rue"), [("spotted", 4, "")],
               actor)
    db.session.commit()
    return f"{db.session.scalar(select(db.func.count()).select_from(Track))} followed projects"

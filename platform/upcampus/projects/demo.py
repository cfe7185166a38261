"""Demo publications: the stories of the seed on UP Sceaux, and ordinary ideas and wishes
so the pages feel alive."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.core.db import db, utcnow
from upcampus.core.images import fit_within
from upcampus.core.links import slug_of
from upcampus.organisations.models import Organisation
from upcampus.projects.demo_images import picture_for
from upcampus.projects.models import (
    Comment,
    HelpOffer,
    Holder,
    Need,
    ProjectUpdate,
    Publication,
    PublicationImage,
    PublicationTheme,
    Support,
)
from upcampus.taxonomy.models import Skill, Theme

# (title, kind, stage, holder email, organisation, featured, neighbourhood, themes,
#  description, needs [(skill code | resource, text, state, helper email)], update)
SCEAUX = [
    ("Le Comptoir Végétal : du restaurant éphémère au plein temps à Sceaux", "project",
     "realised", "lea.karim@sceaux.example", "Le Comptoir Végétal", True, "Centre-ville",
     ["food", "local-economy"],
     "Après un restaurant éphémère **100 % végétal** à Paris, avec des produits bio, locaux "
     "et de saison, nous avons ouvert à plein temps à Sceaux. Les Scéens, un service de la "
     "mairie et des structures d'accompagnement nous ont aidés, chacun selon ses compétences.",
     [("premises", "Un local de 60 m² en centre-ville, avec extraction.", "filled",
       "admin@sceaux.example"),
      ("business-plan", "Relire notre plan de financement.", "filled",
       "facilitator@sceaux.example")],
     "Ouverture à plein temps depuis septembre : merci à toutes celles et ceux qui nous ont "
     "accompagnés !"),
    ("Un espace de coworking et de télétravail à Sceaux", "project", "in_progress",
     "thomas.leroy@sceaux.example", None, False, "Robinson", ["digital", "employment"],
     "Beaucoup de Scéens perdent deux heures par jour dans les transports. Nous voulons "
     "ouvrir un espace de coworking et de télétravail, avec une vingtaine de postes.",
     [("premises", "Un lieu de 150 m² proche du RER.", "open", None),
      ("project-management", "Quelqu'un pour piloter l'étude de faisabilité.", "open", None),
      ("funding", "Un prêt d'honneur pour l'aménagement.", "open", None)], None),
    ("Un MOOC sur l'économie sociale et solidaire", "project", "realised",
     "ines.moreau@sceaux.example", "Faculté Jean Monnet (Université Paris-Saclay)", False,
     "Parc de Sceaux", ["social-economy", "education"],
     "La faculté Jean Monnet propose un cours en ligne ouvert à tous pour découvrir "
     "l'économie sociale et solidaire et ses acteurs à Sceaux.",
     [("video", "Filmer les témoignages d'entrepreneurs locaux.", "filled",
       "thomas.leroy@sceaux.example")], None),
    ("Des bénévoles pour rendre visite aux personnes âgées isolées", "project",
     "in_progress", "jeanne.dupuis@sceaux.example", "Les Voisins Visiteurs", True,
     "Les Blagis", ["seniors", "solidarity"],
     "Nous rendons visite chaque semaine à des personnes âgées isolées, chez elles ou en "
     "résidence. Rejoignez le réseau : une heure par semaine suffit.",
     [("elderly-visits", "Des visiteurs réguliers, une heure par semaine.", "open", None),
      ("volunteers", "Des bras pour le goûter de Noël.", "open", None),
      ("translation", "Traduire notre affiche en anglais pour les familles étrangères.",
       "open", None)], None),
    ("Un jardin partagé derrière l'école des Blagis", "idea", "idea",
     "member@sceaux.example", None, False, "Les Blagis", ["ecology", "food"],
     "Transformer la friche derrière l'école en jardin partagé, avec les enfants du quartier.",
     [("gardening", "Des jardiniers pour démarrer les premières planches.", "open", None),
      ("plant-based-cooking", "Un atelier cuisine avec les légumes du jardin, pour les "
       "enfants.", "open", None)],
     None),
    ("Des ateliers de réparation de vélos", "wish", "idea", "hugo.petit@sceaux.example",
     None, False, "Centre-ville", ["mobility"],
     "Un samedi par mois, réparer ensemble nos vélos plutôt que de les jeter.", [], None),
    ("Une boîte à livres au marché", "idea", "idea", "member@sceaux.example", None, False,
     "Centre-ville", ["culture"],
     "Une boîte à livres près des halles, pour échanger romans et bandes dessinées.", [],
     None),
    ("Covoiturage vers la gare RER", "wish", "idea", "thomas.leroy@sceaux.example", None,
     False, "Robinson", ["mobility"],
     "Organiser le covoiturage du matin vers la gare pour les quartiers éloignés.", [], None),
]
OTHER = [
    ("Un repair café à la médiathèque", "idea", "idea", "member@{slug}.example", None, False,
     "Centre-ville", ["ecology"], "Réparer ensemble petit électroménager et vêtements.",
     [("small-repairs", "Des bricoleurs pour tenir les stands.", "open", None)], None),
    ("Une fête des voisins dans chaque rue", "wish", "idea", "member@{slug}.example", None,
     False, "", ["citizenship"], "Aider chaque rue à organiser sa fête des voisins.", [], None),
]


def _membership(email: str) -> Membership | None:
    return db.session.scalars(select(Membership).join(Membership.account).where(
        Account.email == email)).first()


def load_demo(tenant) -> str:
    entries = SCEAUX if tenant.slug == "sceaux" else [
        (t, k, s, email.format(slug=tenant.slug), *rest) for t, k, s, email, *rest in OTHER]
    supporters = db.session.scalars(select(Membership)).all()
    now = utcnow()
    for age, entry in enumerate(entries):
        title, kind, stage, email, organisation, featured, area, themes, text, needs, news = entry
        holder = _membership(email)
        if holder is None or db.session.scalars(select(Publication).where(
                Publication.title == title)).first():
            continue
        publication = Publication(
            kind=kind, title=title, slug=slug_of(title, "publication"), stage=stage,
            status="published", featured=featured, neighbourhood=area, description=text,
            author_id=holder.id,
            published_at=now - timedelta(days=3 * age + 1))
        publication.holders.append(Holder(membership_id=holder.id))
        if organisation:
            org = db.session.scalars(select(Organisation).where(
                Organisation.name == organisation)).first()
            if org is not None:
                publication.holders.append(Holder(organisation_id=org.id))
        publication.theme_links = [PublicationTheme(theme_id=t) for t in db.session.scalars(
            select(Theme.id).where(Theme.code.in_(themes)))]
        data, digest = fit_within(picture_for(title))
        publication.images.append(PublicationImage(
            data=data, digest=digest, position=0,
            alt="Illustration de démonstration : un paysage dessiné"))
        db.session.add(publication)
        db.session.flush()
        for what, need_text, state, helper in needs:
            skill = db.session.scalar(select(Skill.id).where(Skill.code == what))
            need = Need(kind="skill" if skill else "resource", skill_id=skill,
                        resource=None if skill else what, text=need_text, state=state)
            publication.needs.append(need)
            db.session.flush()
            helper_membership = _membership(helper) if helper else None
            if helper_membership is not None:
                db.session.add(HelpOffer(need_id=need.id, membership_id=helper_membership.id,
                                         message="Avec plaisir !", status="accepted"))
        publication.open_needs_count = sum(1 for n in needs if n[2] == "open")
        for supporter in supporters[: (len(supporters) * (len(entries) - age)) // len(entries)]:
            if supporter.id != holder.id:
                db.session.add(Support(publication_id=publication.id,
                                       membership_id=supporter.id))
                publication.supports_count += 1
        if news:
            db.session.add(ProjectUpdate(publication_id=publication.id,
                                         membership_id=holder.id, body=news))
        if supporters and featured:
            db.session.add(Comment(publication_id=publication.id,
                                   membership_id=supporters[0].id,
                                   body="Bravo pour ce projet, je passe en parler samedi !"))
    db.session.commit()
    return f"{len(entries)} publications"

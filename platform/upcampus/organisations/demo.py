"""Demo organisations: for UP Sceaux, the actors of the seed's stories."""

from __future__ import annotations

from sqlalchemy import select

from upcampus.accounts.models import Account, Membership
from upcampus.accounts.operations import replace_links
from upcampus.core.db import db
from upcampus.core.links import slug_of
from upcampus.organisations.models import (
    Organisation,
    OrganisationMember,
    OrganisationSkill,
    OrganisationTheme,
)
from upcampus.taxonomy.models import Skill, Theme

SCEAUX = [
    ("Ville de Sceaux — Développement économique", "city_service", "admin@sceaux.example",
     "Le service de la mairie qui accompagne les commerces, les entreprises et les porteurs "
     "de projet de Sceaux : locaux, démarches, mise en relation.",
     ["premises", "advice", "network"], ["business-plan", "legal-advice"],
     ["local-economy", "employment"]),
    ("Sceaux Entreprendre", "support", "facilitator@sceaux.example",
     "Incubateur local : ateliers, mentorat et suivi des créateurs d'entreprise et des "
     "projets de l'économie sociale et solidaire.",
     ["advice", "training", "network"], ["business-plan", "coaching", "fundraising"],
     ["social-economy", "employment"]),
    ("Les Voisins Visiteurs", "association", "jeanne.dupuis@sceaux.example",
     "Un réseau de bénévoles qui rend visite aux personnes âgées isolées de Sceaux, chez "
     "elles ou en résidence.", ["skills", "network"], ["elderly-visits", "listening"],
     ["seniors", "solidarity"]),
    ("Faculté Jean Monnet (Université Paris-Saclay)", "school", "ines.moreau@sceaux.example",
     "La faculté de droit, économie et gestion installée à Sceaux ; elle propose un MOOC sur "
     "l'économie sociale et solidaire ouvert à tous.", ["training", "premises"],
     ["online-learning", "tutoring"], ["education", "social-economy"]),
    ("Le Comptoir Végétal", "business", "lea.karim@sceaux.example",
     "Restaurant 100 % végétal, bio, local et de saison : d'éphémère à Paris, il s'installe à "
     "plein temps à Sceaux.", ["skills"], ["plant-based-cooking", "catering"],
     ["food", "local-economy"]),
    ("Initiative Hauts-de-Seine", "funder", "facilitator@sceaux.example",
     "Prêts d'honneur sans intérêts et parrainage pour les créateurs d'entreprise du "
     "département.", ["funding", "advice"], ["fundraising", "business-plan"],
     ["employment", "local-economy"]),
]


def _membership(email: str) -> Membership | None:
    return db.session.scalars(select(Membership).join(Membership.account).where(
        Account.email == email)).first()


def load_demo(tenant) -> str:
    entries = SCEAUX if tenant.slug == "sceaux" else [
        (f"Mairie de {tenant.city}", "city_service", f"admin@{tenant.slug}.example",
         f"Les services de la ville de {tenant.city}, partenaires des projets d'habitants.",
         ["premises", "advice", "network"], ["project-management"], ["citizenship"]),
    ]
    for name, kind, admin_email, description, offers, skills, themes in entries:
        slug = slug_of(name, "organisation")
        if db.session.scalars(select(Organisation).where(Organisation.slug == slug)).first():
            continue
        organisation = Organisation(name=name, slug=slug, kind=kind, description=description,
                                    offers=offers)
        replace_links(organisation.skill_links, OrganisationSkill, "skill_id", list(
            db.session.scalars(select(Skill.id).where(Skill.code.in_(skills)))))
        replace_links(organisation.theme_links, OrganisationTheme, "theme_id", list(
            db.session.scalars(select(Theme.id).where(Theme.code.in_(themes)))))
        admin = _membership(admin_email)
        if admin is not None:
            organisation.members.append(OrganisationMember(membership_id=admin.id,
                                                           role="admin"))
        db.session.add(organisation)
    db.session.commit()
    return f"{len(entries)} organisations"

"""Development demo accounts: `<role>@<city slug>.example`, password `upcampus-demo`,
one per role in each demo city, plus `platform@upcampus.example`; and residents drawn
from the seed for UP Sceaux. Production refuses to start while any of them exists."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from upcampus.accounts import consent
from upcampus.accounts.models import (
    ROLES,
    Account,
    Membership,
    MembershipSkill,
    MembershipTheme,
)
from upcampus.accounts.operations import replace_links
from upcampus.accounts.passwords import hash_password
from upcampus.core.db import db, utcnow
from upcampus.taxonomy.models import Skill, Theme

DEMO_PASSWORD = "upcampus-demo"  # noqa: S105 - development only, refused in production
DEMO_DOMAIN_SUFFIX = ".example"
PLATFORM_EMAIL = "platform@upcampus.example"
ROLE_NAMES = {"member": "Camille Martin", "facilitator": "Équipe d'animation",
              "moderator": "Modération", "admin": "Administration"}

# Residents of Sceaux, after the seed's stories.
SCEAUX_RESIDENTS = [
    ("lea.karim@sceaux.example", "Léa et Karim Benali", "Centre-ville", "public",
     "Nous avons ouvert un restaurant éphémère 100 % végétal à Paris, avec des produits bio, "
     "locaux et de saison, et rêvons de l'installer à plein temps à Sceaux.",
     "Ateliers de cuisine végétale, conseils pour s'approvisionner en circuit court.",
     ["plant-based-cooking", "catering", "business-plan"], ["food", "local-economy"]),
    ("jeanne.dupuis@sceaux.example", "Jeanne Dupuis", "Les Blagis", "members",
     "Retraitée, je rends visite chaque semaine à des personnes âgées isolées du quartier.",
     "Deux après-midi par semaine pour des visites ou de l'accompagnement.",
     ["elderly-visits", "listening", "volunteer-coordination"], ["seniors", "solidarity"]),
    ("thomas.leroy@sceaux.example", "Thomas Leroy", "Robinson", "public",
     "Développeur en télétravail, je cherche à créer un espace de coworking à Sceaux pour "
     "éviter les trajets vers Paris.",
     "Conseils pour monter un site internet, aide informatique.",
     ["web-development", "project-management", "it-support"], ["digital", "employment"]),
    ("ines.moreau@sceaux.example", "Inès Moreau", "Parc de Sceaux", "public",
     "Étudiante à la faculté Jean Monnet, je participe au MOOC sur l'économie sociale et "
     "solidaire.", "Soutien scolaire en économie, traduction anglais-français.",
     ["tutoring", "translation", "online-learning"], ["social-economy", "education"]),
    ("hugo.petit@sceaux.example", "Hugo Petit", "Centre-ville", "hidden",
     "Je préfère rester discret, mais je donne volontiers un coup de main.",
     "Petites réparations, vélo.", ["small-repairs", "bike-repair"], ["mobility"]),
]


def _account(email: str, name: str, **extra) -> Account:
    account = db.session.scalars(select(Account).where(Account.email == email)).first()
    if account is None:
        account = Account(email=email, display_name=name, email_verified_at=utcnow(),
                          password_hash=hash_password(DEMO_PASSWORD), **extra)
        db.session.add(account)
        db.session.flush()
        # Demo people signed up as anyone does: the charter and terms accepted.
        consent.record(account.id, None, accepted=True)
    return account


def _member(account: Account, role: str = "member", **profile) -> Membership:
    membership = db.session.scalars(select(Membership).where(
        Membership.account_id == account.id)).first()
    if membership is None:
        membership = Membership(account_id=account.id, role=role, **profile)
        db.session.add(membership)
        db.session.flush()
    return membership


def _codes(model, codes: list[str]) -> list[int]:
    return list(db.session.scalars(select(model.id).where(model.code.in_(codes))))


def load_demo(tenant) -> str:
    _account(PLATFORM_EMAIL, "Mouvement UP", is_platform_admin=True)
    for role in ROLES:
        account = _account(f"{role}@{tenant.slug}{DEMO_DOMAIN_SUFFIX}",
                           f"{ROLE_NAMES[role]} ({tenant.city})")
        _member(account, role, visibility="members" if role == "member" else "public",
                neighbourhood="Centre-ville" if role == "member" else "")
    residents = SCEAUX_RESIDENTS if tenant.slug == "sceaux" else []
    for email, name, area, visibility, bio, offers, skills, themes in residents:
        membership = _member(_account(email, name), neighbourhood=area, visibility=visibility,
                             bio=bio, offers=offers)
        replace_links(membership.skill_links, MembershipSkill, "skill_id", _codes(Skill, skills))
        replace_links(membership.theme_links, MembershipTheme, "theme_id", _codes(Theme, themes))
    db.session.commit()
    return f"{len(ROLES)} role accounts, {len(residents)} residents"


def refuse_demo_accounts(app: Flask) -> None:
    """Production must never run with the well-known demo passwords in its database."""
    with app.app_context():
        try:
            found = db.session.scalar(select(Account.email).where(
                Account.email.like(f"%{DEMO_DOMAIN_SUFFIX}")).limit(1))
        except SQLAlchemyError:
            db.session.rollback()
            return  # no database or no table yet: `db upgrade` comes first on deploy
        finally:
            db.session.remove()
        if found:
            db.engine.dispose()  # this app will never serve: close what it opened
    if found:
        raise RuntimeError(f"Demo account {found} exists: production refuses to start. "
                           "Delete the demo accounts (*.example) first.")

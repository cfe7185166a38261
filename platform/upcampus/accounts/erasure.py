"""Delete my account, leave a city: memberships end, the person's content goes or stays
under "A former member" as they chose, and nothing else of them is kept (erasure_plan.py
says what becomes of each table). Plain functions, idempotent: the request runs them, and
retention.py for accounts nobody uses any more."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text, cast, delete, event, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from upcampus.accounts import erasure_plan as plan
from upcampus.accounts.models import Account, AuthThrottle, ErasedEmail, Membership
from upcampus.accounts.policy import is_blocked, leaving_refusal
from upcampus.core.db import db, serialise_on
from upcampus.core.rules import RuleError, validated
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.models import Tenant

# Domains holding something of the leaving person that others wait for (a seat at an
# event) hand it on before the rows go: handover(tenant_id, membership_ids) does it in the
# erasure's transaction and returns what to do once it is committed (tell the next person).
_handovers: list[Callable[[int, list[int]], list[Callable[[], None]]]] = []


def hands_over_on_leaving(handover):
    _handovers.append(handover)
    return handover


# The one national account that holds what former members chose to keep; nobody signs in
# with it (no password matches "!"), it is shown as FORMER_NAME in the reader's language.
FORMER_EMAIL = "former-member@upcampus.invalid"
FORMER_NAME = _l("A former member")


@event.listens_for(Account, "load")
def _former_name(account, _context) -> None:
    if account.email == FORMER_EMAIL:
        try:
            set_committed_value(account, "display_name", str(FORMER_NAME))
        except (RuntimeError, KeyError):  # no app or request: the stored French name
            pass


def email_digest(email: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def was_erased_while_blocked(email: str) -> bool:
    return db.session.scalar(select(exists().where(
        ErasedEmail.digest == email_digest(email)))) or False


def is_former(account: Account | None) -> bool:
    return account is not None and account.email == FORMER_EMAIL


# --- refusals ---------------------------------------------------------------------------

def refusal(memberships: list[Membership]) -> str | None:
    """Why these memberships may not end now (the last admin of a city or of an
    organisation must name another first), or None."""
    from upcampus.organisations.models import Organisation, OrganisationMember

    with across_tenants():
        for membership in memberships:
            others = db.session.scalar(select(func.count()).select_from(Membership).where(
                Membership.tenant_id == membership.tenant_id, Membership.id != membership.id,
                Membership.role == "admin", Membership.status == "active"))
            other_admin = aliased(OrganisationMember)
            lonely = list(db.session.scalars(select(Organisation.name).join(
                OrganisationMember, OrganisationMember.organisation_id == Organisation.id,
            ).where(OrganisationMember.membership_id == membership.id,
                    OrganisationMember.role == "admin",
                    ~exists().where(other_admin.organisation_id == Organisation.id,
                                    other_admin.membership_id != membership.id,
                                    other_admin.role == "admin"))))
            city = db.session.get(Tenant, membership.tenant_id)
            problem = leaving_refusal(membership, others, lonely, city.name if city else "")
            if problem:
                return problem
    return None


def content_counts(memberships: list[Membership]) -> dict[str, int]:
    """How many rows each choice of the erasure page covers for these memberships (as the
    plan's Choice rules narrow them): a choice about nothing is not asked."""
    ids = [m.id for m in memberships]
    counts = dict.fromkeys(plan.CONTENT_KINDS, 0)
    with across_tenants():
        for (table_name, column), entry in plan.BY_MEMBERSHIP.items():
            table = db.metadata.tables[table_name]
            for rule in plan.rules(entry):
                if isinstance(rule, plan.Choice) and ids:
                    condition = table.c[column].in_(ids)
                    if rule.where is not None:
                        condition = condition & rule.where(table)
                    counts[rule.kind] += db.session.scalar(
                        select(func.count()).select_from(table).where(condition))
    return counts


# --- the placeholder -------------------------------------------------------------------

def _former_account_id() -> int:
    found = db.session.scalar(select(Account.id).where(Account.email == FORMER_EMAIL))
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            account = Account(email=FORMER_EMAIL, display_name="Un ancien membre",
                              password_hash="!")  # noqa: S106 - matches no password
            db.session.add(account)
        return account.id
    except IntegrityError:  # made by a deletion running at the same moment
        return db.session.scalar(select(Account.id).where(Account.email == FORMER_EMAIL))


def former_membership_id(tenant_id: int) -> int:
    """The city's placeholder membership (suspended, hidden, never suggested)."""
    account_id = _former_account_id()
    with tenant_scope(tenant_id):
        found = db.session.scalar(select(Membership.id).where(
            Membership.account_id == account_id))
        if found is not None:
            return found
        try:
            with db.session.begin_nested():
                membership = Membership(account_id=account_id, role="member",
                                        status="suspended", visibility="hidden",
                                        suggestable=False)
                db.session.add(membership)
            return membership.id
        except IntegrityError:
            return db.session.scalar(select(Membership.id).where(
                Membership.account_id == account_id))


# --- applying the plan -----------------------------------------------------------------

def _apply(table, column, ids: list[int], rule, former_id: int | None, choices: dict) -> None:
    mine = column.in_(ids)
    if isinstance(rule, plan.Choice):
        if rule.where is not None:
            mine = mine & rule.where(table)
        if choices.get(rule.kind, plan.DEFAULT_CHOICE) == "remove":
            rule = plan.Delete()
        else:
            rule = plan.Former(rule.unique_with)
    if isinstance(rule, plan.Delete):
        db.session.execute(delete(table).where(mine))
    elif isinstance(rule, plan.Forget):
        db.session.execute(update(table).where(mine).values({column.name: None}))
    elif isinstance(rule, plan.Anonymise):
        db.session.execute(update(table).where(mine).values(rule.values))
    elif isinstance(rule, plan.Former):
        if rule.unique_with:
            theirs = table.alias()
            same = [theirs.c[name] == table.c[name] for name in rule.unique_with]
            db.session.execute(delete(table).where(mine, exists().where(
                theirs.c[column.name] == former_id, *same)))
        db.session.execute(update(table).where(mine).values({column.name: former_id}))


def _apply_map(mapping: dict, ids: list[int], former_id: int | None, choices: dict) -> None:
    for (table_name, column_name), entry in mapping.items():
        table = db.metadata.tables.get(table_name)
        if table is None:
            continue
        for rule in plan.rules(entry):
            _apply(table, table.c[column_name], ids, rule, former_id, choices)


def _end_in_city(tenant_id: int, membership_ids: list[int], choices: dict,
                 after_commit: list[Callable[[], None]]) -> None:
    from upcampus.projects.models import Publication, PublicationImage, Support

    former_id = former_membership_id(tenant_id)
    for handover in _handovers:
        after_commit.extend(handover(tenant_id, membership_ids))
    with across_tenants():
        # Their pictures go whatever they chose for the text; a publication another
        # person still holds keeps its pictures (they may be that person's).
        db.session.execute(delete(PublicationImage).where(
            PublicationImage.publication_id.in_(select(Publication.id).where(
                Publication.author_id.in_(membership_ids),
                ~plan.held_with_another_person(Publication.__table__)))))
        supported = list(db.session.scalars(select(Support.publication_id).where(
            Support.membership_id.in_(membership_ids))))
        _apply_map(plan.BY_MEMBERSHIP, membership_ids, former_id, choices)
        db.session.execute(delete(Membership).where(Membership.id.in_(membership_ids)))
        if supported:
            count = (select(func.count()).select_from(Support)
                     .where(Support.publication_id == Publication.id).scalar_subquery())
            db.session.execute(update(Publication).where(Publication.id.in_(supported))
                               .values(supports_count=count))


def _scrub(tenant_ids: set[int], display_name: str, email: str) -> None:
    """Replace the person's name and address where others' rows quote them. A name is
    anyone's to choose and to share: it is replaced only in rows of the person's cities
    (and national ones); a table of no city (the audit log) loses only the address,
    which is theirs alone."""
    label = "Un ancien membre"
    for table_name, column_names in plan.QUOTING.items():
        table = db.metadata.tables.get(table_name)
        if table is None:
            continue
        in_cities = "tenant_id" in table.c
        where_city = ([or_(table.c.tenant_id.in_(tenant_ids), table.c.tenant_id.is_(None))]
                      if in_cities else [])
        words = [w for w in ([display_name, email] if in_cities else [email])
                 if w and len(w) >= 4]
        for name in column_names:
            column = table.c[name]
            as_text = column if isinstance(column.type, String) else cast(column, Text)
            forms = {f for w in words for f in (w, json.dumps(w)[1:-1])}
            rows = db.session.execute(select(table.c.id, column).where(
                *where_city, or_(*[as_text.like(f"%{f}%") for f in forms]))).all()
            for row_id, value in rows:
                db.session.execute(update(table).where(table.c.id == row_id)
                                   .values({name: _replaced(value, words, label)}))


def _replaced(value, words: list[str], label: str):
    if isinstance(value, str):
        for word in words:
            value = value.replace(word, label)
        return value
    text = json.dumps(value, ensure_ascii=False)
    for word in words:
        text = text.replace(json.dumps(word, ensure_ascii=False)[1:-1], label)
    return json.loads(text)


def _rebuild_search(tenant_ids: set[int]) -> None:
    from upcampus.search.operations import reindex_current_city

    for tenant_id in sorted(tenant_ids):
        with tenant_scope(tenant_id):
            reindex_current_city()


# --- the two operations ----------------------------------------------------------------

def confirmed_choices(account: Account, payload: dict) -> dict:
    """A payload of ErasureSchema from the person themselves: their choices, once their
    password is checked."""
    from upcampus.accounts.passwords import check_password
    from upcampus.accounts.schemas import ErasureSchema

    fields = validated(ErasureSchema, payload)
    if not check_password(account.password_hash, fields["password"]):
        raise RuleError("password", _l("This is not your password."))
    return {kind: fields[kind] for kind in plan.CONTENT_KINDS}


def _choices(choices: dict | None) -> dict:
    return {kind: (choices or {}).get(kind, plan.DEFAULT_CHOICE) for kind in plan.CONTENT_KINDS}


def leave_city(account_id: int, tenant_id: int, choices: dict | None = None) -> bool:
    """End the account's membership of one city; False if there was none (left already)."""
    serialise_on(Account, account_id)
    with tenant_scope(tenant_id):
        membership = db.session.scalars(select(Membership).where(
            Membership.account_id == account_id)).first()
    if membership is None:
        db.session.rollback()
        return False
    problem = refusal([membership])
    if problem:
        db.session.rollback()
        raise RuleError("confirm", problem)
    account = db.session.get(Account, account_id)
    after_commit: list[Callable[[], None]] = []
    _end_in_city(tenant_id, [membership.id], _choices(choices), after_commit)
    with across_tenants():
        _scrub({tenant_id}, account.display_name, account.email)
    db.session.commit()
    for action in after_commit:
        action()
    _rebuild_search({tenant_id})
    return True


def delete_account(account_id: int, choices: dict | None = None) -> bool:
    """Delete the account and end every membership; False if it is gone already (the
    same click twice, or retention and the person at once)."""
    serialise_on(Account, account_id)
    account = db.session.get(Account, account_id)
    if account is None or is_former(account):
        db.session.rollback()
        return False
    with across_tenants():
        memberships = list(db.session.scalars(select(Membership).where(
            Membership.account_id == account_id)))
    problem = refusal(memberships)
    if problem:
        db.session.rollback()
        raise RuleError("confirm", problem)
    blocked = any(is_blocked(m) for m in memberships)
    email, name = account.email, account.display_name
    tenants: dict[int, list[int]] = {}
    for membership in memberships:
        tenants.setdefault(membership.tenant_id, []).append(membership.id)
    after_commit: list[Callable[[], None]] = []
    for tenant_id, ids in tenants.items():
        _end_in_city(tenant_id, ids, _choices(choices), after_commit)
    with across_tenants():
        from upcampus.notifications.models import Email

        db.session.execute(delete(Email).where(Email.to_address == email))
        # Failed sign-ins are counted under the address.
        db.session.execute(delete(AuthThrottle).where(AuthThrottle.key == f"account:{email}"))
        _scrub(set(tenants), name, email)
        _apply_map(plan.BY_ACCOUNT, [account_id], None, {})
        db.session.execute(delete(Account).where(Account.id == account_id))
    if blocked and not was_erased_while_blocked(email):
        db.session.add(ErasedEmail(digest=email_digest(email)))
    db.session.commit()
    for action in after_commit:
        action()
    _rebuild_search(set(tenants))
    return True

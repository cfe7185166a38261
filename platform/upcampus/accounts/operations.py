"""Every state change of accounts and memberships: one rule, for the HTML views and the
API alike. Failures raise AccountError naming the field, in the user's language."""

from __future__ import annotations

from datetime import timedelta
from hmac import compare_digest

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from upcampus.accounts import consent, throttle
from upcampus.accounts.devices import Device
from upcampus.accounts.erasure import was_erased_while_blocked
from upcampus.accounts.models import (
    Account,
    Membership,
    MembershipSkill,
    MembershipTheme,
)
from upcampus.accounts.passwords import (
    check_against_nothing,
    check_password,
    hash_password,
    weakness,
)
from upcampus.accounts.schemas import (
    AccountSettingsSchema,
    LoginSchema,
    NewPasswordSchema,
    PasswordChangeSchema,
    ProfileSchema,
    SignupSchema,
)
from upcampus.accounts.sessions import end_sessions
from upcampus.accounts.tokens import (
    RESET_MAX_AGE,
    VERIFY_MAX_AGE,
    TokenError,
    make_token,
    read_token,
)
from upcampus.core.db import db, serialise_on, utcnow
from upcampus.core.images import square_thumbnail
from upcampus.core.links import absolute_url
from upcampus.core.rules import RuleError, validated
from upcampus.core.web import valid_id
from upcampus.notifications.models import Email
from upcampus.notifications.operations import queue_email
from upcampus.search.operations import member_document
from upcampus.taxonomy.models import Skill, Theme
from upcampus.tenancy.context import across_tenants, tenant_scope
from upcampus.tenancy.neighbourhoods import choosable

AccountError = RuleError


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def account_by_email(email: str) -> Account | None:
    return db.session.scalars(select(Account).where(
        Account.email == normalise_email(email))).first()


# --- sign-up, verification, login ------------------------------------------------------

def sign_up(city, payload: dict, *, locale: str, base_url: str,
            nonce: str | None = None) -> None:
    """A new national account, member of `city` (a CityInfo, whose tenant scope is in
    force), from a payload of SignupSchema; sends the verification email in `locale`,
    its link under `base_url` (core.links.public_base_url). `nonce` is remembered by the
    browser that signs up: the email's link signs in there only (anywhere else it only
    confirms the address).

    An address that already has an account gets the same answer (nothing tells a
    stranger it is registered); its owner gets an email saying so instead."""
    fields = validated(SignupSchema, payload)
    email = normalise_email(fields["email"])
    problem = weakness(fields["password"], email)
    if problem:
        raise AccountError("password", problem)
    # Hashed either way: the same time either way.
    password_hash = hash_password(fields["password"])
    existing = account_by_email(email)
    if existing is not None:
        _tell_owner_of_signup(existing.id, city, base_url)
        return
    if was_erased_while_blocked(email):
        raise AccountError("email", _l("This address belonged to an account that was blocked "
                                       "and deleted: it cannot sign up again."))
    account = Account(email=email, display_name=fields["display_name"], locale=locale,
                      password_hash=password_hash)
    db.session.add(account)
    membership = Membership(account=account, role="member")
    if city is not None:
        db.session.add(membership)
    try:
        db.session.flush()
    except IntegrityError:  # the same address signed up a moment ago
        db.session.rollback()
        existing = account_by_email(email)
        if existing is not None:
            _tell_owner_of_signup(existing.id, city, base_url)
        return
    if city is not None:
        member_document(membership)
    consent.record(account.id, _city_id(city), accepted=fields["accept"])
    # One commit for the account and its email: a sign-up racing this one sees both.
    send_verification(account, city, locale=locale, base_url=base_url, nonce=nonce)


SIGNUP_SUBJECTS = (_l("Confirm your email address"), _l("Finish signing up"),
                   _l("Someone tried to sign up with your address"))
RESET_SUBJECT = _l("Reset your password")
ONCE_WITHIN = timedelta(minutes=1)


def _sent_lately(account_id: int, subjects) -> Account | None:
    """Lock the account row (its emails are then queued one request at a time) and give
    the fresh account, or None if one of `subjects` went to it within a minute: the same
    form sent twice at once sends one email."""
    serialise_on(Account, account_id)
    account = db.session.get(Account, account_id, populate_existing=True)
    recent = db.session.scalar(select(func.count()).select_from(Email).where(
        Email.to_address == account.email, Email.created_at >= utcnow() - ONCE_WITHIN,
        Email.subject.in_([str(subject) for subject in subjects])))
    if recent:
        db.session.rollback()  # ends the lock
        return None
    return account


def _tell_owner_of_signup(account_id: int, city, base_url: str) -> None:
    account = _sent_lately(account_id, SIGNUP_SUBJECTS)
    if account is None:
        return
    # Written for the owner, in their language, whatever the visitor's.
    locale = account.locale or (city.default_locale if city else "fr")
    if not account.email_verified:
        # Never confirmed, perhaps signed up by someone else: the owner of the inbox
        # finishes by choosing the password (a reset link), so no password chosen by the
        # first sign-up survives the confirmation.
        queue_email(account.email, SIGNUP_SUBJECTS[1], "signup_unconfirmed", city=city,
                    locale=locale, account=account, url=_reset_url(account, city, base_url))
        return
    queue_email(account.email, SIGNUP_SUBJECTS[2], "signup_existing", city=city,
                locale=locale, account=account,
                login_url=absolute_url(base_url, "accounts.login"),
                reset_url=absolute_url(base_url, "accounts.request_reset"))


def _city_id(city) -> int | None:
    return city.id if city is not None else None


def send_verification(account: Account, city, *, locale: str | None, base_url: str,
                      nonce: str | None = None) -> None:
    """Email the account a link confirming its address, in `locale`, on `city`'s site."""
    # The token names the city that sent it: it works on that city's site only.
    payload = {"a": account.id, "e": account.email, "c": _city_id(city)}
    if nonce:
        payload["n"] = nonce
    queue_email(account.email, SIGNUP_SUBJECTS[0], "verify_email", city=city, locale=locale,
                account=account, url=absolute_url(base_url, "accounts.verify_email",
                                                  token=make_token("verify", payload)))


def verify_email(token: str, city_id: int | None, nonce: str | None = None,
                 device: str | None = None) -> tuple[Account, bool, bool]:
    """(account, newly verified, signs in). Raises TokenError if expired, forged, outdated
    or issued by another city than `city_id`. The link signs in only in the browser that
    signed up (whose `nonce` the token carries), and once; it then forgives that account's
    failed logins (`device` is the browser's device nonce)."""
    payload = read_token("verify", token, VERIFY_MAX_AGE)
    if payload["c"] != city_id:
        raise TokenError("other_city")
    serialise_on(Account, payload["a"])  # opened several times at once: confirmed once
    account = db.session.get(Account, payload["a"], populate_existing=True)
    if account is None or account.email != payload["e"]:
        raise TokenError("invalid")
    if account.email_verified:
        db.session.rollback()
        return account, False, False
    account.email_verified_at = utcnow()
    signs_in = bool(nonce) and compare_digest(payload.get("n", "").encode(),
                                              str(nonce).encode())
    if signs_in:
        throttle.forgive(account.email, device)
    db.session.commit()
    return account, True, signs_in


TOO_MANY = _l("Too many failed attempts. Wait 15 minutes, or reset your password.")


def authenticate(email: str, password: str, address: str | None,
                 device: Device | None = None) -> Account:
    """The account if the password is right. Attempts are throttled (throttle.py); an
    unknown address is checked against a dummy hash so it takes as long as a known one."""
    fields = validated(LoginSchema, {"email": email, "password": password})
    email, password = normalise_email(fields["email"]), fields["password"]
    account = account_by_email(email)
    trusted = device is not None and account is not None and account.id in device.accounts
    keys = throttle.keys_for(email, address, device.nonce if trusted else None)
    if not throttle.reserve(keys):
        raise AccountError("email", TOO_MANY)
    if account is None:
        check_against_nothing(password)
        raise AccountError("password", _l("Wrong email address or password."))
    if not check_password(account.password_hash, password):
        raise AccountError("password", _l("Wrong email address or password."))
    throttle.release(keys)
    account.last_login_at = utcnow()
    db.session.commit()
    return account


def join_city(account: Account) -> Membership:
    """Make the account a member of the current city, in one step; idempotent, also when
    sent several times at once (the account's row is locked while it checks)."""
    serialise_on(Account, account.id)
    membership = db.session.scalars(select(Membership).where(
        Membership.account_id == account.id)).first()
    if membership is not None:
        if membership.status == "suspended":
            raise AccountError("membership", _l("Your membership of this network is "
                                                "suspended. Contact its team."))
        return membership
    membership = Membership(account_id=account.id, role="member")
    db.session.add(membership)
    try:
        db.session.flush()
    except IntegrityError:  # a database that took no lock: the other request joined
        db.session.rollback()
        return join_city(account)
    member_document(membership)
    db.session.commit()
    return membership


# --- passwords ---------------------------------------------------------------------------

def request_password_reset(email: str, city, *, locale: str | None, base_url: str) -> None:
    """Email a reset link (in `locale`, under `base_url`) if the address has an account;
    say nothing either way. The link names `city`, that sent it, and works there only.
    Asked twice within a minute (or at once), it is sent once."""
    account = account_by_email(email)
    if account is None:
        return
    account = _sent_lately(account.id, (RESET_SUBJECT,))
    if account is not None:
        queue_email(account.email, RESET_SUBJECT, "reset_password", city=city,
                    locale=locale, account=account,
                    url=_reset_url(account, city, base_url))


def _reset_url(account: Account, city, base_url: str) -> str:
    token = make_token("reset", {"a": account.id, "v": account.auth_version,
                                 "c": _city_id(city)})
    return absolute_url(base_url, "accounts.reset_password", token=token)


def check_reset_token(token: str, city_id: int | None) -> Account:
    payload = read_token("reset", token, RESET_MAX_AGE)
    if payload["c"] != city_id:
        raise TokenError("other_city")
    account = db.session.get(Account, payload["a"], populate_existing=True)
    if account is None or account.auth_version != payload["v"]:
        raise TokenError("used")
    return account


def reset_password(token: str, password: str, city_id: int | None,
                   device: str | None = None) -> Account:
    """Set the new password; every session of the account ends (the caller opens one),
    and its failed logins are forgiven (`device` is the browser's device nonce): the
    owner proved they hold the inbox."""
    account = check_reset_token(token, city_id)
    password = validated(NewPasswordSchema, {"password": password})["password"]
    problem = weakness(password, account.email)
    if problem:
        raise AccountError("password", problem)
    password_hash = hash_password(password)
    # The link opened several times at once: the first to lock the row bumps
    # auth_version, and the check again under the lock refuses every other.
    serialise_on(Account, account.id)
    account = check_reset_token(token, city_id)
    account.password_hash = password_hash
    account.auth_version += 1
    if not account.email_verified:  # the link reached the inbox: the address is real
        account.email_verified_at = utcnow()
    end_sessions(account.id)
    throttle.forgive(account.email, device)
    db.session.commit()
    return account


def change_password(account: Account, payload: dict, *, keep_session: str) -> None:
    """A payload of PasswordChangeSchema. Every other session of the account ends; the
    one `keep_session` names goes on."""
    fields = validated(PasswordChangeSchema, payload)
    if not check_password(account.password_hash, fields["current_password"]):
        raise AccountError("current_password", _l("This is not your current password."))
    problem = weakness(fields["password"], account.email)
    if problem:
        raise AccountError("password", problem)
    account.password_hash = hash_password(fields["password"])
    account.auth_version += 1  # every reset link sent before stops working
    end_sessions(account.id, keep=keep_session)
    db.session.commit()


def sign_out_everywhere(account: Account) -> None:
    end_sessions(account.id)
    db.session.commit()


# --- profile ----------------------------------------------------------------------------

def update_account(account: Account, payload: dict) -> None:
    """The account's name and language (AccountSettingsSchema)."""
    fields = validated(AccountSettingsSchema, payload)
    account.display_name = fields["display_name"]
    account.locale = fields["locale"] or None
    db.session.commit()
    _reindex_everywhere(account)


def _reindex_everywhere(account: Account) -> None:
    """A national change (the name) shows in the search of every city the person is in."""
    with across_tenants():
        memberships = [(m.tenant_id, m.id) for m in db.session.scalars(
            select(Membership).where(Membership.account_id == account.id))]
    for tenant_id, membership_id in memberships:
        with tenant_scope(tenant_id):
            member_document(db.session.get(Membership, membership_id))
            db.session.commit()


def update_profile(membership: Membership, payload: dict) -> None:
    """The account's profile in the current city (ProfileSchema). Skills and themes
    must be ones this city sees (shared or its own)."""
    fields = validated(ProfileSchema, payload)
    skills = visible_ids(Skill, fields["skill_ids"], "skills")
    themes = visible_ids(Theme, fields["theme_ids"], "themes")
    membership.bio, membership.offers = fields["bio"], fields["offers"]
    if not choosable(fields["neighbourhood"], membership.neighbourhood):
        raise AccountError("neighbourhood", _l("Choose a neighbourhood from the list."))
    membership.neighbourhood = fields["neighbourhood"]
    membership.visibility = fields["visibility"]
    if fields.get("suggestable") is not None:  # consent to be suggested to holders
        membership.suggestable = fields["suggestable"]
    if fields.get("open_to_messages") is not None:  # others may start a conversation
        membership.open_to_messages = fields["open_to_messages"]
    replace_links(membership.skill_links, MembershipSkill, "skill_id", skills)
    replace_links(membership.theme_links, MembershipTheme, "theme_id", themes)
    db.session.flush()
    member_document(membership)
    db.session.commit()


def visible_ids(model, ids: list[int], field: str) -> list[int]:
    ids = sorted(set(ids))
    if any(valid_id(i) is None for i in ids):
        raise AccountError(field, _l("Choose entries from the list."))
    found = set(db.session.scalars(select(model.id).where(model.id.in_(ids),
                                                           model.retired.is_(False))))
    if found != set(ids):
        raise AccountError(field, _l("Choose entries from the list."))
    return ids


def replace_links(links: list, model, key: str, wanted: list[int]) -> None:
    """Make a list of link rows point at exactly `wanted` ids, keeping existing rows."""
    current = {getattr(link, key) for link in links}
    for link in list(links):
        if getattr(link, key) not in wanted:
            links.remove(link)
    links.extend(model(**{key: target}) for target in wanted if target not in current)


def set_avatar(account: Account, data: bytes) -> None:
    account.avatar, account.avatar_hash = square_thumbnail(data)
    db.session.commit()

"""Retention: inactive accounts warned twice, then deleted unless they sign in; emails with
reset or sign-in links purged after a few days. Time is passed as an argument."""

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import outbox
from tests.factories import make_account, make_member
from upcampus.accounts.erasure import FORMER_EMAIL
from upcampus.accounts.export import build_export
from upcampus.accounts.models import Account, DataExport
from upcampus.accounts.retention import run
from upcampus.core.db import db, utcnow
from upcampus.notifications.models import Email
from upcampus.projects.models import Publication
from upcampus.tenancy.context import across_tenants, tenant_scope

YEARS_3 = timedelta(days=3 * 365)


def sleeping(city, email, last_login_at, role="member"):
    return make_member(city, role, account=make_account(email, last_login_at=last_login_at))


def account(account_id):
    with across_tenants():
        db.session.expire_all()
        return db.session.get(Account, account_id)


def test_an_inactive_account_is_warned_twice_then_deleted(app, sceaux, monkeypatch):
    # Years pass in this test: sent emails would be purged before we read them.
    monkeypatch.setitem(app.config, "RETENTION_OUTBOX_DAYS", 100 * 365)
    start = utcnow()
    sleeper = sleeping(sceaux, "sleeper@example.org", start)
    with tenant_scope(sceaux):
        db.session.add(Publication(title="Ruches du parc", slug="ruches", author_id=sleeper.id,
                                   status="published"))
        db.session.commit()
    assert run(start + YEARS_3 - timedelta(days=1))["warned"] == 0
    first = start + YEARS_3
    assert run(first)["warned"] == 1
    assert run(first)["warned"] == 0  # once
    mails = [m for m in outbox(sceaux) if m.to_address == "sleeper@example.org"]
    assert len(mails) == 1 and "supprimé" in mails[0].subject and "/login" in mails[0].body_text
    assert run(first + timedelta(days=14))["warned_again"] == 0
    assert run(first + timedelta(days=15))["warned_again"] == 1
    assert run(first + timedelta(days=29))["deleted"] == 0
    assert account(sleeper.account_id) is not None
    assert run(first + timedelta(days=30))["deleted"] == 1
    assert account(sleeper.account_id) is None
    assert run(first + timedelta(days=31))["deleted"] == 0  # idempotent
    with tenant_scope(sceaux):  # what they published stays, anonymised
        kept = db.session.scalars(select(Publication)).one()
        assert kept.title == "Ruches du parc" and kept.author_id != sleeper.id


def test_signing_in_after_a_warning_keeps_the_account(sceaux):
    start = utcnow()
    member = sleeping(sceaux, "back@example.org", start)
    first = start + YEARS_3
    run(first)
    assert account(member.account_id).inactivity_warned_at is not None
    with across_tenants():
        db.session.get(Account, member.account_id).last_login_at = first + timedelta(days=2)
        db.session.commit()
    done = run(first + timedelta(days=40))
    assert done["voided"] == 1 and done["deleted"] == 0
    assert account(member.account_id).inactivity_warned_at is None


def test_the_last_admin_is_not_deleted_by_retention(sceaux):
    start = utcnow()
    admin = sleeping(sceaux, "lonely-admin@example.org", start, "admin")
    run(start + YEARS_3)
    run(start + YEARS_3 + timedelta(days=15))
    assert run(start + YEARS_3 + timedelta(days=30))["refused"] == 1
    assert account(admin.account_id) is not None


def test_emails_with_reset_links_are_purged_after_a_week(client_for, sceaux):
    from tests.conftest import post_form

    make_member(sceaux, email="forgetful@example.org")
    post_form(client_for(sceaux), "/password/reset", {"email": "forgetful@example.org"})
    assert len(outbox(sceaux)) == 1
    assert run(utcnow() + timedelta(days=6))["purged"] == 0
    assert run(utcnow() + timedelta(days=8))["purged"] == 1
    with across_tenants():
        assert db.session.scalars(select(Email)).all() == []


def test_other_emails_sent_are_purged_after_the_outbox_days_but_none_waiting(sceaux):
    with tenant_scope(sceaux):
        for status in ("sent", "kept", "failed", "queued"):
            db.session.add(Email(tenant_id=sceaux.id, to_address=f"{status}@example.org",
                                 subject="Nouvelles du réseau", body_text="…", status=status))
        db.session.commit()
    assert run(utcnow() + timedelta(days=89))["purged_old"] == 0
    assert run(utcnow() + timedelta(days=91))["purged_old"] == 3
    with across_tenants():
        assert [e.status for e in db.session.scalars(select(Email))] == ["queued"]


def test_the_cli_runs_retention_as_of_a_given_day(app, sceaux):
    sleeping(sceaux, "old@example.org", utcnow() - YEARS_3)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["accounts", "retention"], catch_exceptions=False)
    assert "warned: 1" in result.output
    later = (utcnow() + timedelta(days=31)).isoformat()
    result = runner.invoke(args=["accounts", "retention", "--now", later])
    assert "warned_again: 1" in result.output
    bad = runner.invoke(args=["accounts", "retention", "--now", "yesterday"])
    assert bad.exit_code == 2 and "--now" in bad.output


def test_a_deletion_during_an_export_cancels_it(sceaux):
    from upcampus.accounts.erasure import delete_account

    member = make_member(sceaux, email="leaving@example.org")
    with across_tenants():
        export = DataExport(account_id=member.account_id, status="preparing")
        db.session.add(export)
        db.session.commit()
        export_id = export.id
    assert delete_account(member.account_id)
    build_export(export_id, sceaux.id)  # the job, arriving after
    with across_tenants():
        assert db.session.get(DataExport, export_id) is None
        assert db.session.scalars(select(Email)).all() == []
        assert db.session.scalar(select(Account.email)) == FORMER_EMAIL

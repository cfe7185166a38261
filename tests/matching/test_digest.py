"""The weekly digest: new fitting needs by email, never the same one twice, only to those
who agreed, only of their city."""

from datetime import UTC, datetime

from tests.conftest import outbox
from tests.matching.helpers import accounting_city
from upcampus.matching.tasks import next_weekly_run


def digest(app, *args):
    return app.test_cli_runner().invoke(args=["matching", "digest", *args])


def test_the_digest_tells_each_fitting_member_once(app, sceaux, bourg):
    accounting_city(sceaux)
    accounting_city(bourg, prefix="b-")
    result = digest(app, "--city", "sceaux")
    assert result.exit_code == 0, result.output
    sent = {e.to_address: e for e in outbox(sceaux)}
    assert "ana@example.org" in sent and "tom@example.org" in sent
    assert "Le club des Blagis" in sent["ana@example.org"].body_text
    assert "/projects/" in sent["ana@example.org"].body_text
    assert sent["ana@example.org"].subject == "Des projets ont besoin de vous sur UP Sceaux"
    for nobody in ("hid@example.org", "sus@example.org", "shy@example.org",
                   "holder@example.org"):
        assert nobody not in sent
    assert not [e for e in outbox(bourg)]  # Bourg's digest is Bourg's, sent on its own
    assert "0 emails" in digest(app, "--city", "sceaux").output  # never twice
    assert len(outbox(sceaux)) == len(sent)


def test_bad_arguments_and_the_weekly_time(app, sceaux):
    assert digest(app).exit_code == 2
    assert "No active city" in digest(app, "--city", "nowhere").output
    monday = next_weekly_run(datetime(2026, 12, 2, 12, 0, tzinfo=UTC))  # a Wednesday
    assert (monday.weekday(), monday.hour, monday.day) == (0, 7, 7)
    assert next_weekly_run(datetime(2026, 12, 7, 6, 0, tzinfo=UTC)).day == 7

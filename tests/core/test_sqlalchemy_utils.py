"""SQLAlchemy-Utils where it is the right tool (docs/sqlalchemy-utils.md): creating the
database in setup, and a city's time zone as a time zone."""

from zoneinfo import ZoneInfo

from sqlalchemy import text

from upcampus.core.db import db
from upcampus.tenancy.models import Tenant
from upcampus.tenancy.resolver import CityInfo


def test_create_database_creates_a_missing_one_once(make_app, tmp_path):
    path = tmp_path / "fresh.db"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    runner = app.test_cli_runner()
    with app.app_context():  # the command runs in the context in force: this app's
        first = runner.invoke(args=["create-database"], catch_exceptions=False)
        assert first.exit_code == 0 and first.output.strip() == f"sqlite:///{path}: created"
        assert path.is_file()
        again = runner.invoke(args=["create-database"], catch_exceptions=False)
        assert again.output.strip() == f"sqlite:///{path}: exists"


def test_create_database_leaves_the_suites_own_database_alone(app):
    """On PostgreSQL too (scripts/test): it names the database without its password."""
    result = app.test_cli_runner().invoke(args=["create-database"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.strip().endswith(": exists")
    assert "***" in result.output or "sqlite" in result.output


def test_a_citys_time_zone_reads_as_a_time_zone_and_is_stored_by_name(sceaux):
    db.session.expire_all()
    tenant = db.session.get(Tenant, sceaux.id)
    assert tenant.timezone is ZoneInfo("Europe/Paris")
    tenant.timezone = ZoneInfo("America/Cayenne")  # an overseas city
    db.session.commit()
    stored = db.session.scalar(text("SELECT timezone FROM tenants WHERE id = :id"),
                               {"id": sceaux.id})
    assert stored == "America/Cayenne"
    assert CityInfo.load(sceaux.id).timezone == "America/Cayenne"  # what pages use

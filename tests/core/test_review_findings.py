"""Second read of the day's merged work: each test pins one finding."""

import pytest

from tests.conftest import BASE_DOMAIN, csrf_from, log_in
from tests.factories import make_account

OPERATIONS = "/console/operations"


@pytest.mark.parametrize("raw", ["²", "9" * 30])
def test_retrying_an_email_by_an_odd_id_is_refused_not_a_500(client_for, app_context, raw):
    """'²'.isdigit() is True but int('²') raises; an id past 64 bits overflows the
    database driver: both must be a plain 400, like any other bad id."""
    make_account("platform@example.org", is_platform_admin=True)
    admin = client_for(BASE_DOMAIN)
    log_in(admin, "platform@example.org")
    page = admin.get(OPERATIONS).text
    response = admin.post(f"{OPERATIONS}/emails/retry",
                          data={"csrf_token": csrf_from(page), "email_id": raw})
    assert response.status_code == 400

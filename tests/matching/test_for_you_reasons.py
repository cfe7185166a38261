""""Projects that need you" says what a need asks for once, then the other reasons."""

from tests.conftest import log_in
from tests.matching.helpers import accounting_city


def test_the_skill_asked_is_not_repeated_as_a_reason(sceaux, bourg, client_for):
    accounting_city(sceaux)
    accountant = client_for(sceaux)
    log_in(accountant, "ana@example.org")
    for page in ("/account", "/matching"):
        shown = accountant.get(page).text
        assert "Le club des Blagis" in shown
        assert "Comptabilité" in shown and "Comptabilité · comptabilité" not in shown

"""Second read: the page confirming "decline this offer of help" is the holders' only;
anyone else signed in would read who offered help (the page shows offers to holders only)."""

from tests.conversations.helpers import World


def test_only_the_holders_open_the_decline_confirmation(sceaux, client_for):
    world = World(sceaux, client_for)
    path = f"/projects/{world.pub_id}/offers/{world.offer_id}/decline"
    holder = world.client("lea").get(path)
    assert holder.status_code == 200 and "Karim" in holder.text
    other = world.client("asso").get(path)  # a member of the city, not a holder
    assert other.status_code in (403, 404)
    assert "Karim" not in other.text

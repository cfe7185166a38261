"""Second read: a member who chose "hidden: only me and the network's team" is neither
named nor reachable through /messages/new/member/<id> by other members, who cannot see
their profile either."""

from tests.factories import make_account, make_member

from .helpers import World, conversations_of, start


def test_a_hidden_member_is_not_named_nor_written_to_out_of_nothing(sceaux, client_for):
    world = World(sceaux, client_for)
    hidden = make_member(sceaux, account=make_account("hugo@example.org", "Hugo Cachépetit"),
                         visibility="hidden")
    karim = world.client("karim")
    assert karim.get(f"/members/{hidden.id}").status_code == 404  # as the profile says
    page = karim.get(f"/messages/new/member/{hidden.id}")
    assert page.status_code == 404 and "Cachépetit" not in page.text
    start(karim, "member", hidden.id, "Coucou")
    assert conversations_of(sceaux) == []

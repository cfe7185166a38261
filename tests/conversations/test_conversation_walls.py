"""What holds conversations in: another city can neither list, read, reply to, start
from nor be notified of a city's conversations (its ids are 404); two first messages at
once make one conversation; the list and a long conversation page in a fixed number of
queries; "download my data" carries my messages; PostgreSQL's policy is the second wall."""

import pytest
from sqlalchemy import insert, select, text

from tests.conftest import log_in
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.accounts.export import rows_about
from upcampus.accounts.models import Account
from upcampus.conversations.models import Conversation, Message
from upcampus.core.db import db, utcnow
from upcampus.notifications.models import Notification
from upcampus.tenancy.context import across_tenants, tenant_scope

from .helpers import World, bodies, conversations_of, reply, start


@pytest.fixture
def worlds(sceaux, bourg, client_for):
    here, there = World(sceaux, client_for), World(bourg, client_for, prefix="b-")
    start(here.client("karim"), "offer", here.offer_id, "Secret de Sceaux")
    [conversation] = conversations_of(sceaux)
    return here, there, conversation


def test_another_city_neither_lists_reads_replies_nor_starts(worlds, sceaux, bourg):
    here, there, conversation = worlds
    # Léa is also a member of Bourg-la-Reine, with the same account.
    make_member(bourg, account=here.holder.account)
    lea_there = there.client_for(bourg)
    log_in(lea_there, "lea@example.org")
    assert "Secret de Sceaux" not in lea_there.get("/messages").text
    for client in (lea_there, there.client("karim")):
        path = f"/messages/{conversation.id}"
        assert client.get(path).status_code == 404
        assert client.post(path, data={"body": "x"}).status_code in (400, 404)
        for action in ("block", "unblock"):
            assert client.post(f"{path}/{action}").status_code in (400, 404)
        for context, target in (("offer", here.offer_id), ("member", here.holder.id),
                                ("organisation", here.organisation_id)):
            assert client.get(f"/messages/new/{context}/{target}").status_code == 404
    # The ids of Sceaux's rows exist in Bourg too (same numbers): still nothing crosses.
    assert reply(there.client("karim"), conversation.id, "Intrus").status_code == 404
    assert bodies(sceaux, conversation.id) == ["Secret de Sceaux"]
    with tenant_scope(bourg):
        assert db.session.scalars(select(Message)).all() == []
        assert db.session.scalars(select(Notification).where(
            Notification.kind == "message")).all() == []
    assert there.client("lea").get("/messages/new/unknown/1").status_code == 404


def test_two_first_messages_at_once_make_one_conversation(sceaux, client_for):
    world = World(sceaux, client_for)
    karim, lea = world.client("karim"), world.client("lea")
    pages = {"karim": f"/messages/new/member/{world.holder.id}",
             "lea": f"/messages/new/member/{world.helper.id}"}
    tokens = {who: karim_or_lea.get(pages[who]).text for who, karim_or_lea in
              (("karim", karim), ("lea", lea))}
    from tests.conftest import csrf_from

    calls = [lambda c=client, who=who: c.post(pages[who], data={
        "csrf_token": csrf_from(tokens[who]), "body": f"Bonjour de {who}"}).status_code
        for who, client in (("karim", karim), ("lea", lea))]
    assert all_at_once(calls) == [302, 302]
    [conversation] = conversations_of(sceaux)
    assert sorted(bodies(sceaux, conversation.id)) == ["Bonjour de karim", "Bonjour de lea"]
    # The same first message from the same offer, sent four times at once: one thread.
    clients = [client_for(sceaux) for _ in range(4)]
    for client in clients:
        log_in(client, "karim@example.org")
    path = f"/messages/new/offer/{world.offer_id}"
    forms = [csrf_from(client.get(path).text) for client in clients]
    statuses = all_at_once([lambda c=client, t=token: c.post(path, data={
        "csrf_token": t, "body": "Vite"}).status_code for client, token in zip(
        clients, forms, strict=True)])
    assert statuses == [302] * 4
    direct, from_offer = conversations_of(sceaux)
    assert from_offer.context == "offer" and bodies(sceaux, from_offer.id) == ["Vite"] * 4


def test_lists_and_long_conversations_take_a_fixed_number_of_queries(worlds, sceaux,
                                                                     count_queries):
    here, _there, conversation = worlds
    now = utcnow()
    others = [make_member(sceaux, email=f"m{n}@example.org").id for n in range(30)]
    with tenant_scope(sceaux):
        db.session.execute(insert(Conversation), [
            {"tenant_id": sceaux.id, "context": "member", "pair_key": f"member:x{m}",
             "member_id": m, "other_id": here.holder.id, "subject": "",
             "created_at": now, "last_message_at": now} for m in others])
        db.session.execute(insert(Message), [
            {"tenant_id": sceaux.id, "conversation_id": conversation.id,
             "author_id": here.helper.id, "body": f"Message {n}", "created_at": now}
            for n in range(300)])
        db.session.commit()
    lea = here.client("lea")
    lea.get("/messages")  # warm: the first request loads the city
    with count_queries() as first:
        page_one = lea.get("/messages")
    with count_queries() as later:
        page_two = lea.get("/messages?page=2")
    assert page_one.status_code == page_two.status_code == 200
    assert first.count == later.count
    assert '<span class="badge">31' in page_one.text  # every conversation is unread
    path = f"/messages/{conversation.id}"
    lea.get(path)
    with count_queries() as newest:
        shown = lea.get(path)
    with count_queries() as oldest:
        old = lea.get(f"{path}?page=16")
    assert "Message 299" in shown.text and "Secret de Sceaux" in old.text
    assert newest.count == oldest.count


def test_download_my_data_carries_my_messages(worlds, sceaux):
    here, _there, conversation = worlds
    reply(here.client("lea"), conversation.id, "Réponse de Léa")
    with across_tenants():
        rows = rows_about(db.session.get(Account, here.helper.account_id))
    assert [m["body"] for m in rows["messages"]] == ["Secret de Sceaux"]
    assert [c["id"] for c in rows["conversations"]] == [conversation.id]


def test_the_database_policy_hides_another_citys_messages(worlds, sceaux, bourg,
                                                          postgres_only):
    with tenant_scope(bourg):
        assert db.session.execute(text("SELECT count(*) FROM messages")).scalar() == 0
        assert db.session.execute(text("SELECT count(*) FROM conversations")).scalar() == 0
    with tenant_scope(sceaux):
        assert db.session.execute(text("SELECT count(*) FROM messages")).scalar() == 1

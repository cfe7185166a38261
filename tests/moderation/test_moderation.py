"""Reporting, the moderation queue and its decisions, appeals, blocked members and words
to watch: through the pages, on both databases, and what the other city cannot do."""

from html import unescape

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, log_in, outbox, post_form
from tests.factories import make_member
from tests.threads import all_at_once
from upcampus.accounts.models import Membership
from upcampus.core.db import db
from upcampus.moderation.models import Case, CaseAction, Report
from upcampus.projects.models import Comment, Holder, Publication
from upcampus.tenancy.context import tenant_scope


def a_publication(city, author: Membership, title="Un jardin partagé", text="Des planches"):
    with tenant_scope(city):
        publication = Publication(title=title, slug="un-jardin", description=text,
                                  author_id=author.id, status="published", kind="project")
        publication.holders.append(Holder(membership_id=author.id))
        db.session.add(publication)
        db.session.commit()
        return publication.id


def a_comment(city, pub_id: int, author: Membership, body="Vous êtes tous des idiots"):
    with tenant_scope(city):
        comment = Comment(publication_id=pub_id, membership_id=author.id, body=body)
        db.session.add(comment)
        db.session.commit()
        return comment.id


def signed_in(client_for, city, email, role="member"):
    member = make_member(city, role=role, email=email)
    client = client_for(city)
    log_in(client, email)
    return member, client


def report(client, kind, target_id, reason="abuse", note=""):
    return post_form(client, f"/report/{kind}/{target_id}", {"reason": reason, "note": note})


def comment_row(city, comment_id):
    with tenant_scope(city):
        comment = db.session.get(Comment, comment_id)
        db.session.expunge(comment)
        return comment


def the_case(city):
    with tenant_scope(city):
        case = db.session.scalars(select(Case)).one()
        db.session.expunge(case)
        return case


@pytest.fixture
def scene(client_for, sceaux, bourg):
    """Léa's publication, Paul's rude comment on it, and the city's moderator."""
    lea, lea_client = signed_in(client_for, sceaux, "lea@example.org")
    paul, paul_client = signed_in(client_for, sceaux, "paul@example.org")
    pub_id = a_publication(sceaux, lea)
    comment_id = a_comment(sceaux, pub_id, paul)
    moderator, moderator_client = signed_in(client_for, sceaux, "modo@example.org",
                                            "moderator")
    return {"lea": lea_client, "paul": paul_client, "paul_member": paul, "pub_id": pub_id,
            "comment_id": comment_id, "moderator": moderator_client}


def test_three_reports_hide_a_comment_the_moderator_hides_it_the_author_appeals(
        scene, client_for, sceaux):
    comment_id, pub_id = scene["comment_id"], scene["pub_id"]
    page = scene["lea"].get(f"/projects/{pub_id}-un-jardin").text
    assert f"/report/comment/{comment_id}" in page
    assert report(scene["lea"], "comment", comment_id, note="Insultant").status_code == 302
    others = [signed_in(client_for, sceaux, f"voisin{i}@example.org")[1] for i in range(2)]
    report(others[0], "comment", comment_id, reason="spam")
    assert comment_row(sceaux, comment_id).removed is False  # two reports: still shown
    report(others[1], "comment", comment_id)
    assert comment_row(sceaux, comment_id).removed is True  # three: hidden until review
    assert "Vous êtes tous des idiots" not in scene["lea"].get(
        f"/projects/{pub_id}-un-jardin").text

    queue = scene["moderator"].get("/moderation")
    assert queue.status_code == 200 and "Vous êtes tous des idiots" in queue.text
    case = the_case(sceaux)
    assert case.reports_count == 3 and case.held and case.author_id == scene[
        "paul_member"].id
    shown = scene["moderator"].get(f"/moderation/cases/{case.id}").text
    assert "Insultant" in shown
    response = post_form(scene["moderator"], f"/moderation/cases/{case.id}/decide",
                         {"action": "hide", "reason": "Pas d'insultes ici.", "days": "0"},
                         page=f"/moderation/cases/{case.id}")
    assert response.status_code == 302
    assert comment_row(sceaux, comment_id).removed is True
    assert the_case(sceaux).state == "hidden"
    sent = {e.to_address: e for e in outbox(sceaux)}
    assert "Pas d'insultes ici." in sent["paul@example.org"].body_text
    assert {"lea@example.org", "voisin0@example.org", "voisin1@example.org"} <= set(sent)
    assert "Pas d'insultes ici." not in sent["lea@example.org"].body_text

    mine = unescape(scene["paul"].get("/moderation/mine").text)
    assert "Pas d'insultes ici." in mine
    appeal = post_form(scene["paul"], f"/moderation/mine/{case.id}/appeal",
                       {"note": "C'était de l'humour."}, page="/moderation/mine")
    assert appeal.status_code == 302
    again = post_form(scene["paul"], f"/moderation/mine/{case.id}/appeal",
                      {"note": "Encore"}, page="/moderation/mine")
    assert "déjà contesté" in scene["paul"].get(again.location).text
    assert the_case(sceaux).appeal_note == "C'était de l'humour."

    # The moderator who decided does not review the appeal; another one does.
    same = post_form(scene["moderator"], f"/moderation/cases/{case.id}/appeal/overturn",
                     {"reason": ""}, page=f"/moderation/cases/{case.id}")
    assert same.status_code == 302  # back to the case, told why (not a bare 403)
    assert "Vous avez pris cette décision" in scene["moderator"].get(same.location).text
    assert the_case(sceaux).appeal_state != "overturned"
    _, admin = signed_in(client_for, sceaux, "admin@example.org", "admin")
    post_form(admin, f"/moderation/cases/{case.id}/appeal/overturn",
              {"reason": "Le ton passe."}, page=f"/moderation/cases/{case.id}")
    assert the_case(sceaux).appeal_state == "overturned"
    assert comment_row(sceaux, comment_id).removed is False  # back as it was
    with tenant_scope(sceaux):
        trail = [a.action for a in db.session.scalars(select(CaseAction).order_by(
            CaseAction.id))]
    assert trail == ["hide", "appeal", "appeal_overturned"]
    assert "Le ton passe." in outbox(sceaux)[0].body_text


def test_reporting_twice_ones_own_content_or_without_a_reason_is_refused(scene, sceaux):
    comment_id = scene["comment_id"]
    report(scene["lea"], "comment", comment_id)
    twice = report(scene["lea"], "comment", comment_id)
    assert twice.status_code == 422 and "déjà signalé" in twice.text
    own = report(scene["paul"], "comment", comment_id)
    assert own.status_code == 422 and "votre propre contenu" in own.text
    mine = report(scene["lea"], "publication", scene["pub_id"])
    assert mine.status_code == 422
    no_reason = report(scene["lea"], "publication", scene["pub_id"], reason="")
    assert no_reason.status_code == 422
    odd = report(scene["paul"], "publication", scene["pub_id"], reason="<b>x</b>",
                 note="y" * 1001)
    assert odd.status_code == 422 and "<b>x</b>" not in odd.text
    assert scene["paul"].get("/report/comment/999999").status_code == 404
    with tenant_scope(sceaux):
        assert len(db.session.scalars(select(Report)).all()) == 1


def test_the_same_report_sent_at_once_counts_once(scene, sceaux):
    page = f"/report/comment/{scene['comment_id']}"
    client = scene["lea"]
    tokens = [csrf_from(client.get(page).text) for _ in range(4)]
    codes = all_at_once([
        lambda t=t: client.post(page, data={"csrf_token": t, "reason": "spam"}).status_code
        for t in tokens])
    assert sorted(codes) == [302, 422, 422, 422]
    case = the_case(sceaux)
    assert case.reports_count == 1


def test_members_and_the_other_city_cannot_moderate(scene, client_for, sceaux, bourg):
    report(scene["lea"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    assert scene["lea"].get("/moderation").status_code == 403
    assert scene["lea"].get(f"/moderation/cases/{case.id}").status_code == 403
    _, bourg_moderator = signed_in(client_for, bourg, "modo@bourg.example.org", "moderator")
    assert "Vous êtes tous" not in bourg_moderator.get("/moderation").text
    assert bourg_moderator.get(f"/moderation/cases/{case.id}").status_code == 404
    token = csrf_from(bourg_moderator.get("/moderation").text)
    decided = bourg_moderator.post(f"/moderation/cases/{case.id}/decide", data={
        "csrf_token": token, "action": "remove", "reason": "x"})
    assert decided.status_code == 404
    assert bourg_moderator.get(f"/report/comment/{scene['comment_id']}").status_code == 404
    assert the_case(sceaux).state == "open"
    assert comment_row(sceaux, scene["comment_id"]).body == "Vous êtes tous des idiots"


def test_a_moderator_does_not_decide_on_their_own_report(scene, sceaux):
    report(scene["moderator"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    response = post_form(scene["moderator"], f"/moderation/cases/{case.id}/decide",
                         {"action": "remove", "reason": ""},
                         page=f"/moderation/cases/{case.id}")
    assert response.status_code == 302  # back to the case, told why (not a bare 403)
    assert ("Vous avez signalé ce contenu : un autre modérateur décidera."
            in scene["moderator"].get(response.location).text)
    assert the_case(sceaux).state == "open"


def test_a_blocked_member_reads_but_neither_comments_nor_publishes(scene, sceaux):
    report(scene["lea"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    page = f"/moderation/cases/{case.id}"
    no_reason = post_form(scene["moderator"], f"/moderation/cases/{case.id}/decide",
                          {"action": "block", "reason": "", "days": "0"}, page=page)
    assert the_case(sceaux).state == "open"  # a block says why
    assert no_reason.status_code == 302
    post_form(scene["moderator"], f"/moderation/cases/{case.id}/decide",
              {"action": "block", "reason": "Insultes répétées.", "days": "0"}, page=page)
    assert the_case(sceaux).state == "blocked"
    paul = scene["paul"]
    pub_page = f"/projects/{scene['pub_id']}-un-jardin"
    assert paul.get(pub_page).status_code == 200
    response = post_form(paul, f"/projects/{scene['pub_id']}/comments",
                         {"body": "Encore moi"}, page=pub_page)
    assert "bloqué votre participation" in paul.get(response.location).text
    published = post_form(paul, "/projects/new", {
        "kind": "idea", "title": "Une idée", "stage": "idea", "publish": "1"})
    assert published.status_code == 422 and "bloqué votre participation" in published.text
    with tenant_scope(sceaux):
        assert db.session.scalars(select(Comment).where(
            Comment.body == "Encore moi")).first() is None


def test_words_to_watch_send_new_content_to_review(scene, sceaux):
    moderator = scene["moderator"]
    bad = post_form(moderator, "/moderation/settings", {"hide_after": "0",
                                                        "watch_words": "arnaque"})
    assert bad.status_code == 422
    post_form(moderator, "/moderation/settings", {"hide_after": "2",
                                                  "watch_words": "Arnaque\ncasino"})
    pub_page = f"/projects/{scene['pub_id']}-un-jardin"
    post_form(scene["paul"], f"/projects/{scene['pub_id']}/comments",
              {"body": "Venez au CASINO ce soir"}, page=pub_page)
    with tenant_scope(sceaux):
        held = db.session.scalars(select(Comment).where(
            Comment.body == "Venez au CASINO ce soir")).one()
        assert held.removed is True
        case = db.session.scalars(select(Case).where(Case.target_id == held.id)).one()
        assert case.held_for_words and case.state == "open"
    response = post_form(scene["paul"], "/projects/new", {
        "kind": "idea", "title": "Une arnaque géniale", "stage": "idea", "publish": "1"})
    assert response.status_code == 302
    with tenant_scope(sceaux):
        publication = db.session.scalars(select(Publication).where(
            Publication.title == "Une arnaque géniale")).one()
        assert publication.status == "draft"
        pub_id = publication.id
    edit = post_form(scene["paul"], f"/projects/{pub_id}/edit", {
        "kind": "idea", "title": "Une arnaque géniale", "stage": "idea", "publish": "1"})
    assert edit.status_code == 422 and "ne peut pas être publiée" in edit.text
    assert "Une arnaque" in moderator.get("/moderation").text


def decide(client, case_id, action, reason="", days="0"):
    return post_form(client, f"/moderation/cases/{case_id}/decide",
                     {"action": action, "reason": reason, "days": days},
                     page=f"/moderation/cases/{case_id}")


def test_a_profile_and_an_organisation_can_be_reported_hidden_and_kept(
        scene, client_for, sceaux):
    from upcampus.organisations.models import Organisation, OrganisationMember

    paul = scene["paul_member"]
    with tenant_scope(sceaux):
        member = db.session.get(Membership, paul.id)
        member.bio, member.visibility = "Achetez mes montres", "public"
        organisation = Organisation(name="Montres & Co", slug="montres", kind="business",
                                    description="Des montres pas chères")
        organisation.members.append(OrganisationMember(membership_id=paul.id, role="admin"))
        db.session.add(organisation)
        db.session.commit()
        org_id = organisation.id
    visitor = client_for(sceaux)
    assert "Achetez mes montres" in visitor.get(f"/members/{paul.id}").text
    assert f"/report/profile/{paul.id}" in scene["lea"].get(f"/members/{paul.id}").text
    assert f"/report/organisation/{org_id}" in scene["lea"].get(
        f"/organisations/{org_id}-montres").text
    report(scene["lea"], "profile", paul.id, reason="spam")
    report(scene["lea"], "organisation", org_id, reason="spam")
    assert report(scene["paul"], "organisation", org_id).status_code == 422  # its own
    with tenant_scope(sceaux):
        cases = {c.kind: c.id for c in db.session.scalars(select(Case))}
    decide(scene["moderator"], cases["profile"], "hide", "Pas de publicité.")
    assert visitor.get(f"/members/{paul.id}").status_code == 404
    decide(scene["moderator"], cases["organisation"], "remove")
    assert "Des montres pas chères" not in visitor.get(f"/organisations/{org_id}-montres").text
    decided = scene["moderator"].get("/moderation?state=decided").text
    assert "Achetez mes montres" in decided and "Rien à examiner" not in decided
    # Kept after an appeal: the profile shows again as it was.
    post_form(scene["paul"], f"/moderation/mine/{cases['profile']}/appeal",
              {"note": "Je suis artisan."}, page="/moderation/mine")
    _, admin = signed_in(client_for, sceaux, "admin@example.org", "admin")
    post_form(admin, f"/moderation/cases/{cases['profile']}/appeal/overturn", {"reason": ""},
              page=f"/moderation/cases/{cases['profile']}")
    assert "Achetez mes montres" in visitor.get(f"/members/{paul.id}").text


def test_bad_decisions_are_refused_with_a_message(scene, sceaux):
    report(scene["lea"], "comment", scene["comment_id"])
    case = the_case(sceaux)
    for data in ({"action": "explode"}, {"action": "block", "reason": "x", "days": "-3"},
                 {"action": "block", "reason": "x", "days": "dix"}):
        response = post_form(scene["moderator"], f"/moderation/cases/{case.id}/decide",
                             data, page=f"/moderation/cases/{case.id}")
        assert response.status_code == 302
        assert "error" in scene["moderator"].get(response.location).text
    assert the_case(sceaux).state == "open"
    decide(scene["moderator"], case.id, "keep")
    assert the_case(sceaux).state == "kept"
    again = decide(scene["moderator"], case.id, "remove")
    assert "déjà été traité" in scene["moderator"].get(again.location).text
    assert comment_row(sceaux, scene["comment_id"]).body == "Vous êtes tous des idiots"
    # Nothing to contest when the content was kept.
    contest = post_form(scene["paul"], f"/moderation/mine/{case.id}/appeal", {"note": "?"},
                        page="/moderation/mine")
    assert "pas de décision à contester" in scene["paul"].get(contest.location).text

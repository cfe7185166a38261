"""Small things: no inline script anywhere (CSP script-src 'self'), unique ids on a page,
titles and Open Graph per page, a favicon per city, share links with no third-party
script, a 404 that points to the national site, cards with a picture."""

import re
from collections import Counter
from html.parser import HTMLParser

from tests.conftest import log_in, post_form
from tests.factories import make_member
from tests.projects.test_projects import PROJECT, code_id, the_publication
from upcampus.core.settings import REPO_ROOT
from upcampus.taxonomy.models import Theme


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.scripts, self.handlers = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "script":
            self.scripts.append(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]


def parsed(html):
    parser = _Ids()
    parser.feed(html)
    return parser


def publish_with_image(client, sceaux):
    from tests.accounts.test_profiles_directory import png
    from tests.conftest import upload

    post_form(client, "/projects/new", {**PROJECT, "themes": [code_id(Theme, "ecology")],
                                        "publish": "1"})
    pub_id, slug, _ = the_publication(sceaux)
    upload(client, f"/projects/{pub_id}/images", f"/projects/{pub_id}/edit",
           {"image": (png(400, 200), "a.png"), "alt": "Le potager"})
    return pub_id, slug


def test_csp_allows_only_our_own_scripts(client_for, sceaux, national):
    for response in (client_for(sceaux).get("/"), client_for(sceaux).get("/projects"),
                     national.get("/")):
        policy = response.headers["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
        assert script_src == ["'self'"]


def test_no_template_holds_an_inline_script_or_handler():
    roots = [REPO_ROOT / "platform", REPO_ROOT / "themes", REPO_ROOT / "tenants"]
    offending = []
    for root in roots:
        for path in root.rglob("*.html"):
            text = path.read_text()
            for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S | re.I):
                if "src=" not in match.group(1) or match.group(2).strip():
                    offending.append(f"{path}: inline <script>")
            if re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.I):
                offending.append(f"{path}: on* attribute")
    assert offending == []


def test_project_page_ids_are_unique_with_news_and_comment_forms(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    post_form(client, "/projects/new", {**PROJECT, "themes": [code_id(Theme, "ecology")],
                                        "publish": "1"})
    pub_id, slug, _ = the_publication(sceaux)
    page = f"/projects/{pub_id}-{slug}"
    post_form(client, f"/projects/{pub_id}/comments", {"body": "Bravo"}, page=page)
    html = client.get(page).text
    assert 'id="news-body"' in html and 'id="comment-body"' in html
    assert 'for="news-body"' in html and 'for="comment-body"' in html
    page_ids = parsed(html)
    assert page_ids.ids and [i for i, n in Counter(page_ids.ids).items() if n > 1] == []
    # One self-hosted script, once, for the Markdown fields (news, comment, replies).
    assert [s.get("src") for s in page_ids.scripts] == ["/static/js/markdown-editor.js"]
    assert page_ids.handlers == []
    # The news still posts under its field's name.
    post_form(client, f"/projects/{pub_id}/updates", {"body": "Premières graines"}, page=page)
    assert "Premières graines" in client.get(page).text


def test_project_page_has_title_and_open_graph_with_absolute_image(client_for, sceaux):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    pub_id, slug = publish_with_image(client, sceaux)
    html = client_for(sceaux).get(f"/projects/{pub_id}-{slug}").text
    head = html.split("</head>")[0]
    assert f"<title>{PROJECT['title'].replace(chr(39), '&#39;')} · {sceaux.name}</title>" in head
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', head))
    assert meta["og:title"].startswith("Un jardin partagé")
    assert meta["og:description"] == "Des planches de potager pour les enfants."
    assert meta["description"] == meta["og:description"] and meta["og:type"] == "article"
    assert re.fullmatch(rf"http://{sceaux.subdomain}\.upcampus\.test/projects/{pub_id}"
                        r"/images/\d+", meta["og:image"])
    assert meta["og:url"] == f"http://{sceaux.subdomain}.upcampus.test/projects/{pub_id}-{slug}"
    assert meta["twitter:card"] == "summary_large_image"
    # Share links: plain addresses, no script of the networks.
    assert 'href="mailto:?subject=' in html and "facebook.com/sharer/sharer.php?u=http" in html
    assert "<script" not in html


def test_every_page_has_its_own_title_and_description(client_for, sceaux, national):
    client = client_for(sceaux)
    titles = {client.get(p).text.split("<title>")[1].split("</title>")[0]
              for p in ("/", "/projects", "/members", "/search")}
    assert len(titles) == 4
    assert '<meta property="og:title" content="UP Campus' in national.get("/").text


def test_favicon_is_the_logo_or_generated_initials(client_for, two_cities, app_context):
    sceaux, bourg = two_cities
    from upcampus.core.db import db

    with_logo = client_for(sceaux).get("/").text
    if sceaux.logo_hash:
        assert f'<link rel="icon" href="/brand/logo?v={sceaux.logo_hash[:12]}">' in with_logo
    bourg.logo = None
    bourg.logo_hash = None
    db.session.commit()  # a changed city row is seen by every process at once
    generated = client_for(bourg).get("/").text
    icon = re.search(r'<link rel="icon" href="([^"]+)">', generated).group(1)
    assert icon.startswith("data:image/svg+xml,")
    assert bourg.branding["primary"].replace("#", "%23") in icon


def test_not_found_links_to_the_national_site(client_for, sceaux):
    response = client_for(sceaux).get("/nothing/here", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert 'href="http://upcampus.test/"' in response.text


def test_cards_show_the_cover_image_or_initials_without_more_queries(
        client_for, sceaux, count_queries):
    make_member(sceaux, email="lea@example.org")
    client = client_for(sceaux)
    log_in(client, "lea@example.org")
    pub_id, slug = publish_with_image(client, sceaux)
    post_form(client, "/projects/new", {**PROJECT, "title": "Sans image", "publish": "1"})
    visitor = client_for(sceaux)
    visitor.get("/projects")  # warm the city cache
    with count_queries() as counter:
        html = visitor.get("/projects").text
    with_image = counter.count
    cards = html.split('<li class="card">')[1:]
    assert len(cards) == 2
    image_card = next(c for c in cards if "Un jardin partagé" in c)
    assert re.search(rf'<img src="/projects/{pub_id}/images/\d+" alt=""', image_card)
    plain_card = next(c for c in cards if "Sans image" in c)
    assert '<span class="placeholder square" aria-hidden="true">SI</span>' in plain_card
    # Holder's initials, themes and counts on every card.
    assert all('class="placeholder tiny"' in c and "soutien" in c for c in cards)
    post_form(client, "/projects/new", {**PROJECT, "title": "Troisième", "publish": "1"})
    with count_queries() as counter:
        visitor.get("/projects")
    assert counter.count == with_image

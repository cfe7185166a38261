"""A live server on loopback and Debian's Chromium driven by Playwright, for the browser
tests. Chromium resolves every *.upcampus.test host to 127.0.0.1, so each city is reached
by its own host name, as people do."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from upcampus.core.settings import REPO_ROOT

from ..conftest import BASE_DOMAIN, require_service

AXE = REPO_ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("UPCAMPUS_SCREENSHOTS_DIR", REPO_ROOT / "screenshots"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage",
                  f"--host-resolver-rules=MAP *.{BASE_DOMAIN} 127.0.0.1, "
                  f"MAP {BASE_DOMAIN} 127.0.0.1"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    found = os.environ.get("UPCAMPUS_CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


class LiveServer:
    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, city_or_host, path: str = "/") -> str:
        host = city_or_host if isinstance(city_or_host, str) else (
            f"{city_or_host.subdomain}.{BASE_DOMAIN}")
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def live_server(app):
    server = LiveServer(app)
    server.thread.start()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = require_service("Chromium (Debian package chromium)", chromium_path())
    require_service("axe-core (npm, tests/browser)", str(AXE) if AXE.exists() else None)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(locale="fr-FR", viewport=DESKTOP, for_axe=False): a page in a fresh
    browser profile, under the site's content security policy unless it is for axe
    (injected as an inline script, which the policy forbids)."""
    contexts = []

    def factory(locale: str = "fr-FR", viewport: dict | None = None, for_axe: bool = False):
        context = browser.new_context(locale=locale, viewport=viewport or DESKTOP,
                                      bypass_csp=for_axe,
                                      extra_http_headers={"Accept-Language": locale})
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Write a full-page screenshot where a person can look at it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.jpg"  # committed: JPEG keeps the folder small
    page.screenshot(path=str(path), full_page=True, type="jpeg", quality=55)
    return path


# Every axe run of the session, recorded for the accessibility statement of each city
# (pages/legal.py reads the file) when UPCAMPUS_RECORD_AXE=1.
AXE_RUNS: list[dict] = []


@pytest.fixture(scope="session", autouse=True)
def record_axe_results():
    yield
    if os.environ.get("UPCAMPUS_RECORD_AXE") != "1" or not AXE_RUNS:
        return
    import json
    from datetime import date

    from upcampus.pages.legal import AXE_RESULTS

    counts = {impact: sum(run[impact] for run in AXE_RUNS)
              for impact in ("critical", "serious", "moderate", "minor")}
    AXE_RESULTS.write_text(json.dumps({
        "date": date.today().isoformat(), "tool": f"axe-core {AXE_RUNS[0]['version']}",
        "rules": "WCAG 2.1 A and AA", "pages": sorted({run["page"] for run in AXE_RUNS}),
        **counts}, indent=1) + "\n", encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Serious and critical accessibility violations (WCAG 2.1 A and AA rules)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    from urllib.parse import urlsplit

    parts = urlsplit(page.url)
    if (parts.hostname or "").endswith(BASE_DOMAIN):  # the site's pages, no test fixture
        AXE_RUNS.append({"page": f"{parts.hostname.split('.')[0]}{parts.path}",
                         "version": result.get("testEngine", {}).get("version", "?"),
                         **{impact: sum(1 for v in result["violations"]
                                        if v["impact"] == impact)
                            for impact in ("critical", "serious", "moderate", "minor")}})
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"][:3]]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def publish_through_the_flow(page) -> None:
    """From the filled first step of /projects/new: save, pass the image and needs steps,
    and publish from the preview."""
    import re

    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_url(re.compile(r"/publish/image$"))
    page.get_by_role("link", name="Continuer", exact=True).click()
    page.wait_for_url(re.compile(r"/publish/needs$"))
    page.get_by_role("link", name="Continuer", exact=True).click()
    page.wait_for_url(re.compile(r"/publish/preview$"))
    page.get_by_role("button", name="Publier", exact=True).click()

"""Browser tests: Debian's Chromium driven by Playwright for Python, axe-core from npm.

They skip with a clear reason when Chromium or ``node_modules/axe-core`` is missing
(``apt-get install -y chromium`` and ``npm ci`` install them; ``.ci/run`` does both).
Never ``playwright install``: it downloads a browser of its own.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# such a thread unless told that this is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


# Module scope, not session: Playwright's sync API allows one running instance per thread, and
# other test modules (e.g. tests/submissions/) start their own.
@pytest.fixture(scope="module")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Chromium fehlt (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright fehlt")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_PATH.is_file():
        pytest.skip("axe-core fehlt (npm ci im Projektordner)")
    return str(AXE_PATH)


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Every browser test also checks the Content-Security-Policy: no page, the admin included
    # (its templates, Select2, import and export), may need more.
    violations = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.csp_violations = violations  # axe_violations drops the reports axe-core's checks cause
    yield page
    context.close()
    assert not violations, violations

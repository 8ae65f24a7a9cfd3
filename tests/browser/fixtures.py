"""End-to-end tests in Debian's chromium against pytest-django's live server.

Run with `.venv/bin/python -m pytest -m browser tests/browser -q`. Playwright never
downloads a browser here: it drives /usr/bin/chromium (apt-get install -y chromium).
"""

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from schakel.accounts.models import User
from tests.browser.helpers import restore_reference_lists, sign_in

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in
# a thread with an event loop unless told that it is safe, which it is in these tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} ontbreekt: installeer het met `apt-get install -y chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    # Whatever ran before flushed the database: every page starts with the reference lists.
    restore_reference_lists()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def signed_in_page(page: Page) -> Callable[[User], Page]:
    """signed_in_page(user): the page, after signing the user in through the real login."""

    def _sign_in(user: User) -> Page:
        sign_in(page, user)
        return page

    return _sign_in

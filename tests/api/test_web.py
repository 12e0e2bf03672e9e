"""The web page in a real headless Chromium: type, translate, see the translation and the heatmap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright import sync_api

from api.app import create_app
from tests.api.serving import serve
from tests.api.tiny_models import write_tiny_model

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which(CHROMIUM), reason="needs Debian's chromium (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: $SCREENSHOT_DIR when set (e.g. docs/), else a temporary folder."""
    return Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page(viewport={"width": 1200, "height": 900})
        browser.close()


def test_translate_in_the_page_shows_translation_alternatives_and_heatmap(page, live_server, screenshots):
    page.goto(live_server)
    sync_api.expect(page.locator("#pair option")).to_have_count(2)
    page.select_option("#pair", "en|es")
    page.fill(
        "#text", "In the beginning God created the heaven and the earth. And the earth was without form."
    )
    page.click("#translate")

    sync_api.expect(page.locator("#result")).to_be_visible()
    assert page.locator("#translation").inner_text().strip()
    sync_api.expect(page.locator("#sentences li")).to_have_count(2)
    alternatives = page.locator("#alternatives tbody tr")
    sync_api.expect(alternatives.first).to_be_visible()
    assert 1 <= alternatives.count() <= 3  # n_best 3; hypotheses the repairs make one text come once
    heatmap = page.locator("#heatmap")
    source_tokens = heatmap.locator("thead th").all_inner_texts()[1:]
    assert source_tokens[-1] == "</s>"
    rows = heatmap.locator("tbody tr")
    assert rows.count() > 1
    assert rows.first.locator("td").count() == len(source_tokens)
    shades = {cell.get_attribute("style") for cell in rows.first.locator("td").all()}
    assert len(shades) > 1 and all("background" in shade for shade in shades)

    page.locator("#sentences li").nth(1).click()
    sync_api.expect(page.locator("#sentences li").nth(1)).to_have_class("selected")
    page.screenshot(path=str(screenshots / "screenshot-web.png"), full_page=True)
    assert (screenshots / "screenshot-web.png").stat().st_size > 10_000


def test_greedy_switch_gives_one_alternative(page, live_server):
    page.goto(live_server)
    sync_api.expect(page.locator("#pair option")).to_have_count(2)
    page.fill("#text", "the lord")
    page.check("input[name=decode][value=greedy]")
    page.click("#translate")
    sync_api.expect(page.locator("#alternatives tbody tr")).to_have_count(1)
    sync_api.expect(page.locator("#status")).to_contain_text("Translated")


def test_server_error_message_is_shown(page, live_server):
    page.goto(live_server)
    sync_api.expect(page.locator("#pair option")).to_have_count(2)
    page.fill("#text", "a" * 5001)
    page.click("#translate")
    sync_api.expect(page.locator("#status")).to_contain_text("at most 5000 are allowed")


def test_docs_page_renders_without_the_network(page, live_server, screenshots):
    """/docs serves Swagger UI's script itself, so it works on a machine with no internet."""
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server}/docs")
    operations = page.locator(".opblock-summary-path")
    sync_api.expect(operations.first).to_be_visible(timeout=15000)
    paths = set(operations.all_inner_texts())
    assert {"/v1/translate", "/v1/models", "/libre/translate", "/libre/detect", "/health"} <= paths
    page.locator(".opblock-summary-path", has_text="/v1/translate").click()
    sync_api.expect(page.locator(".examples-select")).to_be_visible()
    assert not failed
    page.screenshot(path=str(screenshots / "screenshot-docs.png"))


def test_the_controls_start_from_the_selected_models_settings(page, make_settings, tmp_path):
    write_tiny_model(tmp_path / "en-es", "en", "es", 1, {}, decoding={"beam_size": 3, "alpha": 0.5})
    write_tiny_model(tmp_path / "es-en", "es", "en", 2, {}, decoding={"decode": "greedy", "alpha": 0.25})
    with serve(create_app(make_settings(models_dir=tmp_path))) as url:
        page.goto(url)
        sync_api.expect(page.locator("#pair option")).to_have_count(2)
        page.select_option("#pair", "en|es")
        sync_api.expect(page.locator("#beam-size")).to_have_value("3")
        sync_api.expect(page.locator("#alpha")).to_have_value("0.5")
        sync_api.expect(page.locator("input[name=decode][value=beam]")).to_be_checked()
        page.select_option("#pair", "es|en")
        sync_api.expect(page.locator("#alpha")).to_have_value("0.25")
        sync_api.expect(page.locator("#alpha-value")).to_have_text("0.25")
        sync_api.expect(page.locator("input[name=decode][value=greedy]")).to_be_checked()

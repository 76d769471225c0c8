"""A person in a browser: the query page runs an example, a resource page reads well.

Headless Chromium from Debian, driven by Selenium through Debian's chromedriver.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from endpoint_support import DATA

from endpoint.server import BackgroundServer
from endpoint.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() or not CHROMEDRIVER.exists(),
        reason="needs Debian's chromium and chromium-driver packages "
        "(apt-get install chromium chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def browser_server(
    store_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BackgroundServer]:
    settings = Settings(
        store=store_dir, examples=DATA / "queries", dump_cache=tmp_path_factory.mktemp("dumps")
    )
    with BackgroundServer(settings) as server:
        yield server


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_query_page_runs_an_example(driver: object, browser_server: BackgroundServer) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    d = driver
    d.get(browser_server.url + "/sparql")  # type: ignore[attr-defined]
    wait = WebDriverWait(d, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    button = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "button.example")))
    assert button.text == "Agencies and their labels"
    button.click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".yasr"), "Polizei Sachsen"))
    results = d.find_element(By.CSS_SELECTOR, ".yasr").text  # type: ignore[attr-defined]
    assert "polizei-sachsen" in results
    assert "<script>alert('x')</script> Amt" in results  # shown as text, not run
    severe = [
        e
        for e in d.get_log("browser")  # type: ignore[attr-defined]
        if e["level"] == "SEVERE" and "favicon" not in e["message"]
    ]
    assert not severe, severe


def test_resource_page_reads_well(driver: object, browser_server: BackgroundServer) -> None:
    from selenium.webdriver.common.by import By

    d = driver
    d.get(browser_server.url + "/id/agency/polizei-sachsen")  # type: ignore[attr-defined]
    assert d.find_element(By.TAG_NAME, "h1").text == "Polizei Sachsen"  # type: ignore[attr-defined]
    body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "Die Polizei Sachsen ist seit Februar auf Mastodon aktiv." in body
    assert "Found in 2 articles" in body
    link = d.find_element(By.LINK_TEXT, "Dresden")  # type: ignore[attr-defined]
    link.click()
    assert d.current_url == browser_server.url + "/id/region/dresden"  # type: ignore[attr-defined]
    d.get(browser_server.url + "/id/agency/evil")  # type: ignore[attr-defined]
    assert d.find_element(By.TAG_NAME, "h1").text == "<script>alert('x')</script> Amt"  # type: ignore[attr-defined]

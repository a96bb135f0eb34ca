"""The web UI in a real browser: Debian's chromium driven by Playwright over ``sitreps serve`` (uvicorn on a free
loopback port) on a store of made-up articles, one of them a spun rewrite. The page loads, the map shows the
incidents, filters and the timeline's brush narrow them, clicking an incident shows its claims with the evidence
words in a <mark> and the spun badge; no console error and no request off the machine.

Set SITREPS_UI_SCREENSHOTS to a folder to keep the screenshots (docs/ui/ holds the committed ones)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from query_store import ARTICLES, Store, build_store
from servers import serving

from sitreps.model import Article

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

# A content-farm rewrite with a country's official name where a wire writes the short one (a spun page).
SPUN = Article(text="The security forces of the Republic of Kenya fired tear gas at protesters in the Republic of "
                    "Kenya's capital Nairobi on Thursday and arrested 12 people, the Kenya Police Service said.",
               url="https://farm.example.info/kenya", title="Republic of Kenya protest", published=date(2021, 6, 4),
               outlet="Content Farm")
# One killing told with two figures (a disputed incident); the second title carries markup that must stay text.
MARKUP = '<img src=x onerror="document.title=1"> Gao killings'
DISPUTED = (
    Article(text="Government troops killed 12 civilians in Gao on Monday, a local official said.",
            url="https://wire.example.org/gao", title="Civilians killed in Gao", published=date(2022, 2, 8),
            outlet="Made-up Wire"),
    Article(text="Government troops killed 30 civilians in Gao on Monday, residents told reporters.",
            url="https://paper.example.com/gao", title=MARKUP, published=date(2022, 2, 8), outlet="Second Paper"),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("webui"), articles=(*ARTICLES, SPUN, *DISPUTED))


@pytest.fixture(scope="module")
def base(store: Store) -> Iterator[str]:
    with serving(store.path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"])
        yield chromium
        chromium.close()


def placed(incidents: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    return [i for i in incidents if i.get("location") and i["location"].get("lat") is not None]


def shown(page: Any) -> int:
    return int(page.get_attribute("#map", "data-shown"))


def apply(page: Any, **fields: str) -> None:
    """Fill the filter form and submit it; wait until the map has redrawn."""
    page.evaluate("document.getElementById('map').removeAttribute('data-shown')")
    for name, value in fields.items():
        field = page.locator(f"#filters [name={name}]")
        if field.evaluate("node => node.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#map[data-shown]", state="attached")


def shoot(page: Any, name: str, tmp: Path) -> None:
    folder = Path(os.environ.get("SITREPS_UI_SCREENSHOTS") or tmp)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name))


def test_page_in_chromium(base: str, store: Store, browser: Any, tmp_path: Path) -> None:
    errors: list[str] = []
    remote: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 760})
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: None if urlsplit(r.url).hostname in ("127.0.0.1", None)
            or r.url.startswith("data:") else remote.append(r.url))

    response = page.goto(f"{base}/")
    assert response is not None and response.ok
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#map[data-shown]", state="attached")
    page.wait_for_selector("path.country", state="attached")  # the outlines drew
    everywhere = placed(store.incidents)
    assert shown(page) == len(everywhere) > 2
    markers = page.locator("path.incident").count() + page.locator("path.cluster").count()
    assert 0 < markers <= len(everywhere)
    assert page.locator("#histogram rect.bar").count() > 1

    # A filter narrows the map: Kenya's incidents only.
    apply(page, country="Kenya")
    kenyan = [i for i in everywhere if i["location"]["country"] == "KEN"]
    assert 0 < shown(page) == len(kenyan) < len(everywhere)

    # Words of the spun page's evidence: its incidents; a click shows the claims and the evidence marked.
    apply(page, q="Republic of Kenya")
    told = [i for i in everywhere if any("republic of kenya" in c["evidence"]["text"].lower() for c in i["claims"])]
    assert 0 < shown(page) == len(told)
    incident = told[0]
    page.locator(f'path.incident[data-id="{incident["id"]}"]').click()
    page.wait_for_selector(f'#panel[data-incident="{incident["id"]}"] .claim blockquote mark')
    assert page.locator("#panel .claim").count() == len(incident["claims"]) + len(incident["aggregate_claims"])
    marks = page.locator("#panel .claim blockquote mark").all_inner_texts()
    assert {c["evidence"]["text"] for c in incident["claims"]} <= set(marks)
    badge = page.locator("#panel .badge.spun").first.inner_text()
    assert "Republic of Kenya" in badge and "Kenya" in badge
    shoot(page, "spun.png", tmp_path)

    # Disputed incidents only: among them the Gao killing, its figures marked disputed, a ring out to the high figure, both
    # claims side by side, and the title with markup shown as text (no element made from it).
    apply(page, country="", q="", disputed="true")
    disputed = [i for i in everywhere if any(q.get("disputed") for q in i["quantities"].values())]
    assert 0 < shown(page) == len(disputed) < len(everywhere)
    assert page.locator("path.range-ring").count() >= 1
    gao = next(i for i in disputed if i["quantities"].get("killed", {}).get("disputed"))
    page.locator(f'path.incident[data-id="{gao["id"]}"]').click()
    page.wait_for_selector(f'#panel[data-incident="{gao["id"]}"] .claim blockquote mark')
    assert page.locator("#panel .incident-head .disputed").count() >= 1
    assert page.locator("#panel .claim .disputed").count() == len(gao["claims"]) >= 2
    assert MARKUP in page.locator("#panel").inner_text()
    assert page.locator("#panel img").count() == 0 and page.title() != "1"
    shoot(page, "disputed.png", tmp_path)

    # Cleared, then the timeline's brush: dragging over its first half keeps the incidents that meet the range.
    page.click("#filters button[type=reset]")
    page.wait_for_selector(f'#map[data-shown="{len(everywhere)}"]', state="attached")
    page.wait_for_selector("#panel > p.hint")
    assert page.locator("#panel .claim").count() == 0
    box = page.locator("#histogram").bounding_box()
    page.mouse.move(box["x"] + 32, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 40, steps=5)
    page.mouse.up()
    since = page.input_value("#filters [name=since]")
    until = page.input_value("#filters [name=until]")
    assert since and until and since <= until
    meet = [i for i in everywhere if i.get("date") and i["date"]["start"] <= until and i["date"]["end"] >= since]
    assert shown(page) == len(meet) < len(everywhere)
    shoot(page, "brushed.png", tmp_path)

    context.close()
    assert not errors, errors
    assert not remote, remote


TOKEN = "a-long-made-up-token-for-the-browser"


def test_review_in_chromium(store: Store, browser: Any, tmp_path: Path) -> None:
    """An analyst corrects a claim's figure in the panel of a server that takes corrections: the incident shows
    the corrected view (no longer disputed), and the machine's stays as it was."""
    import shutil

    import httpx

    db = tmp_path / "review.duckdb"
    shutil.copy(store.path, db)
    gao = next(i for i in store.incidents if i["quantities"].get("killed", {}).get("disputed"))
    high = max(gao["claims"], key=lambda c: c["quantities"]["killed"]["best"])
    low = min(c["quantities"]["killed"]["best"] for c in gao["claims"])
    errors: list[str] = []
    with serving(db, token=TOKEN) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 960})
        page = context.new_page()
        page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.goto(f"{url}/#incident={gao['id']}")
        page.wait_for_selector(f'#panel[data-incident="{gao["id"]}"] form.review')
        assert page.locator("#panel .incident-head .disputed").count() >= 1
        page.fill("#panel form.review [name=token]", TOKEN)
        page.fill("#panel form.review [name=who]", "ana")
        card = page.locator(f'#panel .claim[data-article="{high["article_id"]}"]')
        card.locator("select[name=field]").select_option("figure")
        card.locator("input[name=value]").fill(f"killed {low}")
        card.locator("input[name=why]").fill("the official list")
        card.locator("form.correct button").click()
        page.wait_for_selector("#panel .claim .badge.review-corrected")
        assert "Saved correction" in page.locator("#panel .review-note").inner_text()
        head = page.locator("#panel .incident-head").inner_text()
        assert f"killed {low}" in head and "disputed" not in head
        assert page.locator("#panel form.review [name=token]").input_value() == TOKEN  # kept in memory
        page.wait_for_selector("#panel ul.corrections[data-loaded='1'] li button.retract")
        assert "the official list" in page.locator("#panel ul.corrections li").inner_text()
        shoot(page, "review.png", tmp_path)
        machine = httpx.get(f"{url}/incidents", params={"view": "machine", "limit": 1000}).json()["items"]
        assert next(i for i in machine if i["id"] == gao["id"])["quantities"]["killed"]["disputed"] is True
        stored = httpx.get(f"{url}/corrections").json()["items"]
        assert [(c["who"], c["field"], c["why"]) for c in stored] == [("ana", "figure", "the official list")]

        # Retracted: the machine's figures again, both corrections on record.
        page.click("#panel ul.corrections li button.retract")
        page.wait_for_selector("#panel ul.corrections li.retracted")
        assert page.locator("#panel .incident-head .disputed").count() >= 1
        assert page.locator("#panel .claim .badge.review-corrected").count() == 0
        assert [c["action"] for c in httpx.get(f"{url}/corrections").json()["items"]] == ["retract", "correct"]
        context.close()
    assert not errors, errors


def test_no_review_buttons_on_a_read_only_server(base: str, store: Store, browser: Any) -> None:
    incident = store.incidents[0]
    context = browser.new_context(viewport={"width": 1280, "height": 760})
    page = context.new_page()
    page.goto(f"{base}/#incident={incident['id']}")
    page.wait_for_selector(f'#panel[data-incident="{incident["id"]}"] .claim blockquote')
    assert page.locator("#panel form.review").count() == 0 and page.locator("#panel .review-actions").count() == 0
    context.close()

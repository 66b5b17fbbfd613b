"""The Streamlit app in a real browser: ``apkg app`` serves the corpus knowledge base on 127.0.0.1,
Playwright drives Debian's Chromium (headless), and every page is screenshotted into
``tests/.artifacts/``. The knowledge base is the session's ``corpus_kb``; set ``APKG_TEST_KB`` to an
already built one to skip that build while working on the app."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from apkg.ontology.catalogue import catalogue, tool_rows

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / ".artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
PAGES = {  # URL path -> heading, and what shows the page has finished; Search is the default page, at /
    "": ("Search the literature", "text=Type a question"),
    "taxonomy": ("Tool taxonomy", "h3:has-text('Examples from the corpus')"),
    "risk-factors": ("Risk factors", "h3:has-text('Passages that discuss it')"),
    "evidence": ("Evidence map", "[data-testid='stVegaLiteChart'] .marks"),
    "graph": ("Graph explorer", "[data-testid='stVegaLiteChart'] .marks"),
    "trends": ("Trends", "[data-testid='stVegaLiteChart'] .marks"),
    "sparql": ("SPARQL", "#sparql-count"),
    "documents": ("Documents", "h3:has-text('Actors and places')"),
}
QUERY = "which tools help dissuade perpetrators?"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def apkg_command() -> list[str]:
    """The installed ``apkg`` console script beside this Python, else the module."""
    script = Path(sys.executable).with_name("apkg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "apkg.app.cli"]


def start_app(kb: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Run ``apkg app --kb KB --port N`` and wait until Streamlit's health check answers."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [*apkg_command(), "app", "--kb", str(kb), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"apkg app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise AssertionError(f"apkg app did not answer within 60 s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def served_kb(request) -> Path:
    """The knowledge base the app serves: ``APKG_TEST_KB``, else the session's corpus build."""
    if os.environ.get("APKG_TEST_KB"):
        return Path(os.environ["APKG_TEST_KB"])
    return request.getfixturevalue("corpus_kb")[0]


@pytest.fixture(scope="module")
def app_url(served_kb) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    process, url = start_app(served_kb, ARTIFACTS / "app.log")
    yield url
    stop(process)


@pytest.fixture(scope="module")
def browser_context():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="apkg-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, accept_downloads=True,
        )  # fmt: skip
        context.set_default_timeout(90_000)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


def open_page(page, url: str, heading: str):
    """Load ``url`` and wait until Streamlit has rendered ``heading`` and finished running."""
    page.goto(url)
    page.get_by_role("heading", name=heading, exact=True).first.wait_for()
    settle(page)
    return page


def settle(page) -> None:
    """Wait until the script run is over (Streamlit's running indicator gone)."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=90_000)


def wait_fresh(page) -> None:
    """Wait until no element of the page is left over from the run before (Streamlit marks those
    ``data-stale``): after a rerun has started, its elements are all drawn."""
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def assert_no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.get_by_text("Page not found").count() == 0


def passage_ids(page) -> list[str]:
    """The passage ids of the results, in order (each hit's caption starts with it)."""
    texts = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer'] code").all_inner_texts()
    return [t for t in texts if re.fullmatch(r"[\w.-]+/p\d+", t)]


def wait_results(page, fragment: str) -> None:
    """Wait until the hits shown answer the search whose URL parameters contain ``fragment``."""
    page.locator(f"#results-end[data-request*='{fragment}']").wait_for()
    settle(page)


def result_count(page) -> int:
    return int(page.locator("#result-count").inner_text().split()[0])


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_without_an_exception(app_url, page, path):
    heading, ready = PAGES[path]
    open_page(page, f"{app_url}/{path}", heading)
    page.locator(ready).first.wait_for()
    page.wait_for_timeout(500)
    assert_no_exception(page)
    shot(page, f"page-{path or 'search'}")


def test_search_returns_cited_results_and_a_facet_changes_them(app_url, page):
    from urllib.parse import quote_plus

    open_page(page, f"{app_url}/?q={quote_plus(QUERY)}", "Search the literature")
    wait_results(page, "q=which")
    assert result_count(page) == 10
    before = passage_ids(page)
    assert len(before) == 10
    first = page.locator("[data-testid='stLayoutWrapper']").filter(has_text=before[0]).last
    citation = first.inner_text()
    assert re.search(r"\d{4}", citation), citation  # a date
    assert first.locator("a[href^='http']").count() >= 1  # the source link
    assert page.locator("mark").count() > 0  # highlighted words
    assert_no_exception(page)
    shot(page, "search-results")

    page.get_by_test_id("stSelectbox").filter(has_text="Sphere").click()
    page.get_by_role("option", name="Recovery", exact=True).click()
    wait_results(page, "sphere=Recovery")
    after = passage_ids(page)
    assert "sphere=Recovery" in page.url  # the facet is in the shareable address
    assert after and after != before
    assert_no_exception(page)
    shot(page, "search-facet")

    # the address reproduces the filtered search in a fresh page
    shared = page.context.new_page()
    open_page(shared, page.url, "Search the literature")
    wait_results(shared, "sphere=Recovery")
    assert passage_ids(shared) == after
    shared.close()


def test_search_exports_download(app_url, page):
    from urllib.parse import quote_plus

    open_page(page, f"{app_url}/?q={quote_plus('early warning')}&k=5", "Search the literature")
    wait_results(page, "k=5")
    ids = passage_ids(page)
    contents = {}
    for label in ("CSV", "BibTeX", "RIS"):
        with page.expect_download() as info:
            page.get_by_role("button", name=f"Download {label}").click()
        contents[label] = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(contents["CSV"])))
    assert rows[0][:3] == ["rank", "passage_id", "title"]
    assert [row[1] for row in rows[1:]] == ids
    assert contents["BibTeX"].startswith("@") and contents["BibTeX"].count("\n@") == len(ids) - 1
    assert contents["RIS"].startswith("TY  - ") and contents["RIS"].count("ER  - ") == len(ids)


def test_more_like_this_finds_other_passages(app_url, page):
    from urllib.parse import quote_plus

    open_page(page, f"{app_url}/?q={quote_plus('truth commissions')}&k=5", "Search the literature")
    wait_results(page, "k=5")
    source = passage_ids(page)[0]
    page.get_by_role("button", name="More like this").first.click()
    wait_results(page, "like=")
    assert f"like={quote_plus(source)}" in page.url or "like=" in page.url
    assert source not in passage_ids(page) and passage_ids(page)


def test_taxonomy_shows_the_three_spheres_with_their_tools(app_url, page):
    open_page(page, f"{app_url}/taxonomy", "Tool taxonomy")
    page.locator(PAGES["taxonomy"][1]).wait_for()
    for sphere, tool in (
        ("Prevention", "Early warning"),
        ("Response", "Targeted sanctions"),
        ("Recovery", "Reparations"),
    ):
        heading = page.get_by_role("heading", name=re.compile(rf"^{sphere} \(\d+\)$"))
        heading.wait_for()
        assert heading.count() == 1
        count = int(re.search(r"\((\d+)\)", heading.inner_text()).group(1))
        assert count > 10
        column = page.locator("[data-testid='stColumn']").filter(has=heading)
        column.get_by_role("button").filter(has_text=re.compile(rf"^\s*{tool}$")).first.wait_for()
    page.get_by_role("heading", name="Mediation", exact=True).wait_for()
    assert page.get_by_role("heading", name="Examples from the corpus").count() == 1
    assert page.locator("mark").count() > 0  # the tool named in its examples
    with page.expect_download() as info:
        page.get_by_role("button", name="Download PDF").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF-")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Markdown").click()
    assert Path(info.value.path()).read_text(encoding="utf-8").startswith("# Mediation\n")
    assert_no_exception(page)
    shot(page, "taxonomy")


def test_sparql_query_renders_a_table(app_url, page):
    open_page(page, f"{app_url}/sparql", "SPARQL")
    page.locator("#sparql-count").wait_for()  # the first example's answer (its workers start first)
    assert "http://127.0.0.1:7878/sparql" in page.get_by_test_id("stCode").first.inner_text()
    query = (
        "PREFIX apkg: <https://w3id.org/apkg/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?tool ?label WHERE { ?tool a apkg:Tool ; skos:prefLabel ?label } ORDER BY ?label LIMIT 7"
    )
    editor = page.get_by_label("Query")
    editor.fill(query)
    editor.press("Control+Enter")
    page.get_by_text(re.compile(r"^7 row\(s\)")).wait_for()
    settle(page)
    wait_fresh(page)
    table = page.get_by_test_id("stDataFrame")
    assert table.count() == 1 and table.is_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "tool,label" and len(lines) == 8
    assert_no_exception(page)
    shot(page, "sparql")


def test_a_click_on_the_evidence_map_lists_that_cells_passages(app_url, page):
    open_page(page, f"{app_url}/evidence", "Evidence map")
    heading = page.get_by_role("heading", level=3).filter(has_text=" × ").first
    before = heading.inner_text()
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator(".marks").first.wait_for()  # Vega draws after the page has run
    page.wait_for_timeout(500)
    box = chart.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.62, box["y"] + 95)  # a cell of the third tool row
    page.wait_for_function(
        "([old]) => [...document.querySelectorAll('h3')]"
        ".some(h => h.offsetParent !== null && h.innerText.includes(' × ') && h.innerText !== old)",
        arg=[before],
    )
    settle(page)
    after = heading.inner_text()
    assert after != before and int(re.search(r": (\d+) passage", after).group(1)) > 0
    assert page.locator("mark").count() > 0  # the tool and the crime marked in the passages
    assert_no_exception(page)
    shot(page, "evidence-click")


def test_path_finder_shows_the_passages_behind_each_step(app_url, page):
    open_page(page, f"{app_url}/graph", "Graph explorer")
    steps = page.get_by_test_id("stExpander")
    steps.first.wait_for()  # the path is found after the network is drawn
    steps.first.get_by_test_id("stCaptionContainer").first.wait_for()
    assert re.search(r"\(\d+ passage\(s\)\)", steps.first.inner_text())
    steps.first.locator("mark").first.wait_for()  # the two ends of the step marked in its passages
    assert_no_exception(page)


def first_hit(page):
    """The bordered box of the first search hit."""
    return page.locator("[data-testid='stLayoutWrapper']").filter(has=page.locator(".apkg-passage")).first


def test_a_hit_shows_its_whole_passage_and_why_it_matched(app_url, page):
    from urllib.parse import quote_plus

    open_page(page, f"{app_url}/?q={quote_plus(QUERY)}", "Search the literature")
    wait_results(page, "q=which")
    passages = page.locator(".apkg-passage")
    assert passages.count() == 10
    for i in range(passages.count()):  # nothing cut: each box as tall as its text, no markup showing
        box = passages.nth(i)
        assert box.evaluate(
            "e => e.scrollHeight <= e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'auto'"
        )
        assert "**" not in box.inner_text()
    caption = first_hit(page).get_by_test_id("stCaptionContainer").first.inner_text()
    assert "matched: " in caption and "#" not in caption  # plain words, no ranking jargon
    assert re.search(r"holds “\w+”|close in meaning", caption), caption

    page.get_by_role("button", name=re.compile("Sentences before and after")).first.click()
    context = page.locator(".apkg-context")
    context.first.wait_for()
    assert context.count() == 2 and all(text.strip() for text in context.all_inner_texts())
    shot(page, "search-context")
    assert_no_exception(page)


def test_a_hit_opens_the_reader_at_its_passage(app_url, page):
    from urllib.parse import quote_plus

    open_page(
        page,
        f"{app_url}/?q={quote_plus('referral to the International Criminal Court')}&k=5",
        "Search the literature",
    )
    wait_results(page, "k=5")
    passage_id = passage_ids(page)[2]
    hit = (
        page.locator("[data-testid='stLayoutWrapper']")
        .filter(has=page.locator(".apkg-passage"))
        .filter(has_text=passage_id)
        .last
    )
    hit.get_by_role("link", name=re.compile("Open in the document")).click()
    assert_reader_at(page, passage_id)
    shot(page, "reader")
    assert_no_exception(page)


def assert_reader_at(page, passage_id: str) -> None:
    """The documents page has opened the reader at ``passage_id``, marked and scrolled to."""
    from urllib.parse import quote_plus

    page.get_by_role("heading", name="Read", exact=True).wait_for()
    settle(page)
    assert f"passage={quote_plus(passage_id)}" in page.url
    index = int(passage_id.rpartition("/p")[2])
    assert page.get_by_text(re.compile(rf"^Opened at passage {index + 1} of \d+")).count() == 1
    reader = page.frame_locator("[data-testid='stMain'] iframe").first
    target = reader.locator("section.target")
    target.wait_for()
    assert target.get_attribute("id") == passage_id
    # the frame has scrolled to it: its top is inside the frame's window
    top = target.evaluate("e => e.getBoundingClientRect().top")
    height = target.evaluate("e => window.innerHeight")
    assert 0 <= top < height / 2


def test_the_taxonomy_tree_and_table_open_a_tool(app_url, page):
    open_page(page, f"{app_url}/taxonomy", "Tool taxonomy")
    page.locator(PAGES["taxonomy"][1]).wait_for()
    page.get_by_role("button", name=re.compile(r"^\s*Arms embargo$")).first.click()
    page.get_by_role("heading", name="Arms embargo", exact=True).wait_for()
    settle(page)
    assert "tool=ArmsEmbargo" in page.url or "tool=" in page.url
    page.get_by_role("tab", name="Search the tools").click()
    search = page.get_by_label("Filter tools")
    search.fill("jamming")
    search.press("Enter")  # a filter that leaves out the chosen tool chooses the first it keeps
    page.get_by_role("heading", name="Jamming of hate radio", exact=True).wait_for()
    search.fill("commission")
    search.press("Enter")
    kept = [row["tool"] for row in tool_rows(catalogue().tools, "commission")]
    page.get_by_role("heading", name=kept[0], exact=True).wait_for()
    settle(page)
    table = page.get_by_test_id("stDataFrame").bounding_box()
    page.mouse.click(table["x"] + 12, table["y"] + 35 * 3 + 17)  # the row selector of the third row
    page.get_by_role("heading", name=kept[2], exact=True).wait_for()  # a row picked opens its tool
    settle(page)
    assert_no_exception(page)
    shot(page, "taxonomy-table")


def test_a_risk_factors_tool_opens_in_the_taxonomy(app_url, page):
    open_page(page, f"{app_url}/risk-factors", "Risk factors")
    page.locator(PAGES["risk-factors"][1]).wait_for()
    settle(page)
    tools = page.locator("[data-testid='stPageLink']")
    name = tools.first.inner_text().strip().splitlines()[-1]  # after the page's icon
    tools.first.click()
    page.get_by_role("heading", name="Tool taxonomy", exact=True).wait_for()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    settle(page)
    assert "tool=" in page.url
    assert_no_exception(page)


def test_the_evidence_map_pages_through_all_its_passages(app_url, page):
    open_page(page, f"{app_url}/evidence", "Evidence map")
    heading = page.get_by_role("heading", level=3).filter(has_text=" × ").first
    total = int(re.search(r": (\d+) passage", heading.inner_text()).group(1))
    assert total > 10  # the first cell is the most evidenced
    tab = page.get_by_role("tabpanel").first  # the map of tools and crimes
    tab.get_by_text(re.compile(r"1–10 shown")).wait_for()  # the cell's list renders after the heading
    assert tab.get_by_text(re.compile(r"1–10 shown")).count() == 1
    pages = tab.get_by_label(re.compile(r"^Page \(of \d+\)"))
    pages.fill("2")
    pages.press("Enter")
    tab.get_by_text(re.compile(r"11–\d+ shown")).wait_for()
    settle(page)
    assert_no_exception(page)


def test_select_all_no_good_match_and_backward_years(app_url, page):
    from urllib.parse import quote_plus

    open_page(page, f"{app_url}/?q={quote_plus('early warning')}&k=5", "Search the literature")
    wait_results(page, "k=5")
    page.get_by_role("button", name="Select none").click()
    page.get_by_text("Export 0 of 5 passages").wait_for()
    page.get_by_role("button", name="Select all").click()
    page.get_by_text("Export 5 of 5 passages").wait_for()

    open_page(page, f"{app_url}/?q={quote_plus('zxqv blorptang frumious')}", "Search the literature")
    wait_results(page, "q=zxqv")
    assert page.get_by_text("No passage matches this query well").count() == 1

    open_page(page, f"{app_url}/?q={quote_plus('genocide')}&from=2020&to=2000", "Search the literature")
    wait_results(page, "q=genocide")
    assert page.get_by_text(re.compile("The years run backwards")).count() == 1
    assert result_count(page) > 0
    assert_no_exception(page)


@pytest.mark.parametrize("path", ["evidence", ""])
def test_nothing_is_cut_off_at_800_pixels(app_url, browser_context, path):
    narrow = browser_context.new_page()
    narrow.set_viewport_size({"width": 800, "height": 900})
    try:
        heading, ready = PAGES[path]
        url = f"{app_url}/{path}" if path else f"{app_url}/?q=early+warning&k=3"
        open_page(narrow, url, heading)
        narrow.locator(ready if path else "#results-end").first.wait_for()
        settle(narrow)
        sidebar = narrow.get_by_test_id("stSidebar").bounding_box()
        assert sidebar["width"] <= 200
        main = narrow.get_by_test_id("stMain")
        assert main.evaluate("e => e.scrollWidth <= e.clientWidth")  # no sideways scrolling
        for chart in narrow.get_by_test_id("stVegaLiteChart").all():
            if chart.is_visible():  # the chart of the open tab
                box = chart.bounding_box()
                assert box["x"] + box["width"] <= 800
        shot(narrow, f"narrow-{path or 'search'}")
    finally:
        narrow.close()


def test_graph_explorer_hides_hubs_keeps_kind_colours_and_routes_around_hubs(app_url, page):
    from apkg.app.explorer import KIND_COLOURS

    def rgb(colour: str) -> str:
        return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))

    def drawn_nodes() -> dict[str, str]:
        """Label -> kind of every node drawn, each checked to be filled with its kind's colour."""
        nodes = {}
        for symbol in chart.locator(".mark-symbol path").all():
            found = re.search(r"label: (.*?); kind: (\w+)", symbol.get_attribute("aria-label"))
            assert symbol.get_attribute("fill") == KIND_COLOURS[found.group(2)], found.group(0)
            nodes[found.group(1)] = found.group(2)
        return nodes

    def path_nodes() -> list[str]:
        return page.locator("#graph-path").inner_text().split(" → ")

    open_page(page, f"{app_url}/graph", "Graph explorer")
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.locator(".mark-symbol path").first.wait_for()
    swatches = page.locator("#graph-legend .kind")
    legend = {
        kind.get_attribute("data-kind"): kind.locator(".swatch").evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
        for kind in swatches.all()
    }
    assert {"tool", "actor", "crime", "case"} <= set(legend)
    assert all(colour == rgb(KIND_COLOURS[kind]) for kind, colour in legend.items())

    hidden_line = page.locator("p").filter(has_text="Hidden hubs:").inner_text()
    hidden = re.findall(r"(?:: |, )(.+?) \([\d,]+ links\)", hidden_line)
    assert len(hidden) == 3 and hidden[0] == "United Nations"  # the most connected node, by default
    assert not set(hidden) & set(drawn_nodes())
    route = path_nodes()
    assert len(route) >= 2 and not set(route[1:-1]) & set(hidden)
    shot(page, "graph-explorer")
    chart.screenshot(path=str(ARTIFACTS / "graph-explorer-network.png"))

    slider = page.get_by_test_id("stSlider").filter(has_text="Hide hubs").get_by_role("slider")
    slider.focus()
    slider.press("Home")  # hide no hub
    page.locator("p").filter(has_text="Hidden hubs:").wait_for(state="detached")
    chart.locator(".mark-symbol path[aria-label*='label: United Nations;']").wait_for()  # drawn again
    settle(page)
    shown = drawn_nodes()  # the colours hold in this view too
    assert "United Nations" in shown and shown["United Nations"] == "actor"
    assert "United Nations" not in path_nodes()[1:-1]  # specific links still route around the hub
    assert_no_exception(page)
    shot(page, "graph-explorer-with-hubs")


def test_trends_draws_a_line_a_state_and_downloads_the_counts_with_their_denominator(app_url, page):
    open_page(page, f"{app_url}/trends", "Trends")
    page.locator("[data-testid='stVegaLiteChart'] .marks").first.wait_for()
    denominator = re.compile("only speeches that mention an atrocity term")
    assert page.get_by_text(denominator).count() >= 1  # said on the page
    page.get_by_test_id("stMultiSelect").filter(has_text="States and other speakers").click()
    page.keyboard.type("Rwanda")
    page.get_by_role("option", name="Rwanda", exact=True).click()
    page.keyboard.press("Escape")
    page.get_by_text("Lines: Rwanda, all speakers.").first.wait_for()  # the page runs with the state
    settle(page)
    wait_fresh(page)
    page.locator("[data-testid='stVegaLiteChart'] .marks").first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert {row["speakers"] for row in rows} == {"Rwanda", "all speakers"}
    assert all(denominator.search(row["denominator"]) for row in rows)
    rwanda = [row for row in rows if row["speakers"] == "Rwanda"]
    assert rwanda and all(int(row["speeches_mentioning"]) <= int(row["speeches"]) for row in rwanda)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download profile CSV").click()
    header = Path(info.value.path()).read_text(encoding="utf-8").splitlines()[0]
    assert "all_speakers_share" in header and "denominator" in header
    assert_no_exception(page)
    shot(page, "trends")


def test_a_click_on_the_stance_map_lists_the_sentences_with_their_sources(app_url, page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    open_page(page, f"{app_url}/trends", "Trends")
    page.get_by_role("heading", name="What states say about the responsibility to protect").wait_for()
    heading = page.get_by_role("heading", level=3).filter(has_text="sentence(s)").first
    heading.wait_for()
    before = heading.inner_text()
    assert int(re.search(r": (\d+) sentence", before).group(1)) > 0
    chart = page.get_by_test_id("stVegaLiteChart").nth(1)  # the attention chart comes first
    chart.locator(".marks").first.wait_for()
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = chart.bounding_box()
    rows = range(40, 140, 20)  # the map's rows (the speakers who said most first), 20 px each
    spots = [(box["x"] + box["width"] * step / 20, box["y"] + y) for y in rows for step in range(3, 20)]
    for x, y in spots:  # until a cell of another speaker or year is hit
        page.mouse.click(x, y)
        try:
            page.wait_for_function(
                "([old]) => [...document.querySelectorAll('h3')]"
                ".some(h => h.innerText.includes('sentence(s)') && h.innerText !== old)",
                arg=[before], timeout=1200,
            )  # fmt: skip
            break
        except PlaywrightTimeout:
            continue
    settle(page)
    after = heading.inner_text()
    assert after != before and int(re.search(r": (\d+) sentence", after).group(1)) > 0
    assert page.locator("mark").count() > 0  # the passages below, the phrase marked
    with page.expect_download() as info:
        page.get_by_role("button", name="Download statements CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert rows and {"sentence", "stance", "rule", "speaker", "year"} <= set(rows[0])
    assert all("protect" in row["sentence"].lower() or "r2p" in row["sentence"].lower() for row in rows)
    assert_no_exception(page)
    shot(page, "trends-stance")


def shown_precedents(page) -> list[tuple[str, str]]:
    """(summary, sentence) of each precedent shown (in the open tab), in order, once no element of
    the run before is left."""
    wait_fresh(page)
    summaries = page.locator(".apkg-summary:visible").all_inner_texts()
    sentences = page.locator(".apkg-sentence:visible").all_inner_texts()
    assert len(summaries) == len(sentences)
    return list(zip(summaries, sentences, strict=True))


def precedent_box(page, sentence: str):
    """The bordered box of the (first) precedent shown with ``sentence``."""
    boxes = page.locator("[data-testid='stLayoutWrapper']").filter(has=page.locator(".apkg-sentence"))
    return boxes.filter(has_text=sentence).last  # the innermost box that holds it


def test_a_tool_card_lists_its_precedents_with_their_sources(app_url, served_kb, page):
    from apkg.kb import KnowledgeBase
    from apkg.precedents import FIELDS

    expected = KnowledgeBase.open(served_kb).relations(tool="Sanctions")  # with the tools below it
    assert len(expected) > 5 and len({p.mode for p in expected}) > 1  # applied, and called for or opposed
    open_page(page, f"{app_url}/taxonomy?tool=Sanctions", "Tool taxonomy")
    page.get_by_role("heading", name="Precedents", exact=True).wait_for()
    settle(page)
    assert (
        page.get_by_text(f"{len(expected)} relation(s); 1–5 shown").count() == 1
    )  # latest first, five a page
    assert shown_precedents(page) == [(p.summary(), p.sentence) for p in expected[:5]]
    first = precedent_box(page, expected[0].sentence)
    reader_link = first.get_by_role("link", name=re.compile("Open in the document"))
    reader_link.wait_for()  # the box's last element
    assert reader_link.count() == 1 and expected[0].hit.citation() in first.inner_text()  # full citation
    first.scroll_into_view_if_needed()
    shot(page, "taxonomy-precedents")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download precedents CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(FIELDS)
    assert [(r["agent"], r["mode"], r["sentence"]) for r in rows] == [
        (p.agent, p.mode, p.sentence) for p in expected
    ]
    with page.expect_download() as info:
        page.get_by_role("button", name="Download Markdown").click()
    card = Path(info.value.path()).read_text(encoding="utf-8")  # the printable card: the latest three
    assert all(f"**{p.summary()}**: “{p.sentence}”" in card for p in expected[:3])

    for mode in ("urged", "opposed"):  # each mode's own list; an empty one said plainly, nothing to download
        chosen = [p for p in expected if p.mode == mode]
        page.get_by_role("radio", name=f"{mode} ({len(chosen)})").click()
        if chosen:
            page.get_by_text(re.compile(rf"^{len(chosen)} relation\(s\); 1–")).wait_for()
            settle(page)
            assert shown_precedents(page) == [(p.summary(), p.sentence) for p in chosen[:5]]
        else:
            page.get_by_text(f"No sentence of the corpus states that anyone {mode} Sanctions").wait_for()
            settle(page)
            wait_fresh(page)
            assert page.get_by_role("button", name="Download precedents CSV").count() == 0

    page.get_by_role("radio", name=f"all ({len(expected)})").click()
    page.get_by_text(f"{len(expected)} relation(s); 1–5 shown").wait_for()
    settle(page)
    reader_link.click()
    assert_reader_at(page, expected[0].hit.passage_id)
    assert_no_exception(page)


def test_the_evidence_map_counts_stated_relations_and_a_cell_lists_them(app_url, served_kb, page):
    from apkg.kb import KnowledgeBase

    kb = KnowledgeBase.open(served_kb)
    rows = {tool.label: kb.taxonomy().below(tool.iri) for tool in kb.catalogue().tools}
    by_agent = kb.relation_matrix(rows, column="agent")
    open_page(page, f"{app_url}/evidence", "Evidence map")
    page.get_by_role("radio", name="stated relations").click()
    page.get_by_role("tab", name="Tools × targets").wait_for()
    settle(page)
    top, busiest = by_agent.rows[0], by_agent.columns[0]  # the first cell: most relations first
    heading = page.get_by_role("heading", level=3).filter(has_text=" × ").first
    assert heading.inner_text() == f"{top} × {busiest}: {by_agent.counts[top, busiest]} relation(s)"

    row, column = next((r, c) for r, c in by_agent.counts if r == "Sanctions" and (r, c) != (top, busiest))
    chart = page.get_by_test_id("stVegaLiteChart").first
    cell = chart.locator(f".mark-rect path[aria-label^='column: {column}; row: {row};']")
    cell.scroll_into_view_if_needed()
    cell.click(position={"x": 3, "y": 3})  # beside the count written on it
    behind = kb.precedents(by_agent.passages[row, column])
    page.get_by_role("heading", name=f"{row} × {column}: {len(behind)} relation(s)").wait_for()
    settle(page)
    shown = shown_precedents(page)
    assert shown == [(p.summary(), p.sentence) for p in behind[:5]]
    assert all(summary.startswith(f"{column} ") for summary, _ in shown)  # the agent of the column
    box = precedent_box(page, behind[0].sentence)
    box.get_by_role("link", name=re.compile("Open in the document")).wait_for()
    assert behind[0].hit.citation() in box.inner_text()

    page.get_by_role("tab", name="Tools × targets").click()
    by_target = kb.relation_matrix(rows, column="target")
    first = f"{by_target.rows[0]} × {by_target.columns[0]}"
    page.get_by_role("heading", name=re.compile(rf"^{re.escape(first)}: \d+ relation")).wait_for()
    assert_no_exception(page)
    shot(page, "evidence-relations")


def test_the_graph_explorer_draws_relations_and_a_click_lists_them(app_url, served_kb, page):
    from apkg.app.relation_explorer import MODE_COLOURS, relation_view
    from apkg.kb import KnowledgeBase

    network = KnowledgeBase.open(served_kb).relation_network()
    view = relation_view(network)  # what the page draws by default: the 30 strongest links
    node = next(n for n, data in view.nodes(data=True) if data["label"] == "Syria")
    behind = sum(data["weight"] for *_, data in view.in_edges(node, data=True))
    behind += sum(data["weight"] for *_, data in view.out_edges(node, data=True))
    open_page(page, f"{app_url}/graph", "Graph explorer")
    page.get_by_role("radio", name="stated relations").click()
    legend = page.locator("#relation-legend .kind")
    legend.first.wait_for()
    colours = {
        k.get_attribute("data-kind"): k.locator(".swatch").get_attribute("style") for k in legend.all()
    }
    assert set(colours) == set(MODE_COLOURS)
    assert all(f"background:{MODE_COLOURS[mode]}" in style for mode, style in colours.items())
    chart = page.get_by_test_id("stVegaLiteChart").first
    links = chart.locator(".mark-rule line")
    links.first.wait_for()
    settle(page)
    assert links.count() == min(30, network.number_of_edges())
    for line in links.all():  # each link coloured by its mode, named by its tool
        label = line.get_attribute("aria-label")
        mode = re.search(r"mode: (\w+)", label).group(1)
        assert line.get_attribute("stroke") == MODE_COLOURS[mode] and "tool: " in label
    shot(page, "graph-relations")

    chart.locator("path[aria-label*='label: Syria;']").click()  # a node: every relation to or from it
    page.get_by_role("heading", name=f"Syria: {behind} relation(s)").wait_for()
    settle(page)
    shown = shown_precedents(page)
    assert len(shown) == min(5, behind) and all("Syria" in summary for summary, _ in shown)
    assert_no_exception(page)


def test_missing_knowledge_base_shows_how_to_build_one(page, tmp_path):
    process, url = start_app(tmp_path / "no-kb", tmp_path / "app.log")
    try:
        open_page(page, f"{url}/", "No knowledge base yet")
        assert "apkg build" in page.locator("[data-testid='stCode']").first.inner_text()
        assert_no_exception(page)
        shot(page, "missing-kb")
    finally:
        stop(process)

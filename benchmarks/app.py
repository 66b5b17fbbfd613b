"""App speed as a user sees it: from ``apkg app`` to the first search answered in the browser, then
the time of each further search typed into the query box.

Run: ``python benchmarks/app.py [--kb kb] [--queries ../shared/eval/dev-queries.jsonl] [--n 30]``.
Starts the real ``apkg app`` on a free port on 127.0.0.1 and drives Debian's Chromium with
Playwright (headless). Prints a Markdown table: time to the server's health check, to the first
page, to the first search answered (the model and index load in the background meanwhile), and
the median and p95 of the following searches, both in the browser (type + Enter until the hits of
that query are shown) and inside the app (the search call alone, as the page reports it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote_plus, urlencode

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=Path("kb"))
    parser.add_argument("--queries", type=Path, default=Path("../shared/eval/dev-queries.jsonl"))
    parser.add_argument("--n", type=int, default=30, help="searches after the first")
    args = parser.parse_args()
    queries = [json.loads(line)["query"] for line in args.queries.read_text().splitlines() if line.strip()]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    apkg = Path(sys.executable).with_name("apkg")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(apkg), "app", "--kb", str(args.kb), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.05)
        healthy = time.perf_counter() - started
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                tempfile.mkdtemp(), executable_path="/usr/bin/chromium", headless=True, args=ARGS,
                viewport={"width": 1280, "height": 900},
            )  # fmt: skip
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.goto(f"{url}/?q={quote_plus(queries[0])}")
            page.get_by_role("heading", name="Search the literature").wait_for()
            first_page = time.perf_counter() - started
            page.locator("#result-count").wait_for()
            first_search = time.perf_counter() - started
            browser, inside = [], []
            box = page.get_by_label("Query")
            for query in queries[1 : args.n + 1]:
                tick = time.perf_counter()
                box.fill(query)
                box.press("Enter")
                marker = urlencode({"q": query}).replace("'", "%27")
                page.locator(f"#result-count[data-request^='{marker}']").wait_for()
                browser.append(time.perf_counter() - tick)
                inside.append(
                    float(page.locator("#result-count").inner_text().split(" in ")[1].split()[0]) / 1000
                )
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"apkg app on {args.kb} ({len(browser)} searches after the first)\n")
    print("| measure | seconds |\n|---|---:|")
    print(f"| `apkg app` to health check | {healthy:.1f} |")
    print(f"| `apkg app` to the Search page shown | {first_page:.1f} |")
    print(f"| `apkg app` to the first search answered | {first_search:.1f} |")
    print(f"| search in the browser, median | {statistics.median(browser):.2f} |")
    print(f"| search in the browser, p95 | {_pct(browser, 0.95):.2f} |")
    print(f"| search call in the app, median | {statistics.median(inside):.3f} |")


if __name__ == "__main__":
    main()

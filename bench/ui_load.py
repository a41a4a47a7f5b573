"""Page load time of each web UI view: navigation until the view's data is rendered.

Starts `tidings serve` on 127.0.0.1 over a store (the example corpus unless --db is given),
opens each view in a fresh page of headless Debian chromium (Playwright with
`executable_path`), and times from the navigation's start to the moment the view marks itself
rendered (`#view[data-loaded=VIEW]`, set after its API calls returned and the DOM was built).

    python bench/ui_load.py [--db STORE] [--runs 5] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from tidings.run import example_overrides, examples_dir, ingest


def views(url: str) -> list[tuple[str, str]]:
    """(view, hash) pairs; the article and actor are the busiest ones in the store."""
    articles = httpx.get(f"{url}/api/articles", params={"limit": 10000}).json()["articles"]
    article = max(articles, key=lambda a: a["events"])["id"]
    actor = httpx.get(f"{url}/api/actors", params={"limit": 1}).json()["actors"][0]["id"]
    return [("events", "#/events"), ("events", "#/events?limit=500"),
            ("article", f"#/article/{article}"), ("dyad", "#/dyad?a=USA&b=RUS&by=month"),
            ("actor", f"#/actor/{actor}"), ("map", "#/map"), ("articles", "#/articles")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a tidings store (default: the examples, ingested anew)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "ui.duckdb"
        if not args.db:
            directory = examples_dir()
            ingest([str(directory)], db=db, overrides=example_overrides(directory))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db",
                                   str(db), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    stats = httpx.get(f"{url}/api/stats", timeout=1).json()
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        sys.exit(f"tidings serve exited with status {server.returncode}")
                    time.sleep(0.1)
            print(f"store: {stats['counts']['articles']} articles, "
                  f"{stats['counts']['events']} events; {args.runs} runs per view, "
                  f"chromium {args.chromium}")
            print(f"{'view':<34} {'median ms':>10} {'max ms':>8}")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium)
                context = browser.new_context(viewport={"width": 1366, "height": 860})
                warm = context.new_page()
                warm.goto(f"{url}/#/events")
                warm.wait_for_selector('#view[data-loaded="events"]')
                warm.close()
                for view, hash_ in views(url):
                    times = []
                    for _ in range(args.runs):
                        page = context.new_page()
                        start = time.perf_counter()
                        page.goto(f"{url}/{hash_}")
                        page.wait_for_selector(f'#view[data-loaded="{view}"]', timeout=60_000)
                        times.append((time.perf_counter() - start) * 1000)
                        page.close()
                    print(f"{hash_[:34]:<34} {statistics.median(times):>10.0f} "
                          f"{max(times):>8.0f}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()

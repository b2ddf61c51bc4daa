"""The exported site in a real browser: headless Chromium opens every level
page from disk with JavaScript off and the network closed, and what it
shows is checked against the gate. Screenshots at desktop and phone widths
go to $HISHERS_SCREENSHOTS (default: the test's temporary folder).

Needs Debian's chromium and the playwright package (the `browser` extra,
`pip install ".[test,browser]"`; `.ci/run` installs both).
Where they cannot be had the test is skipped saying why, except under CI,
where it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import FULL, assert_no_leak, flat
from hishers_cli import gate
from hishers_cli.dataset.model import Dataset

CHROMIUM = os.environ.get("HISHERS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
SCRIPT = shutil.which("hishers", path=os.path.dirname(sys.executable)) or "hishers"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _browser_or_reason() -> tuple[Any, str]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "the playwright package is not installed (it is the browser extra: pip install '.[test,browser]')"
    if CHROMIUM is None:
        return None, "no Chromium found (Debian: apt-get install chromium; or set HISHERS_CHROMIUM)"
    return sync_playwright, ""


@pytest.fixture(scope="session")
def browser() -> Any:
    sync_playwright, reason = _browser_or_reason()
    if sync_playwright is None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run under CI, but {reason}")
        pytest.skip(f"browser test skipped: {reason}")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, written by the installed command as a user runs it."""
    folder = tmp_path_factory.mktemp("site") / "guide"
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
    done = subprocess.run([SCRIPT, "export", "site", str(folder)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return folder


def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HISHERS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(browser: Any, url: str, size: str) -> tuple[Any, Any, list[str]]:
    """A page opened with JavaScript off; `problems` collects console
    errors, page errors and any request that is not for a local file."""
    context = browser.new_context(java_script_enabled=False, viewport=SIZES[size])
    problems: list[str] = []

    def route(r: Any) -> None:
        if urlparse(r.request.url).scheme != "file":
            problems.append(f"request to {r.request.url}")
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.goto(url)
    return context, page, problems


# The default run opens one level page at phone width, the narrowest layout,
# the index and the ending; the full profile (CI) opens every level at both
# widths, and a site shared up to episode 2. One test, so the
# browser starts once however the tests are spread over workers.
LEVELS = range(7) if FULL else (2,)
LEVEL_SIZES = tuple(SIZES) if FULL else ("phone",)


@pytest.mark.full
@pytest.mark.long
def test_the_site_in_chromium(browser: Any, site: Path, show: Dataset, tmp_path: Path) -> None:
    shots = screenshots(tmp_path)
    for watched in LEVELS:
        check_level_page(browser, site, show, watched, shots)
    check_index_and_ending(browser, site, show, shots)
    if FULL:  # by default, tests/test_export.py checks a shared site's files and links without a browser
        check_a_site_shared_up_to_episode_2(browser, tmp_path, show, shots)


def check_level_page(browser: Any, site: Path, show: Dataset, watched: int, shots: Path) -> None:
    """A level page shows what is known at its level and nothing later, its
    picker links and opens, and nothing is wider than the screen."""
    known = gate.Known(show, watched)
    for size in LEVEL_SIZES:
        context, page, problems = open_page(browser, (site / f"episode-{watched}.html").as_uri(), size)
        try:
            visible = flat(page.inner_text("body"))
            assert_no_leak(visible, watched, f"episode-{watched}.html in Chromium ({size})")
            for e in known.episodes:
                if e.summary:  # the last level links the ending's page where the text names the command
                    assert flat(e.summary.text) in visible
            for c in known.characters:
                assert c.name in visible
            assert ("More is revealed in later episodes." in visible) == (not known.finished)
            # Nothing wider than a phone's screen.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= SIZES[size]["width"], f"{size}: the page is {width}px wide"
            # The cast's running text keeps a readable measure.
            widths = page.eval_on_selector_all(
                "#cast td.wide", "cells => cells.filter(c => c.innerText.trim()).map(c => c.clientWidth)"
            )
            assert widths and min(widths) >= 240, f"{size}: running text squeezed to {min(widths)}px"
            if known.relationships:
                check_map_labels(page, f"episode-{watched}.html ({size})")
            page.screenshot(path=str(shots / f"episode-{watched}-{size}.png"), full_page=True)
            # The level picker: every link names a page that exists, and it
            # opens (last: the page is left for the next level's).
            links = page.eval_on_selector_all("nav.levels li a", "links => links.map(a => a.href)")
            assert len(links) == 6
            for link in links:
                assert Path(urlparse(link).path).is_file(), link
            following = f"episode-{(watched + 1) % 7}.html"
            page.click(f"nav.levels li a[href='{following}']")
            page.wait_for_url(f"**/{following}")
            assert not problems, problems
        finally:
            context.close()
    assert (shots / f"episode-{watched}-phone.png").stat().st_size > 10_000


# Where the map's lines, labels and names are, as the browser draws them, in
# the map's own units: a label's outline is the box of its glyphs, turned as
# it is drawn.
MAP_SHAPES = """svg => {
  const toMap = el => svg.getCTM().inverse().multiply(el.getCTM());
  const outline = el => {
    const b = el.getBBox(), m = toMap(el);
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => new DOMPoint(x, y).matrixTransform(m)).map(p => [p.x, p.y]);
  };
  return {
    lines: [...svg.querySelectorAll("line.edge")].map(l => [l.x1, l.y1, l.x2, l.y2].map(v => v.baseVal.value)),
    labels: [...svg.querySelectorAll("text.edge-label")].map(outline),
    names: [...svg.querySelectorAll("g.node rect")].map(outline),
  };
}"""


def check_map_labels(page: Any, where: str) -> None:
    """Each label as drawn touches its own line (the lines and the labels
    are drawn in the same order), every other line passes farther from it,
    and it lies on no other label and no name."""
    from test_export_map import labels_off_their_lines

    shapes = page.eval_on_selector("figure svg", MAP_SHAPES)
    assert len(shapes["lines"]) == len(shapes["labels"]) > 0, where
    edges = [
        (tuple(line), tuple(map(tuple, label))) for line, label in zip(shapes["lines"], shapes["labels"], strict=True)
    ]
    names = [tuple(map(tuple, name)) for name in shapes["names"]]
    assert labels_off_their_lines(edges, names) == [], where


def check_index_and_ending(browser: Any, site: Path, show: Dataset, shots: Path) -> None:
    """The index asks first and shows nothing; the ending is behind a link
    on the last level's page that says it spoils the finale."""
    context, page, problems = open_page(browser, (site / "index.html").as_uri(), "phone")
    try:
        visible = flat(page.inner_text("body"))
        assert_no_leak(visible, 0, "index.html in Chromium")
        assert "How far have you watched?" in visible
        assert not any(c.name in visible for c in show.characters)
        page.screenshot(path=str(shots / "index-phone.png"), full_page=True)
        page.click("text=2")
        page.wait_for_url("**/episode-2.html")
        page.goto((site / "episode-6.html").as_uri())
        page.click("text=this page spoils the finale")
        page.wait_for_url("**/ending.html")
        ending = flat(page.inner_text("body"))
        assert all(flat(a.text) in ending for p in show.ending for a in p.accounts)
        page.screenshot(path=str(shots / "ending-phone.png"), full_page=True)
        assert not problems, problems
    finally:
        context.close()


def check_a_site_shared_up_to_episode_2(browser: Any, tmp_path: Path, show: Dataset, shots: Path) -> None:
    """`export site --upto 2`: the start page and levels 0 to 2 only; no
    file, link or picker entry for a later level or the ending, so a friend
    at episode 2 cannot reach the finale by a mis-tap."""
    folder = tmp_path / "shared"
    home = tmp_path / "home"
    env = {**os.environ, "XDG_CONFIG_HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
    done = subprocess.run(
        [SCRIPT, "export", "site", str(folder), "--upto", "2"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "episode-0.html",
        "episode-1.html",
        "episode-2.html",
        "index.html",
    ]
    allowed = {"index.html", "episode-0.html", "episode-1.html", "episode-2.html"}
    for name in sorted(allowed):
        context, page, problems = open_page(browser, (folder / name).as_uri(), "phone")
        try:
            hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
            files = {h for h in hrefs if not h.startswith("#")}
            assert files <= allowed, f"{name} links {sorted(files - allowed)}"
            picker = page.eval_on_selector_all("nav.levels li", "items => items.map(li => li.innerText.trim())")
            assert picker == ["nothing yet", "1", "2"], (name, picker)
            visible = flat(page.inner_text("body"))
            assert_no_leak(visible, 2 if name == "episode-2.html" else 1 if name == "episode-1.html" else 0, name)
            assert "ending" not in " ".join(files)
            if name == "episode-2.html":
                assert all(c.name in visible for c in gate.Known(show, 2).characters)
                page.screenshot(path=str(shots / "shared-episode-2-phone.png"), full_page=True)
            assert not problems, problems
        finally:
            context.close()

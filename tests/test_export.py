"""`hishers export`: the guide as pages. Each page holds what is known at its
level and nothing later (in its text and in every attribute), parses as
valid HTML, escapes every dataset string, and is written whole or not at all."""

from __future__ import annotations

import functools
import os
import re
import resource
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import html5lib
import pytest

from conftest import TINY, assert_no_leak, char_device, flat, levels, run, run_tiny, sampled
from hishers_cli import gate
from hishers_cli.dataset.load import load
from hishers_cli.dataset.model import Dataset
from hishers_cli.export import pages as export
from hishers_cli.views import relations
from hishers_cli.views.base import HELD_HINT
from hishers_cli.views.common import what_it_adds

LEVELS = range(7)


def strings(page: str) -> tuple[str, str]:
    """A page's text (what a reader sees) and every attribute value and
    comment (what a reader does not see), each parsed as a browser would."""
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    text, hidden = [], []
    for element in tree.iter():
        if not isinstance(element.tag, str):  # a comment
            hidden.append(element.text or "")
            continue
        # Text runs on across inline elements, as a browser shows it.
        gap = "" if element.tag in ("a", "span") else " "
        (hidden if element.tag in ("style", "script", "noscript") else text).append(gap + (element.text or ""))
        text.append(gap + (element.tail or ""))
        hidden += [str(v) for v in element.attrib.values()]
    return flat("".join(text)), flat(" ".join(hidden))


def strict(page: str) -> Any:
    """The page parsed by a spec-compliant parser that fails on any error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def unlocked(show: Dataset, watched: int) -> list[str]:
    """Every text known at `watched` that a page shows."""
    # A relationship's text is shown for what it adds to the relationship's
    # own heading (its people, kind and roles).
    names = {c.id: c.name for c in show.characters}
    adds = {
        flat(r.text): flat(what_it_adds(r.text, " ".join([*(names[id] for id in r.between), r.kind, *r.roles])))
        for r in show.relationships
    }
    # An earlier state that only restates the one after it is not history.
    known = gate.Known(show, watched)
    restated = {flat(s.text) for r in known.relationships for s in r.history if s not in relations.changes(r)}
    texts = [flat(t) for f in show.stamped() if f.known_from <= watched for t in f.texts]
    return [adds.get(t, t) for t in texts if t not in restated and adds.get(t, t)]


@pytest.mark.parametrize("watched", levels())
def test_a_page_shows_its_level_and_nothing_later(show: Dataset, watched: int) -> None:
    result = run("--watched", str(watched), "export", "html")
    assert result.exit_code == 0, result.stderr
    text, hidden = strings(result.stdout)
    assert_no_leak(text, watched, "export html (text)")
    assert_no_leak(hidden, watched, "export html (attributes, comments, style)")
    missing = [t for t in unlocked(show, watched) if t not in text]
    assert not missing, f"the page at progress {watched} lacks: {missing[:3]}"
    assert (HELD_HINT in text) == (watched < 6)


@pytest.fixture(scope="module")
def site(show: Dataset) -> dict[str, str]:
    """The bundled show's site, built once for the tests that only read it."""
    return export.site(show)


def test_the_site_pages_each_hold_their_level_and_the_index_nothing(show: Dataset, site: dict[str, str]) -> None:
    pages = site
    assert set(pages) == {"index.html", "ending.html", *(f"episode-{n}.html" for n in LEVELS)}
    ending_text, _ = strings(pages["ending.html"])
    for n in sorted({*levels(), 6}):
        text, hidden = strings(pages[f"episode-{n}.html"])
        assert_no_leak(text + " " + hidden, n, f"site page for level {n}")
        reachable = text + " " + ending_text if n == 6 else text
        assert not [t for t in unlocked(show, n) if t not in reachable]
        # The ending is on its own page, linked only once everything is watched,
        # and the last level says it covers the finale.
        assert ("ending.html" in pages[f"episode-{n}.html"]) == (n == 6)
        assert (export.LAST_LEVEL_NOTICE in text) == (n == 6)
    last = pages["episode-6.html"]
    assert not re.search(r"\bhishers [a-z]", last)  # a page names no command
    index_text, index_hidden = strings(pages["index.html"])
    assert_no_leak(index_text + " " + index_hidden, 0, "site index")
    assert "I've watched up to episode" in index_text and show.title in index_text
    # The index asks first: it shows no summary, no character, no bio.
    assert not any(c.name in index_text for c in show.characters)
    assert "spoils the finale" in ending_text
    assert all(flat(a.text) in ending_text for p in show.ending for a in p.accounts)


def test_a_page_before_episode_1_opens_with_the_series(show: Dataset) -> None:
    from hishers_cli.export.sections import sections

    assert [s.id for s in sections(gate.Known(show, 0))][:2] == ["series", "episodes"]
    assert [s.id for s in sections(gate.Known(show, 1))][0] == "episodes"


def test_the_level_picker_links_every_level_and_marks_this_one(site: dict[str, str]) -> None:
    pages = site
    tree = html5lib.parse(pages["episode-2.html"], namespaceHTMLElements=False)
    picker = tree.find(".//nav[@class='levels']")
    assert picker is not None
    links = [a.get("href") for a in picker.findall(".//li/a")]
    assert links == [f"episode-{n}.html" for n in LEVELS if n != 2]
    home = picker.find(".//a[@class='home']")
    assert home is not None and home.get("href") == "index.html"
    (current,) = [s for s in picker.iter("span") if s.get("aria-current") == "page"]
    assert current.text == "2"


@pytest.mark.parametrize("watched", sampled([0, 2, 6]))
def test_pages_are_valid_html(show: Dataset, watched: int) -> None:
    strict(export.page(gate.Known(show, watched), gate.Known(show, 6)))


def test_every_site_page_is_valid_html(site: dict[str, str]) -> None:
    for page in site.values():
        strict(page)


def test_the_ending_needs_the_last_episode_or_consent() -> None:
    before = run_tiny("--watched", "1", "export", "html")
    assert before.exit_code == 0 and "Xavier wrote it." not in before.stdout
    consented = run_tiny("--watched", "1", "export", "html", "--confirm-spoilers")
    assert "Xavier wrote it." in consented.stdout
    finished = run_tiny("--watched", "3", "export", "html")
    assert "Xavier wrote it." in finished.stdout


HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


def test_dataset_strings_are_escaped(tmp_path: Path) -> None:
    data = tmp_path / "hostile.yaml"
    data.write_text(
        TINY.read_text(encoding="utf-8")
        .replace("Xavier finds a letter at the lighthouse.", f"'{HOSTILE[0]}'")
        .replace("actor: Ada Actor", f"actor: '{HOSTILE[1]}'"),
        encoding="utf-8",
    )
    result = run("--data", str(data), "--watched", "2", "export", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert (
        "<script" not in page and "<img" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    )
    tree = strict(page)
    assert not list(tree.iter("script")) and not list(tree.iter("img"))
    text, _ = strings(page)
    for hostile in HOSTILE:
        assert hostile in text  # shown as text, exactly as written


def test_a_page_is_written_once_and_replaced_only_with_force(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "ep1.html"
    first = run_tiny("--watched", "1", "export", "html", "-o", str(target))
    assert first.exit_code == 0 and first.stdout == ""
    assert "Wrote" in first.stderr and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target.write_text("mine", encoding="utf-8")
    again = run_tiny("--watched", "1", "export", "html", "-o", str(target))
    assert again.exit_code == 1 and again.stderr.strip().endswith("already exists. Add --force to replace it.")
    assert target.read_text(encoding="utf-8") == "mine"
    forced = run_tiny("--watched", "1", "export", "html", "-o", str(target), "--force")
    assert forced.exit_code == 0 and "Ada" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["ep1.html"]  # no temporary file left
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    for args in (["-o", str(tmp_path)], ["-o", str(tmp_path / "missing" / "x.html")]):
        result = run_tiny("export", "html", *args)
        assert result.exit_code in (1, 2) and len(result.stderr.strip().splitlines()) <= 2, result.stderr
        assert "Traceback" not in result.stderr
    (tmp_path / "file").write_text("", encoding="utf-8")
    site = run_tiny("export", "site", str(tmp_path / "file"))
    assert site.exit_code == 1 and "is not a folder" in site.stderr


def test_a_site_is_written_into_a_new_folder_and_kept_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    result = run_tiny("export", "site", str(folder))
    assert result.exit_code == 0, result.stderr
    names = sorted(os.listdir(folder))
    assert names == sorted(["index.html", "ending.html", *(f"episode-{n}.html" for n in range(4))])
    before = (folder / "index.html").read_text(encoding="utf-8")
    (folder / "episode-1.html").write_text("mine", encoding="utf-8")
    again = run_tiny("export", "site", str(folder))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert (folder / "episode-1.html").read_text(encoding="utf-8") == "mine"
    assert run_tiny("export", "site", str(folder), "--force").exit_code == 0
    assert (folder / "index.html").read_text(encoding="utf-8") == before
    assert "Ada" in (folder / "episode-1.html").read_text(encoding="utf-8")


@functools.cache
def _site() -> dict[str, str]:
    from hishers_cli.dataset import load as dataset

    return export.site(dataset.load(TINY))


def _site_names() -> list[str]:
    return list(_site())


def _limited_export(folder: Path, limit: int) -> subprocess.CompletedProcess[str]:
    """`hishers export site` in a process that cannot write a file larger
    than `limit` bytes, as on a disk that fills up part way."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "hishers_cli", "--data", str(TINY), "export", "site", str(folder)],
        preexec_fn=limit_file_size,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.full
@pytest.mark.parametrize("folder_exists", [False, True])
def test_a_site_that_cannot_be_written_whole_is_not_written_at_all(tmp_path: Path, folder_exists: bool) -> None:
    """A page that cannot be written (here: too large for the process's file
    size limit, as on a full disk) leaves the folder as it was, so running
    the command again completes without --force."""
    folder = tmp_path / "guide"
    if folder_exists:
        folder.mkdir()
        (folder / "mine.txt").write_text("keep")
    failed = _limited_export(folder, 12_000)  # the index and the first pages fit, the later ones do not
    assert failed.returncode == 1, failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
    assert (sorted(os.listdir(folder)) == ["mine.txt"]) if folder_exists else not folder.exists()
    again = run_tiny("export", "site", str(folder))
    assert again.exit_code == 0, again.output
    assert sorted(os.listdir(folder)) == sorted([*_site_names(), *(["mine.txt"] if folder_exists else [])])


@pytest.mark.parametrize("name", _site_names())
def test_a_link_at_any_page_name_stops_the_site_before_any_page_is_written(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "guide"
    folder.mkdir()
    link = folder / name
    link.symlink_to(tmp_path / "nowhere" / name)
    for force in (False, True):
        with pytest.raises(export.ExportError, match=re.escape(name)):
            export.write_site(folder, _site(), force=force)
        assert os.listdir(folder) == [name] and os.readlink(link) == str(tmp_path / "nowhere" / name)
    assert not (tmp_path / "nowhere").exists()
    link.unlink()
    export.write_site(folder, _site())
    assert sorted(os.listdir(folder)) == sorted(_site_names())


def test_a_dangling_link_in_the_site_is_one_line_and_exit_1(tmp_path: Path) -> None:
    folder = tmp_path / "guide"
    folder.mkdir()
    (folder / "episode-3.html").symlink_to(tmp_path / "nowhere.html")
    for force in ([], ["--force"]):
        result = run_tiny("export", "site", str(folder), *force)
        assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1, result.output
        assert "episode-3.html" in result.stderr and os.listdir(folder) == ["episode-3.html"]


def test_with_force_a_page_name_that_is_no_regular_file_is_refused_before_any_page(tmp_path: Path) -> None:
    """A folder, a FIFO, or a link to a device, a FIFO or a folder at one
    page's name: refused, that thing left as it was, and no other page
    replaced (each keeps its inode, so none was written either)."""
    folder = tmp_path / "guide"
    export.write_site(folder, _site())
    page = folder / "episode-2.html"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    null = char_device(tmp_path)
    device = os.stat(null)
    makers: list[Callable[[Path], None]] = [
        lambda path: path.mkdir(),
        os.mkfifo,
        *(lambda path, target=target: path.symlink_to(target) for target in (null, fifo, tmp_path)),
    ]
    for make in makers:
        if page.is_dir() and not page.is_symlink():
            page.rmdir()
        else:
            page.unlink()
        make(page)
        before = {name: os.lstat(folder / name) for name in _site_names()}
        with pytest.raises(export.ExportError, match="episode-2.html"):
            export.write_site(folder, _site(), force=True)
        assert {name: os.lstat(folder / name) for name in _site_names()} == before
    after = os.stat(null)
    assert (after.st_mode, after.st_rdev) == (device.st_mode, device.st_rdev)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_page_is_written_through_a_link_to_a_file_only_with_force(tmp_path: Path) -> None:
    mine = tmp_path / "mine.html"
    mine.write_text("mine", encoding="utf-8")
    link = tmp_path / "guide.html"
    link.symlink_to(mine)
    refused = run_tiny("export", "html", "-o", str(link))
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "mine"
    assert run_tiny("export", "html", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink() and "Ada" in mine.read_text(encoding="utf-8")
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere.html")
    for force in ([], ["--force"]):
        result = run_tiny("export", "html", "-o", str(dangling), *force)
        assert result.exit_code == 1 and str(dangling) in result.stderr, result.output
        assert not (tmp_path / "nowhere.html").exists() and dangling.is_symlink()


def test_pages_are_world_readable_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        assert run_tiny("export", "site", str(tmp_path / "guide")).exit_code == 0
    finally:
        os.umask(old)
    modes = {stat.S_IMODE((tmp_path / "guide" / name).stat().st_mode) for name in _site_names()}
    assert modes == {0o644}


@pytest.mark.parametrize("upto", sampled([0, 1, 2, 3]))
def test_a_site_up_to_a_level_has_no_page_link_or_picker_entry_past_it(tiny: Dataset, upto: int) -> None:
    import re

    pages = export.site(tiny, upto)
    levels = {f"episode-{n}.html" for n in range(upto + 1)}
    expected = {"index.html", *levels} | ({"ending.html"} if upto == tiny.episode_count else set())
    assert set(pages) == expected
    for name, text in pages.items():
        linked = set(re.findall(r'href="([^"#][^"]*)"', text))
        assert linked <= expected, (name, linked - expected)
        later = [p for p in (f"episode-{n}.html" for n in range(upto + 1, tiny.episode_count + 1)) if p in text]
        assert not later, (name, later)


@pytest.mark.parametrize("upto", sampled(range(3)))
def test_a_shared_site_is_never_written_beside_the_pages_of_a_fuller_one(tmp_path: Path, upto: int) -> None:
    """Over a site that went further, a site up to a level is refused, with
    or without --force, and nothing is written or removed; in an empty
    folder, or beside the user's own files, it is written."""
    folder = tmp_path / "guide"
    assert run_tiny("export", "site", str(folder)).exit_code == 0
    before = {name: (folder / name).read_bytes() for name in os.listdir(folder)}
    for force in ([], ["--force"]):
        result = run_tiny("export", "site", str(folder), "--upto", str(upto), *force)
        assert result.exit_code == 1 and "ending.html" in result.stderr and f"episode-{upto + 1}.html" in result.stderr
        assert {name: (folder / name).read_bytes() for name in os.listdir(folder)} == before
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "notes.txt").write_text("mine")
    assert run_tiny("export", "site", str(fresh), "--upto", str(upto)).exit_code == 0
    assert sorted(os.listdir(fresh)) == sorted(["notes.txt", *export.site(load(TINY), upto)])


def test_a_single_page_carries_no_picker_to_other_levels() -> None:
    for watched in map(str, levels()):
        page = run("--watched", watched, "export", "html").stdout
        assert 'class="levels"' not in page and "episode-" not in page.replace("episode-guide", "")
        assert "<nav" in page  # its own table of contents stays


def test_export_html_to_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    to_stdout = run("export", "html", "--watched", "2")
    dashed = run("export", "html", "--watched", "2", "-o", "-")
    assert dashed.exit_code == 0, dashed.output
    assert dashed.stdout == to_stdout.stdout and dashed.stdout.startswith("<!DOCTYPE html>")
    assert list(here.iterdir()) == []  # no file named "-"
    named = run("export", "html", "--watched", "2", "-o", "./-")
    assert named.exit_code == 0 and (here / "-").read_text(encoding="utf-8") == to_stdout.stdout

"""The lesson site: what the student and teacher pages show and hide, bad input, and the
pages opened in headless Chromium (no console error, nothing runs from article text)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from framing import paths
from framing.lesson import whole_words
from framing.lesson_site import PAGES, write_site
from tests.cli_runner import run_framing

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Screenshots of every page, kept for a person to look at (build/ is not committed).
SCREENSHOTS = paths.PROJECT_ROOT / "build" / "lesson-screenshots"
HOSTILE = (
    "NATO <b>drills</b> near the border\n\n"
    "MINSK, 1 May (BelTA) – <script>document.body.dataset.pwned = 1</script> NATO is a threat, the minister "
    'said on Monday. <img src=x onerror="document.body.dataset.pwned = 2"> Russia will respond, he said.\n'
)


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_site(paths.DATA_DIR, out)
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "raw").mkdir()
    (root / "raw" / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    write_site(root, root / "site")
    return root / "site"


def test_student_page_hides_outlets_and_ids(seed_site):
    student = (seed_site / "student.html").read_text(encoding="utf-8")
    assert student.count("<article>") == 5
    assert "<h2>Article 2</h2>" in student
    for hidden in ["belta_2017", "tass_2022", "Outlet:", "outlet evidence", "state news agency"]:
        assert hidden not in student
    assert student.count('<div class="answer">') == 5 * 4


def test_teacher_page_writes_each_reason_inline(seed_site):
    teacher = (seed_site / "teacher.html").read_text(encoding="utf-8")
    assert "<h2>Article 5: tass_2022</h2>" in teacher
    # 'the behavior of NATO' in TASS: stance, voice and cue written after the mention, not in a tooltip
    assert "[NATO: against (-0.76), voice: Lukashenko. slot cue &#x27;behavior of NATO&#x27;" in teacher
    assert " title=" not in teacher
    # frame cues carry readable names, never internal ids, and are hidden until the box is ticked
    assert "[frame: Military exercises and hardware]" in teacher
    assert "frame: security" not in teacher
    assert '<input type="checkbox" id="show-frames">' in teacher
    assert "Where the tags can be wrong" in teacher


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_self_contained(seed_site, page):
    text = (seed_site / page).read_text(encoding="utf-8")
    assert "default-src 'none'" in text  # the browser refuses any script, font or request
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert "@page { size: A4" in text


def test_hostile_article_is_escaped(hostile_site):
    teacher = (hostile_site / "teacher.html").read_text(encoding="utf-8")
    student = (hostile_site / "student.html").read_text(encoding="utf-8")
    for page in (teacher, student):
        assert "<script>document" not in page and "<img" not in page and "<b>drills" not in page
        assert "&lt;script&gt;document.body.dataset.pwned = 1&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("text", "span", "widened"),
    [
        ("in favour of", (3, 7), (3, 9)),  # a stem cue 'favo' covers the whole word
        ("NATO's drills", (0, 4), (0, 4)),  # the possessive stays outside
        ("Nato-Gipfel", (0, 4), (0, 4)),  # a hyphen is a word edge
        ("Российской Федерации", (2, 8), (0, 10)),
    ],
)
def test_highlights_never_cut_a_word(text, span, widened):
    assert whole_words(text, *span) == widened


def test_empty_corpus_writes_a_page_that_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_framing("lesson", str(tmp_path / "empty"), "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "has no readable article" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("out", "reason"),
    [("file.txt/site", "Not a directory"), ("file.txt", "File exists")],
)
def test_unwritable_output_exits_2_with_the_reason(tmp_path, out, reason):
    (tmp_path / "file.txt").write_text("in the way")
    result = run_framing("lesson", str(paths.DATA_DIR), "-o", str(tmp_path / out))
    assert result.returncode == 2
    assert f"cannot write the lesson to {tmp_path / out}: {reason}" in result.stderr


def test_a_lesson_on_one_article_file_shows_that_article(tmp_path):
    article = paths.RAW_DIR / "2022-02-03_tass_belarus-russia-drills-vital.txt"
    result = run_framing("lesson", str(article), "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    teacher = (tmp_path / "site" / "teacher.html").read_text(encoding="utf-8")
    student = (tmp_path / "site" / "student.html").read_text(encoding="utf-8")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "TASS" in teacher and "Article 1" in student and "Article 2" not in student
    assert "1 article about NATO and Russia" in index


def test_missing_corpus_exits_2(tmp_path):
    result = run_framing("lesson", str(tmp_path / "nope"), "-o", str(tmp_path / "site"))
    assert result.returncode == 2 and "no corpus directory" in result.stderr


def _chromium(url: str, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium as root in a closed network (flags from the machine notes)."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args, url],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium installed (apt-get install chromium; .ci/run installs it)"
)


@needs_chromium
@pytest.mark.parametrize("site", ["seed_site", "hostile_site"])
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_in_chromium_without_console_errors_or_scripts(request, site, page):
    folder: Path = request.getfixturevalue(site)
    url = (folder / page).as_uri()
    loaded = _chromium(url, "--dump-dom")
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    console = [line for line in loaded.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    dom = loaded.stdout
    assert "<main>" in dom and "</html>" in dom
    assert "data-pwned" not in dom and not re.search(r"<script\b", dom)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{site.removesuffix('_site')}-{page.removesuffix('.html')}.png"
    taken = _chromium(url, "--hide-scrollbars", "--window-size=1280,1600", f"--screenshot={shot}")
    assert taken.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_chromium_test_would_see_a_running_script(tmp_path):
    """The check above can fail: a page whose script runs shows in the DOM and the console."""
    page = tmp_path / "bad.html"
    page.write_text("<html><body><script>console.error('ran'); document.body.dataset.pwned = 1</script></body></html>")
    loaded = _chromium(page.as_uri(), "--dump-dom")
    assert "data-pwned" in loaded.stdout
    assert any(":CONSOLE" in line and "ran" in line for line in loaded.stderr.splitlines())

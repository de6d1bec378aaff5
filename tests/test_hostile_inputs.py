"""`python -m framing tag` over a hostile data directory (tests/hostile_corpus.py): links
that loop or leave, FIFOs, sockets, a device, locked folders and files, names that are
not UTF-8 or hold a CR or start a formula, pathological HTML, a manifest with escaping
paths and a NUL. The run goes on and exits 0; every input gets its row and reason;
nothing from outside the data directory reaches a table; CSV and Parquet agree; no
cell starts a formula in CSV; no temporary file is left."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from framing import paths
from tests import hostile_corpus
from tests.cli_runner import framing_command, framing_env, run_framing

TABLES = ("articles", "segments", "mentions")
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def _without_file_permission_override() -> list[str] | None:
    """A command prefix under which file permissions hold: nothing for a user other than
    root; for root, `setpriv` dropping the capabilities that let root read anything.
    None when neither is possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}"]


PREFIX = _without_file_permission_override()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    expected = hostile_corpus.make(root, locked=PREFIX is not None, device=True)
    yield root, expected
    hostile_corpus.unlock(root)


@pytest.fixture(scope="module", params=["plain", "cached"])
def tagged(request, hostile):
    root, expected = hostile
    out = root / f"out_{request.param}"
    cache = ["--cache", str(root / "cache")] if request.param == "cached" else []
    started = time.perf_counter()
    result = run_framing("tag", str(root / "data"), "-o", str(out), *cache, prefix=PREFIX or (), timeout=300)
    return result, out, expected, time.perf_counter() - started


def _csv_rows(path: Path) -> list[list[str]]:
    limit = csv.field_size_limit(2**31 - 1)  # a page of 200,000 characters in one segment is one cell
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))
    finally:
        csv.field_size_limit(limit)  # a setting of the whole process: as it was


def test_the_run_goes_on_and_exits_0(tagged):
    result, _, expected, seconds = tagged
    assert result.returncode == 0, result.stderr
    errors = sum(status == "error" for status, _ in expected.values())
    assert f"tagged {len(expected)} articles ({errors} with errors)" in result.stdout
    assert seconds < 120  # the pathological HTML is limited before parsing


def test_every_input_has_one_row_with_its_reason(tagged):
    _, out, expected, _ = tagged
    articles = pq.read_table(out / "articles.parquet").to_pandas().set_index("id")
    assert sorted(articles.index) == sorted(expected)
    for article_id, (status, reason) in expected.items():
        row = articles.loc[article_id]
        assert row["status"] == status, article_id
        if status == "error":
            assert row["error"] == reason, article_id
        else:
            assert pd.isna(row["error"]), article_id
            assert (None if pd.isna(row["warning"]) else row["warning"]) == reason, article_id


@pytest.mark.skipif(PREFIX is None, reason="running as root without setpriv: root reads locked files anyway")
def test_locked_folders_and_files_get_error_rows(tagged):
    _, out, _, _ = tagged
    articles = pq.read_table(out / "articles.parquet").to_pandas().set_index("id")
    assert articles.loc["locked", "error"] == "folder cannot be read: permission denied"
    assert articles.loc["unreadable", "path"] == "unreadable.txt"


def test_nothing_from_outside_the_data_directory_reaches_a_table(tagged):
    _, out, _, _ = tagged
    for name in TABLES:
        assert hostile_corpus.SECRET.encode() not in (out / f"{name}.csv").read_bytes()
        assert hostile_corpus.SECRET.encode() not in (out / f"{name}.parquet").read_bytes()
    paths_written = pd.read_parquet(out / "articles.parquet")["path"]
    assert not paths_written.str.startswith(("/", "..")).any()


def test_csv_and_parquet_hold_the_same_rows(tagged):
    _, out, _, _ = tagged
    for name in TABLES:
        rows = _csv_rows(out / f"{name}.csv")
        parquet = pq.read_table(out / f"{name}.parquet")
        assert len(rows) - 1 == parquet.num_rows
        assert rows[0] == parquet.column_names
        assert len(pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)) == parquet.num_rows


def test_no_csv_cell_starts_a_formula_and_parquet_keeps_the_text(tagged):
    _, out, _, _ = tagged
    for name in TABLES:
        for row in _csv_rows(out / f"{name}.csv"):
            assert not [cell for cell in row if cell.startswith(FORMULA_STARTS)], (name, row[:2])
    articles = pq.read_table(out / "articles.parquet").to_pandas().set_index("id")
    assert articles.loc["formula_title", "title"] == '=HYPERLINK("http://evil.example","click")'
    assert articles.loc["cr\rname", "path"] == "cr\rname.txt"
    by_id = {row[0]: row for row in _csv_rows(out / "articles.csv")[1:]}
    assert "'=cmd" in by_id and by_id["formula_title"][6] == "'" + articles.loc["formula_title", "title"]


def test_no_temporary_file_is_left(tagged):
    _, out, _, _ = tagged
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".tables", *(f"{t}.{s}" for t in TABLES for s in ("csv", "parquet"))]
    )
    current = os.readlink(out / ".tables" / "current")
    assert sorted(p.name for p in (out / ".tables").iterdir()) == sorted(["current", "lock", current])


def test_a_fifo_as_manifest_is_refused_at_once(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text(hostile_corpus.STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "manifest.csv")
    result = run_framing(
        "tag", str(tmp_path / "data"), "-o", str(tmp_path / "out"), "--manifest", str(tmp_path / "manifest.csv"),
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    expected = f"error: {tmp_path / 'manifest.csv'}: cannot read manifest.csv: not a regular file (a FIFO)"
    assert result.stderr.strip() == expected
    assert not (tmp_path / "out").exists()


def test_a_manifest_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from framing.ingest import ManifestError, manifest, plan_corpus

    (tmp_path / "a.txt").write_text(hostile_corpus.STORY, encoding="utf-8")
    (tmp_path / "articles.csv").write_text("id,file\na,a.txt\n", encoding="utf-8")
    monkeypatch.setattr(manifest, "MAX_MANIFEST_BYTES", 10)
    with pytest.raises(ManifestError, match=r"cannot read articles.csv: file too large \(16 bytes > 10\)"):
        plan_corpus(tmp_path)


# --- killed runs -------------------------------------------------------------------------


def _staged(out: Path) -> list[Path]:
    tables = out / ".tables"
    current = os.readlink(tables / "current") if (tables / "current").is_symlink() else None
    return [p for p in tables.glob("run-*") if p.name != current] if tables.is_dir() else []


def _consistent_ids(out: Path) -> frozenset[str]:
    """The article ids of the set readers see, after checking that its six files agree."""
    ids = frozenset(pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)["id"])
    for name in TABLES:
        frame = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(frame) == pq.read_table(out / f"{name}.parquet").num_rows, name
        if name != "articles":
            assert set(frame["article_id"]) <= ids, name
    assert frozenset(pq.read_table(out / "articles.parquet").column("id").to_pylist()) == ids
    return ids


@pytest.mark.slow
def test_a_run_killed_while_writing_leaves_the_old_set_or_the_new_one(tmp_path):
    from benchmarks.synthetic import write_synthetic_corpus

    out = tmp_path / "out"
    assert run_framing("tag", str(paths.RAW_DIR), "-o", str(out)).returncode == 0
    old = _consistent_ids(out)
    corpus = write_synthetic_corpus(tmp_path / "raw", n_articles=150, seed=3)
    new = frozenset(p.stem for p in corpus.iterdir())
    killed_while_writing = 0
    for delay in (0.0, 0.05, 0.2, 0.5, 1.0, 2.0):
        process = subprocess.Popen(
            framing_command("tag", str(corpus), "-o", str(out), "--chunk-size", "5"),
            cwd=paths.PROJECT_ROOT,
            env=framing_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while not _staged(out) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)  # until the run has begun writing its new set
            time.sleep(delay)
            killed_while_writing += process.poll() is None and bool(_staged(out))
            process.kill()
        finally:
            process.wait()
        assert _consistent_ids(out) in (old, new)
    assert killed_while_writing >= 3
    assert run_framing("tag", str(corpus), "-o", str(out), "--chunk-size", "5").returncode == 0
    assert _consistent_ids(out) == new and _staged(out) == []  # the next run removed what the killed ones left


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                children = {int(child) for child in task.read_text().split()}
            except OSError:
                continue
            todo += children - found
            found |= children
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_a_stopped_dask_run_leaves_no_worker_behind(tmp_path, signal_name):
    import signal

    from benchmarks.synthetic import write_synthetic_corpus

    corpus = write_synthetic_corpus(tmp_path / "raw", n_articles=400, seed=4)
    out = tmp_path / "out"
    process = subprocess.Popen(
        framing_command("tag", str(corpus), "-o", str(out), "--dask", "--workers", "2", "--chunk-size", "2"),
        cwd=paths.PROJECT_ROOT,
        env=framing_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            workers = _descendants(process.pid)
            if len(workers) >= 2 and _staged(out):  # the two workers run, and the run is writing
                break
            time.sleep(0.2)
        assert process.poll() is None and len(workers) >= 2, "the Dask workers did not start in time"
        time.sleep(1.0)
        workers |= _descendants(process.pid)
        process.send_signal(getattr(signal, signal_name))
        process.wait(timeout=60)
        deadline = time.monotonic() + 60
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in workers if _alive(pid)] == []
        if signal_name == "SIGTERM":  # unwound: its unfinished set is gone already
            assert process.returncode == 128 + signal.SIGTERM and _staged(out) == []
    finally:
        for pid in [process.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait()

"""The one driver (`framing.run`): the tables it writes, the result cache, the executors,
and the published set of files."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import framing
from benchmarks.synthetic import write_synthetic_corpus
from framing import paths
from framing.ingest import plan_corpus
from framing.output import write_tables
from framing.run import Dask, InProcess, ProcessPool, cache, partition, tag_to_folder, tag_to_tables
from framing.run.columns import TABLE_COLUMNS
from framing.run.tables import TableFiles, csv_cell
from framing.scale import plan_frame, tag_frame, tag_with_dask, tags_from_frame
from framing.stance import get_engine
from framing.stream import tag_to_files
from framing.types import StanceLabel, StanceResult

TABLES = ("articles", "segments", "mentions")


def _visible(folder: Path) -> dict[str, bytes]:
    """The tables a reader sees in `folder`: name -> bytes (through the links)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def _same_tables(a: Path, b: Path) -> None:
    assert _visible(a) == _visible(b)
    assert sorted(_visible(a)) == sorted(f"{t}.{s}" for t in TABLES for s in ("csv", "parquet"))


def _tagged_ids(monkeypatch) -> list[str]:
    """Ids of the articles tagged afresh (not read from the cache) in this process."""
    tagged: list[str] = []
    real = partition.tag_or_error_row

    def counted(article, **kwargs):
        tagged.append(article.id)
        return real(article, **kwargs)

    monkeypatch.setattr(partition, "tag_or_error_row", counted)
    return tagged


def test_streamed_files_hold_the_in_memory_tables(tmp_path):
    run = tag_to_files(paths.RAW_DIR, tmp_path / "stream", chunk_size=2)
    write_tables(framing.tag(paths.RAW_DIR), tmp_path / "memory")
    assert (run.n_articles, run.n_segments, run.n_mentions) == (5, 76, 80)
    for name in TABLES:
        stream, memory = tmp_path / "stream" / f"{name}.csv", tmp_path / "memory" / f"{name}.csv"
        assert stream.read_bytes() == memory.read_bytes()
        streamed = pq.read_table(tmp_path / "stream" / f"{name}.parquet")
        assert streamed.equals(pq.read_table(tmp_path / "memory" / f"{name}.parquet"))
        assert streamed.num_rows == getattr(run, f"n_{name}")
        assert pq.ParquetFile(tmp_path / "stream" / f"{name}.parquet").num_row_groups == 3  # chunks of 2 articles
    assert run.files == [tmp_path / "stream" / f"{t}.{s}" for t in TABLES for s in ("csv", "parquet")]


class _WholeNumberEngine:
    """Scores every mention 1 or 0 as Python ints: the float columns must still read '1.0'."""

    name = "whole-numbers"
    version = "1"

    def score(self, items):
        return [
            StanceResult(StanceLabel.FAVOR if i % 2 else StanceLabel.NEUTRAL, i % 2, "test") for i in range(len(items))
        ]


def test_float_columns_are_written_as_floats(tmp_path):
    tag_to_files(paths.RAW_DIR, tmp_path / "out", engine=_WholeNumberEngine(), chunk_size=3, parquet=False)
    written = (tmp_path / "out" / "mentions.csv").read_bytes()
    assert set(pd.read_csv(tmp_path / "out" / "mentions.csv")["score"].astype(str)) == {"0.0", "1.0"}
    assert b",1.0,whole-numbers," in written
    assert sorted(_visible(tmp_path / "out")) == ["articles.csv", "mentions.csv", "segments.csv"]


@pytest.mark.parametrize(
    ("text", "in_csv"),
    [
        ("plain", "plain"),
        ("a,b", "a,b"),
        ('say "no"', 'say "no"'),
        ("line\nbreak", "line\nbreak"),
        ("lone\rcarriage return", "lone\rcarriage return"),
        ("\r\n", "'\r\n"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+7 495 123", "'+7 495 123"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn first", "'\rreturn first"),
        ("-5 degrees", "-5 degrees"),  # a minus stays: negative numbers are written as text too
        ("nul\x00byte", "nul\x00byte"),
        ("Россия, НАТО", "Россия, НАТО"),
        ("", ""),
    ],
)
def test_a_text_cell_reads_back_as_one_cell_and_formulas_are_defused_in_csv_only(tmp_path, text, in_csv):
    row = ("id", 0, 0, 1, "body", text, None, "en", 1.0, 1, "second")
    files = TableFiles(tmp_path, "segments", parquet=True)
    files.append([row, row])
    files.close()
    assert csv_cell(text) == in_csv
    with (tmp_path / "segments.csv").open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))
    assert len(read) == 3 and read[1][5] == read[2][5] == in_csv and read[1][10] == "second"
    frame = pd.read_csv(tmp_path / "segments.csv", dtype=str, keep_default_na=False)
    assert frame["kind_reason"].tolist() == [in_csv, in_csv]
    assert pq.read_table(tmp_path / "segments.parquet").column("kind_reason").to_pylist() == [text, text]


def test_an_empty_corpus_gives_tables_with_their_columns(tmp_path):
    (tmp_path / "data").mkdir()
    run = tag_to_files(tmp_path / "data", tmp_path / "out")
    assert (run.n_articles, run.errors) == (0, [])
    for name in TABLES:
        table = pd.read_csv(tmp_path / "out" / f"{name}.csv")
        assert table.empty and list(table.columns) == TABLE_COLUMNS[name]
        assert pd.read_parquet(tmp_path / "out" / f"{name}.parquet").shape == (0, len(TABLE_COLUMNS[name]))


def _edit(data: Path, pattern: str, old: str, new: str) -> None:
    target = next(data.glob(pattern))
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_the_cache_reuses_unchanged_articles_and_retags_a_changed_one(tmp_path, data_copy, monkeypatch):
    data, cache_dir = data_copy / "raw", tmp_path / "cache"
    tagged = _tagged_ids(monkeypatch)
    tag_to_files(data, tmp_path / "one", cache_dir=cache_dir)
    assert sorted(tagged) == ["bbabo_2022", "belta_2017", "blog_2014", "rt_style", "tass_2022"]
    _edit(data, "*tass*", "Lukashenko", "Lukashenka")
    tagged.clear()
    run = tag_to_files(data, tmp_path / "two", cache_dir=cache_dir)
    assert tagged == ["tass_2022"]  # only the edited article is tagged again
    before = pd.read_csv(tmp_path / "one" / "articles.csv").set_index("id")
    after = pd.read_csv(tmp_path / "two" / "articles.csv").set_index("id")
    assert run.n_articles == 5
    assert (after["sha256"] != before["sha256"]).tolist() == [False, False, False, False, True]  # tass_2022 is last
    # The in-memory run uses the same rows.
    tagged.clear()
    tags = framing.tag(data, cache_dir=cache_dir)
    assert tagged == [] and tags.articles.set_index("id").loc["tass_2022", "outlet"] == "TASS"


def test_an_unchanged_corpus_gets_the_earlier_runs_files_without_tagging(tmp_path, data_copy, monkeypatch):
    data, cache_dir = data_copy / "raw", tmp_path / "cache"
    first = tag_to_files(data, tmp_path / "one", cache_dir=cache_dir)

    def no_tagging(*args, **kwargs):
        raise AssertionError("an unchanged corpus must not be tagged again")

    monkeypatch.setattr(partition, "tag_partition", no_tagging)
    monkeypatch.setattr("framing.run.driver.tag_partition", no_tagging)
    again = tag_to_files(data, tmp_path / "two", cache_dir=cache_dir)
    assert (again.n_articles, again.n_segments, again.n_mentions) == (first.n_articles, 76, 80)
    assert (again.errors, again.warnings) == (first.errors, first.warnings)
    assert [p.name for p in again.files] == [p.name for p in first.files]
    _same_tables(tmp_path / "two", tmp_path / "one")
    # Another chunk size makes other Parquet row groups: that run is tagged (here: refused).
    with pytest.raises(AssertionError, match="must not be tagged"):
        tag_to_files(data, tmp_path / "three", cache_dir=cache_dir, chunk_size=2)


def test_a_kept_run_edited_in_place_is_not_reused(tmp_path, data_copy):
    data, cache_dir = data_copy / "raw", tmp_path / "cache"
    tag_to_files(data, tmp_path / "one", cache_dir=cache_dir)
    # The kept files are hard links to the outputs: an output edited in place edits them.
    with (tmp_path / "one" / "articles.csv").open("a", encoding="utf-8") as table:
        table.write("tampered\n")
    tag_to_files(data, tmp_path / "two", cache_dir=cache_dir)
    assert not (tmp_path / "two" / "articles.csv").read_text(encoding="utf-8").endswith("tampered\n")
    assert len(pd.read_csv(tmp_path / "two" / "articles.csv")) == 5


def test_only_the_newest_runs_are_kept(tmp_path, data_copy):
    data, cache_dir = data_copy / "raw", tmp_path / "cache"
    for size in (1, 2, 3, 4, 5):
        tag_to_files(data, tmp_path / f"out{size}", cache_dir=cache_dir, chunk_size=size)
    assert len(list((cache_dir / "tables").iterdir())) == cache.KEEP_RUNS


def _key(item, engine, *, sha256: str = "a" * 64) -> str:
    return cache.article_key(
        sha256=sha256,
        article_id=item.id,
        source=item.source,
        manifest=item.manifest,
        engine=cache.engine_key(engine),
    )


def test_the_key_follows_the_bytes_the_engine_and_the_manifest_row(tmp_path):
    from dataclasses import replace

    item = plan_corpus(paths.RAW_DIR)[1]
    lexicon = get_engine("lexicon")
    first = _key(item, lexicon)
    assert _key(item, get_engine("lexicon")) == first
    assert _key(item, lexicon, sha256="b" * 64) != first
    assert _key(item, get_engine("nli", model="some/model")) != first
    assert _key(replace(item, manifest=replace(item.manifest, outlet="BelTA")), lexicon) != first
    # A retrained head (another --model folder) is another model: its rows are not reused.
    assert _key(item, get_engine("learned")) != _key(item, get_engine("learned", model=tmp_path / "other"))


def test_the_key_follows_the_libraries_that_shape_tags(monkeypatch):
    item = plan_corpus(paths.RAW_DIR)[0]
    lexicon = get_engine("lexicon")
    before = _key(item, lexicon)
    real = cache.library_versions
    monkeypatch.setattr(cache, "library_versions", lambda names: {**real(names), "trafilatura": "99.0"})
    cache.tagging_digest.cache_clear()
    try:
        assert _key(item, lexicon) != before
    finally:
        monkeypatch.undo()
        cache.tagging_digest.cache_clear()
    assert _key(item, lexicon) == before


def test_only_the_tagging_code_and_resources_are_in_the_key():
    package = Path(framing.__file__).parent
    names = {p.relative_to(package).as_posix() for p in cache.tagging_files()}
    for shaping in (
        "segment.py",
        "language.py",
        "outlets/attribute.py",
        "mentions/speakers.py",
        "matching.py",
        "extract.py",
        "run/article.py",
        "resources/targets.csv",
        "resources/outlets/registry.csv",
    ):
        assert shaping in names
    # Editing a plot, a figure, the command line or the driver re-tags nothing.
    for other in ("plots.py", "figures.py", "cli.py", "run/driver.py", "run/tables.py", "aggregate.py", "lesson.py"):
        assert other not in names


def test_tag_frame_is_a_pure_partition_function():
    plan = plan_frame(paths.RAW_DIR)
    first, second = framing.tag_frame(plan.iloc[:2]), framing.tag_frame(plan.iloc[2:])
    combined = tags_from_frame(pd.concat([first, second], ignore_index=True))
    reference = framing.tag(paths.RAW_DIR)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(combined, name), getattr(reference, name))


def test_tag_frame_passes_engine_options_to_the_engine():
    plan = plan_frame(paths.RAW_DIR).iloc[:2]
    fp32 = tag_frame(plan, engine="learned", engine_options={"use_cache": False})
    bf16 = tag_frame(plan, engine="learned", engine_options={"use_cache": False, "precision": "bf16"})
    fp32_rows, bf16_rows = ([r for cell in frame["mention_rows"] for r in json.loads(cell)] for frame in (fp32, bf16))
    score = TABLE_COLUMNS["mentions"].index("score")
    assert len(fp32_rows) == len(bf16_rows) > 5
    assert [r[score] for r in fp32_rows] != [r[score] for r in bf16_rows]  # bf16 really ran
    assert [r[score] for r in bf16_rows] == pytest.approx([r[score] for r in fp32_rows], abs=0.05)


class _ThresholdRecorder:
    """A stance engine that notes the collector's thresholds each time it is asked to score."""

    name = "threshold-recorder"
    version = "1"

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def score(self, items):
        self.seen.append(gc.get_threshold())
        return [StanceResult(StanceLabel.NEUTRAL, 0.0, "test") for _ in items]


@pytest.mark.parametrize("run", ["tag", "tag_to_files"])
def test_library_calls_leave_the_garbage_collector_alone(run, tmp_path):
    engine = _ThresholdRecorder()
    saved = gc.get_threshold()
    if run == "tag":
        framing.tag(paths.RAW_DIR, engine=engine)
    else:
        tag_to_files(paths.RAW_DIR, tmp_path / "out", engine=engine)
    assert len(engine.seen) == 5 and set(engine.seen) == {saved}
    assert gc.get_threshold() == saved


def test_library_calls_leave_logging_alone(tmp_path):
    import logging

    from tests import bad_input_files

    levels = {name: logging.getLogger(name).level for name in ("trafilatura", "distributed")}
    framing.tag(bad_input_files.DIRECTORY)  # HTML pages go through trafilatura
    assert {name: logging.getLogger(name).level for name in levels} == levels


def test_an_output_folder_inside_the_data_directory_is_not_an_input(tmp_path, data_copy):
    data = data_copy / "raw"
    tag_to_files(data, data / "out", cache_dir=data / "cache")
    again = tag_to_files(data, data / "out", cache_dir=data / "cache")
    assert again.n_articles == 5 and again.errors == []


# --- executors ---------------------------------------------------------------------------


def test_tag_to_tables_is_the_same_on_a_process_pool():
    plan = plan_corpus(paths.RAW_DIR)
    in_process = tag_to_tables(plan, chunk_size=2)
    pooled = tag_to_tables(plan, chunk_size=2, executor=ProcessPool(2))
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(pooled, name), getattr(in_process, name))


def test_dask_writes_files_only():
    with pytest.raises(ValueError, match="writes files: use tag_to_folder"):
        tag_to_tables(plan_corpus(paths.RAW_DIR), executor=Dask("tcp://127.0.0.1:1"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("corpus", "manifest", "chunk_size"),
    [
        pytest.param(paths.RAW_DIR, None, 2, id="seeds"),
        pytest.param(paths.REALWORLD_DIR / "raw", paths.REALWORLD_DIR / "articles.csv", 50, id="realworld"),
    ],
)
def test_every_executor_writes_the_same_bytes(tmp_path, corpus, manifest, chunk_size):
    plan = plan_corpus(corpus, manifest=manifest)
    for name, executor in (("in_process", InProcess()), ("pool", ProcessPool(2)), ("dask", Dask(workers=2))):
        run = tag_to_folder(plan, tmp_path / name, chunk_size=chunk_size, executor=executor)
        assert run.n_articles == len(plan)
    _same_tables(tmp_path / "pool", tmp_path / "in_process")
    _same_tables(tmp_path / "dask", tmp_path / "in_process")
    assert not list((tmp_path / "dask" / ".tables").glob("*/parts"))  # the parts were joined and removed


@pytest.mark.slow
def test_dask_local_cluster_from_the_command_line_matches_one_process(tmp_path):
    from tests.cli_runner import run_framing

    for args, out in ((["--dask", "--partitions", "2"], "dask"), (["--chunk-size", "3"], "single")):
        result = run_framing("tag", str(paths.RAW_DIR), "-o", str(tmp_path / out), *args)
        assert result.returncode == 0, result.stderr
    _same_tables(tmp_path / "dask", tmp_path / "single")


def _corpus_with_bad_files(folder: Path, n_articles: int) -> Path:
    """Synthetic articles plus an empty file and an undecodable one, which get error rows."""
    write_synthetic_corpus(folder, n_articles=n_articles, seed=5)
    (folder / "synthetic_0000003_empty.txt").write_bytes(b"")
    (folder / "synthetic_0000007_binary.txt").write_bytes(bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def dask_cluster():
    """A Dask scheduler with threads in this process: quick to start, and what the
    workers do can be watched from the test."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_dask_with_a_cache_tags_only_what_changed(tmp_path, dask_cluster, monkeypatch):
    corpus = _corpus_with_bad_files(tmp_path / "raw", 20)
    tagged = _tagged_ids(monkeypatch)
    options = {"address": dask_cluster, "partition_size": 6, "cache_dir": tmp_path / "cache"}
    tag_with_dask(corpus, tmp_path / "first", **options)
    assert len(tagged) == 22
    changed = corpus / "synthetic_0000011.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNATO warned Russia again.\n", encoding="utf-8")
    tagged.clear()
    again = tag_with_dask(corpus, tmp_path / "second", **options)
    # The changed article and the two error files (whose rows are never cached).
    assert sorted(tagged) == ["synthetic_0000003_empty", "synthetic_0000007_binary", "synthetic_0000011"]
    tag_to_files(corpus, tmp_path / "single", chunk_size=6)
    _same_tables(tmp_path / "second", tmp_path / "single")
    for name in TABLES:  # written in chunks of 6 as `tag_to_files` writes them
        assert pq.ParquetFile(tmp_path / "second" / f"{name}.parquet").num_row_groups == 4
    assert again.n_articles == 22 and len(again.errors) == 2
    # Unchanged since: the files of the last run come back, nothing is tagged.
    tagged.clear()
    tag_with_dask(corpus, tmp_path / "third", **options)
    assert tagged == []
    _same_tables(tmp_path / "third", tmp_path / "single")
    # Rows cached by Dask serve the single-process run (another chunk size: no whole-run files).
    tag_to_files(corpus, tmp_path / "fourth", chunk_size=5, cache_dir=tmp_path / "cache")
    assert sorted(tagged) == ["synthetic_0000003_empty", "synthetic_0000007_binary"]


def test_an_unreachable_dask_scheduler_is_one_clear_error(tmp_path):
    from framing.run import ExecutorUnavailableError

    with pytest.raises(ExecutorUnavailableError, match=r"cannot reach the Dask scheduler at tcp://127.0.0.1:9: "):
        unreachable = Dask("tcp://127.0.0.1:9", connect_timeout=1)
        tag_to_folder(plan_corpus(paths.RAW_DIR), tmp_path / "out", executor=unreachable)
    assert not (tmp_path / "out" / "articles.csv").exists()


def test_dask_refuses_an_empty_partition(tmp_path):
    with pytest.raises(ValueError, match="partition_size must be at least 1, not 0"):
        tag_with_dask(paths.RAW_DIR, tmp_path, partition_size=0)
    with pytest.raises(ValueError, match="partitions must be at least 1, not -2"):
        tag_with_dask(paths.RAW_DIR, tmp_path, partitions=-2)


# --- the published set -------------------------------------------------------------------


class _InterruptedEngine:
    """Ctrl-C in the middle of a run."""

    name = "interrupted"
    version = "1"

    def score(self, items):
        raise KeyboardInterrupt


def test_a_failed_run_keeps_the_last_set_and_leaves_nothing_behind(tmp_path):
    out = tmp_path / "out"
    tag_to_files(paths.RAW_DIR, out)
    before = _visible(out)
    with pytest.raises(KeyboardInterrupt):
        tag_to_files(paths.RAW_DIR, out, engine=_InterruptedEngine(), chunk_size=1)
    assert _visible(out) == before
    assert sorted(p.name for p in (out / ".tables").iterdir()) == [
        "current",
        "lock",
        os.readlink(out / ".tables/current"),
    ]


def test_leftovers_of_killed_runs_are_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    tag_to_files(paths.RAW_DIR, out)
    (out / ".tables" / "run-killed").mkdir()
    (out / ".tables" / "run-killed" / "articles.csv").write_text("half", encoding="utf-8")
    (out / ".tables" / "current.123.tmp").symlink_to("run-killed")
    (out / ".articles.csv.4242.tmp").write_text("an older version's temp file", encoding="utf-8")
    tag_to_files(paths.RAW_DIR, out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".tables"]
    assert sorted(p.name for p in (out / ".tables").iterdir()) == [
        "current",
        "lock",
        os.readlink(out / ".tables/current"),
    ]


def test_tables_written_before_as_plain_files_are_replaced_by_the_set(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in TABLES:
        (out / f"{name}.csv").write_text("from an older version\n", encoding="utf-8")
    tag_to_files(paths.RAW_DIR, out, parquet=False)
    assert all((out / f"{name}.csv").is_symlink() for name in TABLES)
    assert len(pd.read_csv(out / "articles.csv")) == 5
    tag_to_files(paths.RAW_DIR, out)  # Parquet joins the set ...
    assert (out / "mentions.parquet").is_file()
    tag_to_files(paths.RAW_DIR, out, parquet=False)  # ... and leaves it again
    assert not (out / "mentions.parquet").exists() and not (out / "mentions.parquet").is_symlink()


def test_without_symbolic_links_the_files_are_replaced_one_by_one(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise OSError("symbolic links are not allowed here")

    monkeypatch.setattr(os, "symlink", refused)
    run = tag_to_files(paths.RAW_DIR, tmp_path / "out")
    assert all(path.is_file() and not path.is_symlink() for path in run.files)
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 5
    assert [p.name for p in (tmp_path / "out" / ".tables").iterdir()] == ["lock"]


def test_kept_tables_survive_the_output_being_replaced(tmp_path, data_copy):
    data, cache_dir = data_copy / "raw", tmp_path / "cache"
    tag_to_files(data, tmp_path / "out", cache_dir=cache_dir)
    first = _visible(tmp_path / "out")
    _edit(data, "*tass*", "Lukashenko", "Lukashenka")
    tag_to_files(data, tmp_path / "out", cache_dir=cache_dir)
    _edit(data, "*tass*", "Lukashenka", "Lukashenko")
    tag_to_files(data, tmp_path / "again", cache_dir=cache_dir)  # restored from the kept tables
    assert _visible(tmp_path / "again") == first


def test_rows_of_a_dataframe_are_plain_python_values():
    from framing.run.tables import rows_of_frame

    frame = pd.DataFrame({"a": [1.5, None], "b": pd.array([3, None], dtype="Int64"), "c": ["x", None]})
    assert rows_of_frame(frame) == [(1.5, 3, "x"), (None, None, None)]
    assert type(rows_of_frame(frame)[0][0]) is float


def test_csv_text_with_a_header_only(tmp_path):
    from framing.run.tables import columns_of, csv_text

    assert csv_text("articles", columns_of("articles", []), header=True) == ",".join(TABLE_COLUMNS["articles"]) + "\r\n"
    assert io.StringIO(csv_text("mentions", columns_of("mentions", []))).read() == ""
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_plan_of_one_file_holds_that_article_and_says_why_a_manifest_is_no_article(data_copy):
    one = plan_corpus(data_copy / "raw" / "2017-04-21_belta_belarus-military-cooperation-russia-nato.txt")
    assert [(p.id, p.error, p.source) for p in one] == [
        ("belta_2017", None, "2017-04-21_belta_belarus-military-cooperation-russia-nato.txt")
    ]
    manifest = plan_corpus(data_copy / "articles.csv")
    assert [(p.id, p.read_file, p.error) for p in manifest] == [
        ("articles", False, "not read as an article: a manifest, outlet list, README or hidden file")
    ]

"""Streaming output, the result cache, Dask, the benchmark and the fast language path."""

from __future__ import annotations

import json
import os
import platform
import shutil
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing import paths, stream
from framing.bench import (
    ChildPeakMemory,
    language_agreement,
    machine_description,
    run_batching_benchmark,
    stance_items,
    write_synthetic_corpus,
)
from framing.language import detect_language_with_probability
from framing.mentions import find_targets
from framing.output import write_tables
from framing.pipeline import TABLE_COLUMNS, tag
from framing.scale import plan_frame, tag_frame, tag_with_dask, tags_from_frame
from framing.stream import ResultCache, tag_to_files
from framing.types import StanceLabel, StanceResult
from tests.cli_runner import run_framing

TABLES = ("articles", "segments", "mentions")


def test_streaming_output_equals_the_in_memory_tables(tmp_path):
    run = tag_to_files(paths.RAW_DIR, tmp_path / "stream", chunk_size=2)
    write_tables(tag(paths.RAW_DIR), tmp_path / "memory")
    assert (run.n_articles, run.n_segments, run.n_mentions) == (5, 76, 80)
    for name in TABLES:
        assert (tmp_path / "stream" / f"{name}.csv").read_bytes() == (tmp_path / "memory" / f"{name}.csv").read_bytes()
        assert pd.read_parquet(tmp_path / "stream" / f"{name}.parquet").shape[0] == getattr(run, f"n_{name}")
    assert not [p for p in (tmp_path / "stream").iterdir() if p.name.startswith(".")]  # no temp files left


class _WholeNumberEngine:
    """Scores every mention 1 or 0 as Python ints: the float columns must still read '1.0'."""

    name = "whole-numbers"
    version = "1"

    def score(self, items):
        return [
            StanceResult(StanceLabel.FAVOR if i % 2 else StanceLabel.NEUTRAL, i % 2, "test") for i in range(len(items))
        ]


def test_streamed_float_columns_are_written_as_floats_like_pandas_does(tmp_path):
    engine = _WholeNumberEngine()
    tag_to_files(paths.RAW_DIR, tmp_path / "stream", engine=engine, chunk_size=3, parquet=False)
    write_tables(tag(paths.RAW_DIR, engine=engine), tmp_path / "memory", parquet=False)
    streamed = (tmp_path / "stream" / "mentions.csv").read_bytes()
    assert streamed == (tmp_path / "memory" / "mentions.csv").read_bytes()
    assert set(pd.read_csv(tmp_path / "stream" / "mentions.csv")["score"].astype(str)) == {"0.0", "1.0"}
    assert b",1.0,whole-numbers," in streamed


#: Cell values that exercise the CSV quoting rules and every type the writer meets.
_CELL_VALUES = [
    "",
    "plain",
    "a,b",
    'say "no"',
    '"',
    "line\nbreak",
    "carriage\rreturn",
    "\r\n",
    " spaced ",
    "tab\there",
    "nul\x00byte",
    "Россия, НАТО",
    "“curly” — dash",
    None,
    0,
    -7,
    123456789012,
    True,
    False,
    0.0,
    -0.0,
    1.5,
    1e-20,
    float("nan"),
    float("inf"),
    StanceLabel.FAVOR,  # a str subclass
]


@pytest.mark.parametrize("seed", range(20))
def test_csv_lines_equal_the_csv_modules_rows(seed):
    import csv
    import io
    import random

    rng = random.Random(seed)
    n_columns = rng.randint(1, 6)
    floats = [rng.random() < 0.3 for _ in range(n_columns)]
    pools = [rng.sample(_CELL_VALUES, rng.randint(1, 4)) for _ in range(n_columns)]
    pools = [
        [v for v in pool if not isinstance(v, str)] or [1] if is_float else pool
        for pool, is_float in zip(pools, floats, strict=True)
    ]
    rows = [[rng.choice(pool) for pool in pools] for _ in range(rng.randint(1, 30))]
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    for row in rows:
        writer.writerow([float(v) if f and v is not None else v for v, f in zip(row, floats, strict=True)])
    columns = [list(column) for column in zip(*rows, strict=True)]
    assert stream.csv_lines(columns, floats) == expected.getvalue()


def test_csv_lines_of_no_rows_is_empty():
    assert stream.csv_lines([[], []], [False, True]) == ""


def test_csv_lines_quote_an_empty_cell_that_is_a_whole_row():
    assert stream.csv_lines([["", "a", None]], [False]) == '""\na\n""\n'
    assert stream.csv_lines([["", "x"], [None, 1]], [False, False]) == ",\nx,1\n"


def test_csv_lines_fall_back_to_the_csv_module_where_its_rules_differ(monkeypatch):
    stream._csv_rules_hold.cache_clear()
    monkeypatch.setattr(stream, "_CSV_PROBE", ("a\rb",))
    monkeypatch.setattr(stream, "_quoted", lambda text: f'"{text}"' if "\r" in text else text)
    try:
        assert not stream._csv_rules_hold()
        assert stream.csv_lines([["a\rb", "x,y"], [1, 2.5]], [False, True]) == 'a\rb,1.0\n"x,y",2.5\n'
    finally:
        stream._csv_rules_hold.cache_clear()


def test_streamed_parquet_equals_the_tables_from_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    tags = tag(paths.RAW_DIR)
    tag_to_files(paths.RAW_DIR, tmp_path / "stream", chunk_size=2)
    for name in TABLES:
        records = getattr(tags, name).astype(object).where(getattr(tags, name).notna(), None).to_dict("records")
        expected = pa.Table.from_pylist(records, schema=stream.arrow_schema(name))
        assert pq.read_table(tmp_path / "stream" / f"{name}.parquet").equals(expected)


def test_an_empty_corpus_gives_tables_with_their_columns(tmp_path):
    (tmp_path / "data").mkdir()
    run = tag_to_files(tmp_path / "data", tmp_path / "out")
    assert (run.n_articles, run.errors) == (0, [])
    for name in TABLES:
        table = pd.read_csv(tmp_path / "out" / f"{name}.csv")
        assert table.empty and list(table.columns) == TABLE_COLUMNS[name]
        assert pd.read_parquet(tmp_path / "out" / f"{name}.parquet").shape == (0, len(TABLE_COLUMNS[name]))


def test_cache_reuses_unchanged_articles_and_retags_a_changed_one(tmp_path, data_copy):
    data = data_copy / "raw"
    cache = tmp_path / "cache"
    tag_to_files(data, tmp_path / "one", cache_dir=cache)
    warm = ResultCache(cache)
    tags = tag(data, cache_dir=cache)
    assert len(tags.articles) == 5
    target = next(data.glob("*tass*"))
    target.write_text(target.read_text(encoding="utf-8").replace("Lukashenko", "Lukashenka"), encoding="utf-8")
    from framing.corpus import plan_corpus
    from framing.stance import get_engine
    from framing.stream import tag_planned

    engine = get_engine("lexicon")
    for item in plan_corpus(data):
        tag_planned(item, root=data, engine=engine, cache=warm)
    assert (warm.hits, warm.misses) == (4, 1)  # only the edited article is tagged again
    run = tag_to_files(data, tmp_path / "two", cache_dir=cache)
    before = pd.read_csv(tmp_path / "one" / "articles.csv").set_index("id")
    after = pd.read_csv(tmp_path / "two" / "articles.csv").set_index("id")
    assert run.n_articles == 5
    assert (after["sha256"] != before["sha256"]).tolist() == [False, False, False, False, True]  # tass_2022 is last


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_unchanged_corpus_gets_the_earlier_runs_files_without_tagging(tmp_path, data_copy, monkeypatch):
    data, cache = data_copy / "raw", tmp_path / "cache"
    first = tag_to_files(data, tmp_path / "one", cache_dir=cache)

    def no_tagging(*args, **kwargs):
        raise AssertionError("an unchanged corpus must not be tagged again")

    monkeypatch.setattr(stream, "tag_planned", no_tagging)
    again = tag_to_files(data, tmp_path / "two", cache_dir=cache)
    assert (again.n_articles, again.n_segments, again.n_mentions) == (first.n_articles, 76, 80)
    assert (again.errors, again.warnings) == (first.errors, first.warnings)
    assert [p.name for p in again.files] == [p.name for p in first.files]
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    # Another chunk size makes other Parquet row groups: that run is tagged (here: refused).
    with pytest.raises(AssertionError, match="must not be tagged"):
        tag_to_files(data, tmp_path / "three", cache_dir=cache, chunk_size=2)


def test_a_kept_run_edited_in_place_is_not_reused(tmp_path, data_copy):
    data, cache = data_copy / "raw", tmp_path / "cache"
    tag_to_files(data, tmp_path / "one", cache_dir=cache)
    # The kept files are hard links to the outputs: an output edited in place edits them.
    with (tmp_path / "one" / "articles.csv").open("a", encoding="utf-8") as table:
        table.write("tampered\n")
    tag_to_files(data, tmp_path / "two", cache_dir=cache)
    assert not (tmp_path / "two" / "articles.csv").read_text(encoding="utf-8").endswith("tampered\n")
    assert len(pd.read_csv(tmp_path / "two" / "articles.csv")) == 5


def test_only_the_newest_runs_are_kept(tmp_path, data_copy):
    data, cache = data_copy / "raw", tmp_path / "cache"
    for size in (1, 2, 3, 4, 5):
        tag_to_files(data, tmp_path / f"out{size}", cache_dir=cache, chunk_size=size)
    assert len(list((cache / "runs").iterdir())) == ResultCache.KEEP_RUNS


def _edit(data, pattern, old, new):
    target = next(data.glob(pattern))
    target.write_text(target.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_edit_within_the_same_modification_time_is_not_missed(tmp_path, data_copy):
    data, cache = data_copy / "raw", tmp_path / "cache"
    target = next(data.glob("*tass*"))
    _edit(data, "*tass*", "Lukashenko", "Lukashenka")  # edited just before the run hashes it
    tag_to_files(data, tmp_path / "one", cache_dir=cache)
    stat = target.stat()
    _edit(data, "*tass*", "Lukashenka", "Lukashenkx")  # the same size,
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and, as on a coarse clock, the same time
    tag_to_files(data, tmp_path / "two", cache_dir=cache)
    segments = pd.read_csv(tmp_path / "two" / "segments.csv")
    assert segments[segments["article_id"].str.contains("tass")]["text"].str.contains("Lukashenkx").any()


def test_files_modified_well_before_hashing_are_not_read_again(tmp_path, data_copy, monkeypatch):
    data, cache = data_copy / "raw", tmp_path / "cache"
    for path in data.iterdir():
        os.utime(path, ns=(10**18, 10**18))  # 2001: long before this run
    tag_to_files(data, tmp_path / "one", cache_dir=cache)
    reads = []
    monkeypatch.setattr(stream, "sha256_file", lambda path: reads.append(path) or "")
    ResultCache(cache).file_sha256(next(data.glob("*tass*")))
    assert reads == []


def test_packs_that_no_recent_run_uses_are_deleted(tmp_path, data_copy, monkeypatch):
    monkeypatch.setattr(ResultCache, "KEEP_KEY_SETS", 2)
    data, cache = data_copy / "raw", tmp_path / "cache"
    tag_to_files(data, tmp_path / "one", cache_dir=cache, chunk_size=1)  # a pack per article
    assert len(list((cache / "packs").iterdir())) == 5
    _edit(data, "*tass*", "Lukashenko", "Lukashenka")
    tag_to_files(data, tmp_path / "two", cache_dir=cache, chunk_size=1)
    assert len(list((cache / "packs").iterdir())) == 6  # the first run's set is still one of the last 2
    tag(data, cache_dir=cache)  # the same articles again: nothing new, nothing pruned
    assert len(list((cache / "packs").iterdir())) == 6
    _edit(data, "*belta*", "Belarus", "Belarus ")
    tag_to_files(data, tmp_path / "three", cache_dir=cache, chunk_size=1)
    # The original tass article was used only by the first run, which is no longer among the last 2.
    assert len(list((cache / "packs").iterdir())) == 6
    assert len(list((cache / "uses").iterdir())) == 2
    warm = ResultCache(cache)
    from framing.corpus import plan_corpus
    from framing.stance import get_engine
    from framing.stream import tag_planned

    engine = get_engine("lexicon")
    for item in plan_corpus(data):
        tag_planned(item, root=data, engine=engine, cache=warm)
    assert (warm.hits, warm.misses) == (5, 0)  # the current articles all stayed
    _edit(data, "*tass*", "Lukashenka", "Lukashenko")  # back to the pruned version
    rerun = ResultCache(cache)
    for item in plan_corpus(data):
        tag_planned(item, root=data, engine=engine, cache=rerun)
    assert (rerun.hits, rerun.misses) == (4, 1)


def test_an_unreadable_use_record_prunes_nothing(tmp_path, data_copy, monkeypatch):
    monkeypatch.setattr(ResultCache, "KEEP_KEY_SETS", 1)
    data, cache = data_copy / "raw", tmp_path / "cache"
    tag_to_files(data, tmp_path / "one", cache_dir=cache, chunk_size=1)
    (cache / "uses" / "broken.marshal").write_bytes(b"not marshal")
    os.utime(cache / "uses" / "broken.marshal", ns=(2**62, 2**62))  # the newest record
    _edit(data, "*tass*", "Lukashenko", "Lukashenka")
    tag_to_files(data, tmp_path / "two", cache_dir=cache, chunk_size=1)
    assert len(list((cache / "packs").iterdir())) == 6


def test_a_chunks_new_rows_go_into_one_pack_that_later_runs_find(tmp_path, data_copy):
    from framing.corpus import plan_corpus
    from framing.stance import get_engine
    from framing.stream import article_key

    data, cache = data_copy / "raw", tmp_path / "cache"
    tag_to_files(data, tmp_path / "one", cache_dir=cache, chunk_size=2)
    assert len(list((cache / "packs").iterdir())) == 3  # 5 articles in chunks of 2
    assert not [p for p in cache.iterdir() if len(p.name) == 2]  # no file per article
    warm, engine = ResultCache(cache), get_engine("lexicon")
    plan = plan_corpus(data)
    rows = [warm.get(article_key(warm, item, root=data, engine=engine)) for item in plan]
    assert [r[0]["id"] for r in rows] == [item.id for item in plan]
    assert [len(r[1]) for r in rows] == pd.read_csv(tmp_path / "one" / "articles.csv")["n_segments"].tolist()
    # A lost pack costs only a re-tagging of its articles.
    for pack in (cache / "packs").iterdir():
        pack.unlink()
    shutil.rmtree(cache / "runs")
    tag_to_files(data, tmp_path / "two", cache_dir=cache, chunk_size=2)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert len(list((cache / "packs").iterdir())) == 3  # written again


def test_tag_with_a_cache_stores_its_new_rows_in_one_pack(tmp_path):
    from framing.corpus import plan_corpus
    from framing.stance import get_engine
    from framing.stream import tag_planned

    cache = tmp_path / "cache"
    first = tag(paths.RAW_DIR, cache_dir=cache)
    assert len(list((cache / "packs").iterdir())) == 1
    warm = ResultCache(cache)
    engine = get_engine("lexicon")
    rows = [tag_planned(item, root=paths.RAW_DIR, engine=engine, cache=warm) for item in plan_corpus(paths.RAW_DIR)]
    assert (warm.hits, warm.misses) == (5, 0)
    assert [r[0]["outlet"] for r in rows] == first.articles["outlet"].tolist()


def test_cache_key_changes_with_the_engine_and_the_bytes(tmp_path):
    from framing.corpus import plan_corpus
    from framing.stance import get_engine

    cache = ResultCache(tmp_path)
    item = plan_corpus(paths.RAW_DIR)[0]

    def key(raw_sha256: str, engine) -> str:
        return cache.key(
            article_id=item.id,
            path=item.path,
            manifest=item.manifest,
            raw_sha256=raw_sha256,
            engine=engine,
            root=paths.RAW_DIR,
        )

    lexicon = get_engine("lexicon")
    first, other_bytes = key("a" * 64, lexicon), key("b" * 64, lexicon)
    other_engine = key("a" * 64, get_engine("nli", model="some/model"))
    assert key("a" * 64, get_engine("lexicon")) == first
    # A retrained head (another --model folder) is another model: its rows are not reused.
    assert key("a" * 64, get_engine("learned")) != key("a" * 64, get_engine("learned", model=tmp_path / "other"))
    assert len({first, other_bytes, other_engine}) == 3


def test_tag_frame_is_a_pure_partition_function():
    plan = plan_frame(paths.RAW_DIR)
    # The name for it: `framing.tag_frame(pandas.DataFrame) -> DataFrame`.
    first, second = framing.tag_frame(plan.iloc[:2]), framing.tag_frame(plan.iloc[2:])
    combined = tags_from_frame(pd.concat([first, second], ignore_index=True))
    reference = tag(paths.RAW_DIR)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(combined, name), getattr(reference, name))


@pytest.mark.slow
def test_dask_local_scheduler_matches_single_process(tmp_path):
    for args, out in ((["--dask", "--partitions", "2"], "dask"), ([], "single")):
        result = run_framing("tag", str(paths.RAW_DIR), "-o", str(tmp_path / out), *args)
        assert result.returncode == 0, result.stderr
    for name in TABLES:
        assert (tmp_path / "dask" / f"{name}.csv").read_bytes() == (tmp_path / "single" / f"{name}.csv").read_bytes()


def _corpus_with_bad_files(folder: Path, n_articles: int) -> Path:
    """Synthetic articles plus an empty file and an undecodable one, which get error rows."""
    write_synthetic_corpus(folder, n_articles=n_articles, seed=5)
    (folder / "synthetic_0000003_empty.txt").write_bytes(b"")
    (folder / "synthetic_0000007_binary.txt").write_bytes(bytes(range(256)) * 4)
    return folder


def _same_tables(a: Path, b: Path) -> None:
    import pyarrow.parquet as pq

    for name in TABLES:
        assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes(), name
        assert pq.read_table(a / f"{name}.parquet").equals(pq.read_table(b / f"{name}.parquet")), name


@pytest.mark.slow
def test_dask_streams_many_partitions_in_plan_order(tmp_path):
    corpus = _corpus_with_bad_files(tmp_path / "raw", 40)
    single = tag_to_files(corpus, tmp_path / "single")
    # 42 articles in partitions of 6: 7 partitions, computed in 4 waves of 2 on 2 processes.
    dask_run = tag_with_dask(corpus, tmp_path / "dask", partition_size=6)
    _same_tables(tmp_path / "dask", tmp_path / "single")
    assert (dask_run.n_articles, dask_run.n_segments, dask_run.n_mentions) == (42, single.n_segments, single.n_mentions)
    assert sorted(dask_run.errors) == sorted(single.errors) and len(single.errors) == 2
    assert [f.name for f in dask_run.files] == [f.name for f in single.files] and all(
        f.is_file() for f in dask_run.files
    )


@pytest.mark.slow
def test_dask_on_a_cluster_address_matches_single_process(tmp_path):
    from dask.distributed import LocalCluster

    corpus = _corpus_with_bad_files(tmp_path / "raw", 12)
    tag_to_files(corpus, tmp_path / "single")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        run = tag_with_dask(corpus, tmp_path / "dask", address=cluster.scheduler_address, partition_size=5)
    _same_tables(tmp_path / "dask", tmp_path / "single")
    assert run.n_articles == 14 and len(run.errors) == 2


def test_dask_refuses_an_empty_partition_size(tmp_path):
    with pytest.raises(ValueError, match="partition_size must be at least 1, not 0"):
        tag_with_dask(paths.RAW_DIR, tmp_path, partition_size=0)


@pytest.fixture(scope="module")
def dask_cluster():
    """A Dask scheduler with threads in this process: quick to start, for the tests of
    what the driver does."""
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _counting_dask_calls(monkeypatch) -> list[int]:
    """Record how many articles each run sends to Dask."""
    from framing import scale

    sent: list[int] = []
    real = scale._tagged_on_dask

    def counted(plan, *args):
        sent.append(len(plan))
        return real(plan, *args)

    monkeypatch.setattr(scale, "_tagged_on_dask", counted)
    return sent


@pytest.mark.slow
def test_dask_with_a_cache_tags_only_what_changed(tmp_path, dask_cluster, monkeypatch):
    import pyarrow.parquet as pq

    corpus = _corpus_with_bad_files(tmp_path / "raw", 20)
    sent = _counting_dask_calls(monkeypatch)
    options = {"address": dask_cluster, "partition_size": 6, "cache_dir": tmp_path / "cache"}
    tag_with_dask(corpus, tmp_path / "first", **options)
    changed = corpus / "synthetic_0000011.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nNATO warned Russia again.\n", encoding="utf-8")
    again = tag_with_dask(corpus, tmp_path / "second", **options)
    # All 22 the first time; then the changed article and the two error files (whose rows
    # are never cached), the other 19 read from the cache.
    assert sent == [22, 3]
    tag_to_files(corpus, tmp_path / "single", chunk_size=6)
    _same_tables(tmp_path / "second", tmp_path / "single")
    for name in TABLES:  # written in chunks of 6 as `tag_to_files` writes them
        dask_file, single_file = (
            pq.ParquetFile(d / f"{name}.parquet") for d in (tmp_path / "second", tmp_path / "single")
        )
        assert dask_file.num_row_groups == single_file.num_row_groups == 4
    assert again.n_articles == 22 and len(again.errors) == 2
    # Unchanged since: the files of the last run come back, nothing goes to Dask.
    tag_with_dask(corpus, tmp_path / "third", **options)
    assert sent == [22, 3]
    _same_tables(tmp_path / "third", tmp_path / "single")


@pytest.mark.slow
def test_rows_cached_by_dask_serve_the_single_process_run(tmp_path, dask_cluster, monkeypatch):
    corpus = _corpus_with_bad_files(tmp_path / "raw", 10)
    tag_with_dask(corpus, tmp_path / "dask", address=dask_cluster, partition_size=4, cache_dir=tmp_path / "cache")
    tagged: list[str] = []
    real = stream.tag_or_error_row

    def counted(article, **kwargs):
        tagged.append(article.id)
        return real(article, **kwargs)

    monkeypatch.setattr(stream, "tag_or_error_row", counted)
    # Another chunk size is another run (no whole-run files to restore): rows come one by one.
    tag_to_files(corpus, tmp_path / "single", chunk_size=5, cache_dir=tmp_path / "cache")
    assert sorted(tagged) == ["synthetic_0000003_empty", "synthetic_0000007_binary"]
    for name in TABLES:
        assert (tmp_path / "dask" / f"{name}.csv").read_bytes() == (tmp_path / "single" / f"{name}.csv").read_bytes()


def test_tag_frame_passes_engine_options_to_the_engine():
    plan = plan_frame(paths.RAW_DIR).iloc[:2]
    fp32 = tag_frame(plan, engine="learned", engine_options={"use_cache": False})
    bf16 = tag_frame(plan, engine="learned", engine_options={"use_cache": False, "precision": "bf16"})
    fp32_rows, bf16_rows = ([r for cell in frame["mention_rows"] for r in json.loads(cell)] for frame in (fp32, bf16))
    score = TABLE_COLUMNS["mentions"].index("score")
    assert len(fp32_rows) == len(bf16_rows) > 5
    assert [r[score] for r in fp32_rows] != [r[score] for r in bf16_rows]  # bf16 really ran
    assert [r[score] for r in bf16_rows] == pytest.approx([r[score] for r in fp32_rows], abs=0.05)


def test_synthetic_corpus_is_seeded(tmp_path):
    write_synthetic_corpus(tmp_path / "a", n_articles=3, seed=7)
    write_synthetic_corpus(tmp_path / "b", n_articles=3, seed=7)
    a = [p.read_bytes() for p in sorted((tmp_path / "a").iterdir())]
    assert a == [p.read_bytes() for p in sorted((tmp_path / "b").iterdir())]
    assert len(set(a)) == 3
    words = len((tmp_path / "a" / "synthetic_0000000.txt").read_text(encoding="utf-8").split())
    assert 600 <= words <= 760


def test_synthetic_sentences_repeat_about_as_rarely_as_in_news(tmp_path):
    from framing.mentions import split_sentences

    write_synthetic_corpus(tmp_path, n_articles=30, seed=1)
    every = []
    for page in sorted(tmp_path.iterdir()):
        body = [line for line in page.read_text(encoding="utf-8").splitlines() if len(line.split()) > 12]
        sentences = [line[s:e] for line in body for s, e in split_sentences(line)]
        assert len(sentences) == len(set(sentences)) >= 20  # no sentence twice in a page
        every += sentences
    assert len(set(every)) / len(every) > 0.97  # and few across pages (memo caches get no free hits)


def test_fast_language_path_agrees_with_langdetect_on_the_seeds(seed_tags):
    report = language_agreement(seed_tags.segments["text"].tolist())
    assert report["segments"] == 76
    assert report["agreement"] == 1.0
    assert report["known"] == 0


def test_language_agreement_scores_both_detectors_against_known_languages():
    texts = [
        "Belarus President Alexander Lukashenko once made the relevant statement",  # langdetect: 'und'
        "Die Nato hat an der Grenze zur Ukraine keine Truppen, sagte er.",
        "Home | World | Politics | Events",
    ]
    report = language_agreement(texts, ["en", "de", None])
    assert report["known"] == 2
    assert (report["fast_right"], report["langdetect_right"]) == (1.0, 0.5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said that the talks with the alliance will go on.", ("en", 1.0)),
        ("Die Nato hat an der Grenze zur Ukraine keine Truppen, sagte er.", ("de", 1.0)),
        ("Россия и Беларусь проводят учения, которые начнутся в феврале.", ("ru", 1.0)),
    ],
)
def test_function_words_decide_clear_cases(text, expected):
    assert detect_language_with_probability(text) == expected


def test_other_languages_still_go_to_langdetect():
    french = "Le président a déclaré que les négociations avec l'alliance continueront cette semaine."
    assert detect_language_with_probability(french)[0] == "fr"


def test_bench_command_prints_every_stage():
    result = run_framing("bench", "--articles", "20")
    assert result.returncode == 0, result.stderr
    for stage in ("load", "segment", "language", "outlet", "mentions", "stance", "write", "frames"):
        assert f"  {stage} " in result.stdout
    assert "articles/s" in result.stdout and "peak memory" in result.stdout and "faster" in result.stdout
    assert result.stdout.startswith("machine: ") and f"Python {platform.python_version()}" in result.stdout


def test_machine_description_names_the_cpu_model(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\nprocessor\t: 1\n")
    described = machine_description(cpuinfo)
    assert described.startswith(f"AMD EPYC 7B13, {os.cpu_count()} cores, ")
    assert described.endswith(f" GiB, Python {platform.python_version()}")


def test_machine_description_without_cpuinfo_falls_back_to_platform(tmp_path):
    described = machine_description(tmp_path / "absent")
    assert described.startswith(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")


@pytest.mark.slow
def test_bench_command_times_dask_on_local_processes():
    result = run_framing("bench", "--dask", "--articles", "12", "--chunk-size", "5")
    assert result.returncode == 0, result.stderr
    assert f"dask, local processes ({os.cpu_count()} workers, partitions of 5 articles), cold: " in result.stdout
    assert "articles: 12, " in result.stdout and "largest worker" in result.stdout
    assert "warm run (result cache): " in result.stdout and "warm run with one article changed" in result.stdout


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_child_peak_memory_sees_a_child_that_grows():
    import subprocess
    import sys

    grow = "import time; block = bytearray(150 * 2**20); time.sleep(0.6)"  # 150 MB, touched
    with ChildPeakMemory(interval=0.05) as watch:
        subprocess.run([sys.executable, "-c", grow], check=True)
    assert 150 < watch.peak_mb < 300


def test_stance_items_mark_a_real_target():
    items = stance_items(12, seed=3)
    assert len(items) == 12 and len({item.text for item in items}) == 12
    for item in items:
        surface = item.text[item.span[0] : item.span[1]]
        assert [m.target for m in find_targets(surface)] == [item.target]
    assert stance_items(12, seed=3) == items  # seeded


def test_batching_benchmark_on_the_learned_engine():
    result = run_batching_benchmark("learned", n_sentences=8, batch_size=4)
    assert (result.engine, result.n_sentences, result.batch_size, result.threads) == ("learned", 8, 4, 1)
    assert result.batched_per_s > 0 and result.single_per_s > 0
    assert "speed-up from batching" in result.format() and result.format().startswith("machine: ")


def test_bench_command_explains_an_engine_without_its_model(tmp_path):
    result = run_framing(
        "bench", "--engine", "nli", "--sentences", "4", env={"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path)}
    )
    assert result.returncode == 1
    assert "cannot benchmark engine 'nli'" in result.stderr and "is not available on this machine" in result.stderr


def test_time_notebooks_runs_each_notebook_the_given_times(tmp_path):
    import nbformat
    from nbclient.exceptions import CellExecutionError

    from framing.bench import time_notebooks

    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7")]), good)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), bad)
    times = time_notebooks([good], runs=2)
    assert list(times.seconds) == ["good"] and len(times.seconds["good"]) == 2
    assert all(s > 0 for s in times.seconds["good"])
    assert "good" in times.format() and "run 2:" in times.format()
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        time_notebooks([bad], runs=1)


def test_regular_file_sha256_is_file_sha256_of_what_is_a_file(tmp_path, monkeypatch):
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.txt").write_text("a", encoding="utf-8")
    (real / "sub" / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "via").symlink_to(real)  # a linked directory: names resolve through it
    (real / "link.txt").symlink_to(real / "sub" / "b.txt")
    (real / "dangling.txt").symlink_to(real / "missing.txt")
    (real / "to_dir").symlink_to(real / "sub")
    monkeypatch.chdir(tmp_path)
    paths_ = [
        real / "a.txt",
        Path("real/sub/b.txt"),  # relative
        tmp_path / "via" / "sub" / "b.txt",
        tmp_path / "via" / "sub" / ".." / "a.txt",
        real / "link.txt",
        real / "dangling.txt",
        real / "to_dir",
        real / "sub",
        real / "missing.txt",
        real / "a.txt" / "below_a_file.txt",
    ]
    fast, slow = ResultCache(tmp_path / "one"), ResultCache(tmp_path / "two")
    for path in paths_:
        expected = slow.file_sha256(path) if path.is_file() else None
        assert fast.regular_file_sha256(path) == expected, path
    assert fast._files == slow._files  # indexed under the same resolved names
    assert str((real / "a.txt").resolve()) in fast._files


@pytest.mark.slow
def test_dask_tags_at_the_driver_the_articles_whose_pack_has_gone(tmp_path, dask_cluster, monkeypatch):
    corpus = _corpus_with_bad_files(tmp_path / "raw", 8)
    cache = tmp_path / "cache"
    tag_with_dask(corpus, tmp_path / "first", address=dask_cluster, partition_size=5, cache_dir=cache)
    lost = sorted((cache / "packs").iterdir())[0]
    lost.unlink()
    sent = _counting_dask_calls(monkeypatch)
    # Another partition size is another run, so no whole-run files are restored.
    tag_with_dask(corpus, tmp_path / "second", address=dask_cluster, partition_size=3, cache_dir=cache)
    assert sent == [2]  # only the two error files, whose rows are never cached
    tag_to_files(corpus, tmp_path / "single", chunk_size=3)
    _same_tables(tmp_path / "second", tmp_path / "single")
    # The rows tagged again were stored again: a later run tags only the error files.
    tagged: list[str] = []
    real = stream.tag_or_error_row
    monkeypatch.setattr(
        stream, "tag_or_error_row", lambda article, **kw: tagged.append(article.id) or real(article, **kw)
    )
    tag_to_files(corpus, tmp_path / "third", chunk_size=4, cache_dir=cache)
    assert sorted(tagged) == ["synthetic_0000003_empty", "synthetic_0000007_binary"]

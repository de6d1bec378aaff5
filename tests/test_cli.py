from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from framing import paths
from framing.figures import FIGURES, make_figures
from tests.cli_runner import run_framing


def test_tag_command_writes_tables(data_copy, tmp_path):
    (data_copy / "raw" / "new_story.txt").write_text("NATO troops arrive\n\nSoldiers arrived on Monday.\n")
    out = tmp_path / "out"
    result = run_framing("tag", str(data_copy / "raw"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "tagged 6 articles (0 with errors)" in result.stdout
    articles = pd.read_csv(out / "articles.csv")
    assert len(articles) == 6
    assert articles.set_index("id").loc["tass_2022", "outlet"] == "TASS"
    assert (out / "segments.parquet").is_file()
    assert pd.read_parquet(out / "segments.parquet").shape[0] == pd.read_csv(out / "segments.csv").shape[0]


def test_strict_exits_nonzero_on_errors_but_writes_everything(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "empty.txt").write_bytes(b"")
    (data / "fine.txt").write_text("Headline of a fine story\n\nThe story has one sentence in it, as said.\n")
    lenient = run_framing("tag", str(data), "-o", str(tmp_path / "a"))
    strict = run_framing("tag", str(data), "-o", str(tmp_path / "b"), "--strict")
    assert lenient.returncode == 0
    assert strict.returncode == 1
    assert "error empty: empty file" in strict.stderr
    assert len(pd.read_csv(tmp_path / "b" / "articles.csv")) == 2


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """Every figure, rendered once for this module's tests."""
    root = tmp_path_factory.mktemp("figures")
    make_figures(out_dir=root / "one", processed_dir=root / "processed", cache_dir=root / "cache")
    return root


def test_figures_are_written_and_deterministic(rendered):
    # the second run reads every article from the cache and must draw the same bytes
    # (into another folder, so every figure is drawn again)
    second = make_figures(out_dir=rendered / "two", processed_dir=None, cache_dir=rendered / "cache")
    assert len(second.written) == 2 * len(FIGURES) and second.kept == []
    names = {p.name for p in (rendered / "one").iterdir()}
    assert names == {f"{name}.{ext}" for name in FIGURES for ext in ("pdf", "png")}
    assert _digests(rendered / "one") == _digests(rendered / "two")
    assert (rendered / "one" / "corpus_overview.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert {p.name for p in (rendered / "processed").iterdir()} >= {"articles.csv", "segments.csv", "mentions.csv"}


def test_committed_figures_are_up_to_date(rendered):
    for name in FIGURES:
        for ext in ("pdf", "png"):
            committed = paths.FIGURES_DIR / f"{name}.{ext}"
            assert committed.read_bytes() == (rendered / "one" / f"{name}.{ext}").read_bytes(), (
                f"{committed} is stale: run `make figures`"
            )


def test_unchanged_figures_are_kept_and_a_deleted_one_is_drawn_again(rendered):
    before = _digests(rendered / "one")
    again = make_figures(out_dir=rendered / "one", processed_dir=None, cache_dir=rendered / "cache")
    assert again.written == [] and len(again.kept) == 2 * len(FIGURES)
    (rendered / "one" / "stance_by_source.png").unlink()
    redrawn = make_figures(out_dir=rendered / "one", processed_dir=None, cache_dir=rendered / "cache")
    assert sorted(p.name for p in redrawn.written) == ["stance_by_source.pdf", "stance_by_source.png"]
    assert _digests(rendered / "one") == before


def test_redraw_draws_every_figure(rendered, tmp_path):
    run = make_figures(out_dir=rendered / "one", processed_dir=None, cache_dir=rendered / "cache", redraw=True)
    assert len(run.written) == 2 * len(FIGURES) and run.kept == []


def test_figure_keys_change_with_the_tags():
    from framing.figures import figure_key, tags_digest
    from framing.pipeline import tag

    tags = tag(paths.RAW_DIR)
    digest = tags_digest(tags)
    assert tags_digest(tag(paths.RAW_DIR)) == digest
    mentions = tags.mentions.copy()
    mentions.loc[0, "stance"] = "favor" if mentions.loc[0, "stance"] != "favor" else "against"
    changed = tags_digest(type(tags)(tags.articles, tags.segments, mentions))
    assert changed != digest
    assert figure_key("stance_by_source", changed) != figure_key("stance_by_source", digest)
    assert figure_key("stance_by_source", digest) != figure_key("frame_profiles", digest)


def test_help_lists_the_commands():
    result = run_framing("--help")
    assert result.returncode == 0
    assert "tag" in result.stdout and "figures" in result.stdout


def test_unusable_manifest_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "articles.csv").write_text("id,path\na,a.txt\n", encoding="utf-8")
    result = run_framing("tag", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'articles.csv'}: missing column(s): file"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--chunk-size", "0"], "error: argument --chunk-size: must be at least 1, not 0"),
        (["--chunk-size", "ten"], "error: argument --chunk-size: not a whole number: 'ten'"),
        (["--dask", "--partitions", "-3"], "error: argument --partitions: must be at least 1, not -3"),
        (["--partitions", "2"], "error: --partitions goes with --dask"),
        (
            ["--dask", "tcp://127.0.0.1:9", "--workers", "2"],
            "error: --workers starts local processes; a cluster at an ADDRESS has its own workers",
        ),
        (["--workers", "0"], "error: argument --workers: must be at least 1, not 0"),
        (["--batch-size", "0"], "error: argument --batch-size: must be at least 1, not 0"),
        (["--precision", "bf16"], "error: --precision is an option of the learned engine, not of 'lexicon'"),
        (["--precision", "fp8"], "error: argument --precision: invalid choice: 'fp8' (choose from 'fp32', 'bf16')"),
        (
            ["--engine", "oracle"],
            "error: unknown stance engine 'oracle'; available: auto, learned, lexicon, linear, nli",
        ),
        (["--no-such-option"], "error: unrecognized arguments: --no-such-option"),
    ],
)
def test_tag_options_are_checked_in_one_line_before_anything_is_written(tmp_path, args, message):
    (tmp_path / "a.txt").write_text("NATO met.", encoding="utf-8")
    result = run_framing("tag", str(tmp_path), "-o", str(tmp_path / "out"), *args)
    assert (result.returncode, result.stderr.strip(), result.stdout) == (2, message, "")
    assert not (tmp_path / "out").exists()


def test_output_and_cache_must_be_folders(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.txt").write_text("NATO met.", encoding="utf-8")
    (tmp_path / "a_file").write_text("not a folder", encoding="utf-8")
    for option, expected in (("-o", "-o must name a folder"), ("--cache", "--cache must name a folder")):
        args = (
            ["-o", str(tmp_path / "a_file")]
            if option == "-o"
            else ["-o", str(tmp_path / "out"), option, str(tmp_path / "a_file")]
        )
        result = run_framing("tag", str(tmp_path / "data"), *args)
        assert (
            result.returncode == 2
            and result.stderr.strip() == f"error: {expected}, and {tmp_path / 'a_file'} is a file"
        )
    same = run_framing("tag", str(tmp_path / "data"), "-o", str(tmp_path / "data"))
    assert (same.returncode, same.stderr.strip()) == (
        2,
        "error: -o must not be the data directory (the tables would become inputs)",
    )
    missing = run_framing("tag", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert (missing.returncode, missing.stderr.strip()) == (
        2,
        f"error: not a folder of articles or an article file: {tmp_path / 'nope'}",
    )


def test_one_article_file_is_tagged_with_its_folders_manifest_row(data_copy, tmp_path):
    # A teacher points the tool at one file: that article alone, with its manifest row's date.
    article = data_copy / "raw" / "2022-02-03_tass_belarus-russia-drills-vital.txt"
    result = run_framing("tag", str(article), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "tagged 1 articles (0 with errors)" in result.stdout
    row = pd.read_csv(tmp_path / "out" / "articles.csv").iloc[0]
    assert (row["id"], row["outlet"], row["published"]) == ("tass_2022", "TASS", "2022-02-03")
    assert set(pd.read_csv(tmp_path / "out" / "mentions.csv")["article_id"]) == {"tass_2022"}

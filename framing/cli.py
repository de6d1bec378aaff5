"""Command line: `python -m framing tag|figures ...` (see `python -m framing --help`)."""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from framing import paths


def _cmd_tag(args: argparse.Namespace) -> int:
    from framing.run import ProcessPool
    from framing.scale import tag_with_dask
    from framing.stance import get_engine
    from framing.stream import tag_to_files

    _check_tag_folders(args)
    options = _engine_options(args)
    get_engine(args.engine, **options)  # an unknown engine or option stops here, before any output
    common = {"manifest": args.manifest, "cache_dir": args.cache, "engine_options": options, "progress": True}
    with fewer_collector_passes():
        if args.dask is not None:
            run = tag_with_dask(
                args.data_dir,
                args.out,
                engine=args.engine,
                address=args.dask or None,
                partitions=args.partitions,
                partition_size=args.chunk_size,
                workers=args.workers,
                **common,
            )
        else:
            executor = ProcessPool(args.workers) if args.workers and args.workers > 1 else None
            run = tag_to_files(
                args.data_dir, args.out, engine=args.engine, chunk_size=args.chunk_size, executor=executor, **common
            )
    print(
        f"tagged {run.n_articles} articles ({len(run.errors)} with errors), "
        f"{run.n_segments} segments, {run.n_mentions} mentions -> {args.out} ({len(run.files)} files)"
    )
    for article_id, reason in run.errors:
        print(f"  error {article_id}: {reason}", file=sys.stderr)
    for article_id, reason in run.warnings:
        print(f"  warning {article_id}: {reason}", file=sys.stderr)
    return 1 if args.strict and (run.errors or run.warnings) else 0


class UsageError(Exception):
    """An option that cannot work: exit 2 with one line."""


def _check_tag_folders(args: argparse.Namespace) -> None:
    if not args.data_dir.is_dir() and not args.data_dir.is_file():
        raise UsageError(f"not a folder of articles or an article file: {args.data_dir}")
    for option, folder in (("-o", args.out), ("--cache", args.cache)):
        if folder is not None and folder.exists() and not folder.is_dir():
            raise UsageError(f"{option} must name a folder, and {folder} is a file")
    if args.out.resolve() == args.data_dir.resolve():
        raise UsageError("-o must not be the data directory (the tables would become inputs)")
    if args.partitions is not None and args.dask is None:
        raise UsageError("--partitions goes with --dask")
    if args.workers is not None and args.dask:
        raise UsageError("--workers starts local processes; a cluster at an ADDRESS has its own workers")


@contextmanager
def fewer_collector_passes(young: int = 100_000) -> Iterator[None]:
    """Let Python's cyclic garbage collector run about 140x less often while this command
    tags: tagging makes millions of short-lived containers and almost no cycles, and the
    default threshold (700) started a pass every 700 of them (BENCHMARKS.md has the
    measurement). Only the command line does this, for its own process."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], young), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _cmd_figures(args: argparse.Namespace) -> int:
    from framing.figures import make_figures

    processed = args.processed or paths.output_dir_for(paths.data_dir(args.data))
    run = make_figures(data=args.data, out_dir=args.out, processed_dir=processed, redraw=args.redraw)
    for path in run.written:
        print(f"wrote {path}")
    for name, reason in run.skipped.items():
        print(f"skipped {name}: {reason}")
    if run.kept:
        print(f"kept {len(run.kept)} figure files whose inputs did not change (delete one to have it drawn again)")
    return 0


def _cmd_lesson(args: argparse.Namespace) -> int:
    from framing.lesson_site import write_site

    data = paths.data_dir(args.data_dir)
    if not data.is_dir() and not data.is_file():
        print(f"error: no corpus directory or article file at {data}", file=sys.stderr)
        return 2
    try:
        pages = write_site(data, args.out)
    except OSError as exc:  # the corpus was readable: what failed is writing the pages
        print(f"error: cannot write the lesson to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for page in pages:
        print(f"wrote {page}")
    return 0


MODEL_HELP = "nli: model id or local directory; learned: folder of a trained head"


def _engine_options(args: argparse.Namespace) -> dict:
    options = {}
    if args.model:
        options["model"] = args.model
    if args.batch_size:
        options["batch_size"] = args.batch_size
    if args.allow_download:
        options["allow_download"] = True
    if getattr(args, "precision", None):
        if args.engine != "learned":
            raise UsageError(f"--precision is an option of the learned engine, not of '{args.engine}'")
        options["precision"] = args.precision
    return options


def _evaluate_set(args: argparse.Namespace) -> int:
    """`evaluate --set realworld|PATH`: every tag against an annotated corpus."""
    from framing.evaluate.annotated import load_annotated_corpus
    from framing.evaluate.corpus_report import evaluate_annotated
    from framing.stance import get_engine

    root = paths.REALWORLD_DIR if args.set == "realworld" else Path(args.set)
    try:
        annotated = load_annotated_corpus(root, fold=args.fold)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # The majority baselines learn from dev, so a test-fold report never looks at test labels.
    baseline_from = load_annotated_corpus(root, fold="dev") if args.fold == "test" else None
    engine = get_engine(args.engine, **_engine_options(args))
    report = evaluate_annotated(annotated, engine=engine, baseline_from=baseline_from, seed=args.seed)
    print(report.format())
    out = args.items_out or paths.PROCESSED_DIR / "evaluation"
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{root.name}_{args.fold}_{engine.name}"
    report.items.to_csv(out / f"{stem}_items.csv", index=False)
    report.metrics.to_csv(out / f"{stem}_metrics.csv", index=False)
    print(f"\nitems and metrics written to {out}/{stem}_items.csv and _metrics.csv")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.set not in (None, "seeds"):
        return _evaluate_set(args)
    from framing.evaluate import evaluate, load_gold, load_newsmtsc, result_agreement, speaker_accuracy
    from framing.pipeline import tag
    from framing.stance import get_engine

    options = _engine_options(args)
    engine = get_engine(args.engine, **options)
    # A lower precision is judged against fp32 on the same items: what it costs in labels.
    reference = (
        get_engine(args.engine, **{**options, "precision": "fp32"}) if args.precision not in (None, "fp32") else None
    )

    def against_reference(items) -> None:
        if reference is not None:
            print(result_agreement(engine.score(items), reference.score(items)).format("fp32"))

    gold = load_gold(args.gold)
    report, _ = evaluate(engine, gold)
    print(report.format())
    against_reference(gold.items)
    for row in gold.errors.itertuples():
        print(f"  skipped gold row {row.row}: {row.reason}", file=sys.stderr)
    mentions = tag(args.gold.parent.parent / "raw", engine=engine).mentions
    print(f"speaker attribution on the gold mentions: accuracy={speaker_accuracy(mentions, gold.table):.3f}\n")
    for split in args.newsmtsc_split:
        path = args.newsmtsc / f"{split}.jsonl"
        if not path.is_file():
            print(f"NewsMTSC {split}: skipped, {path} not found (see README: where to get NewsMTSC)")
            continue
        split_set = load_newsmtsc(path)
        report, _ = evaluate(engine, split_set)
        print(report.format())
        against_reference(split_set.items)
        print()
    return 0


def _cmd_bench(argv: Sequence[str]) -> int:
    """`bench`: the benchmarks live beside the package (benchmarks/), not in it."""
    if not (paths.PROJECT_ROOT / "benchmarks" / "__main__.py").is_file():
        print("error: bench needs a checkout of the project (benchmarks/ is not installed)", file=sys.stderr)
        return 2
    if str(paths.PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(paths.PROJECT_ROOT))
    from benchmarks.__main__ import main as bench_main

    return bench_main(argv)


# `train` (issue 5): kept in its own block so it merges cleanly with other edits here.
def _cmd_train(args: argparse.Namespace) -> int:
    if args.engine != "learned":
        print(f"engine '{args.engine}' has nothing to train (trainable: learned)", file=sys.stderr)
        return 2
    from framing.stance.learned import DEFAULT_ENCODER, default_head_dir
    from framing.stance.training import RECIPES, train_learned

    if args.recipe not in RECIPES:
        print(f"unknown recipe '{args.recipe}'; choose from: {'; '.join(RECIPES)}", file=sys.stderr)
        return 2
    from framing.stance import ModelUnavailableError

    try:
        train_learned(
            out=args.out or default_head_dir(),
            encoder=args.encoder or DEFAULT_ENCODER,
            recipe=RECIPES[args.recipe],
            newsmtsc_dir=args.newsmtsc,
            seed=args.seed,
            batch_size=args.batch_size or 32,
            allow_download=args.allow_download,
            cache_dir=args.cache_dir,
        )
    except (FileNotFoundError, ModelUnavailableError) as exc:
        print(f"cannot train: {exc}", file=sys.stderr)
        return 1
    return 0


def _add_train_parser(commands: argparse._SubParsersAction) -> None:
    from framing.stance.learned import DEFAULT_RECIPE

    train_cmd = commands.add_parser("train", help="train a stance engine's model on NewsMTSC (learned)")
    train_cmd.add_argument("--engine", default="learned", help="engine to train (learned)")
    train_cmd.add_argument(
        "--out", type=Path, default=None, help="folder for head.safetensors + head.json (default: the shipped one)"
    )
    train_cmd.add_argument(
        "--encoder", default=None, help="encoder name or local directory (default: all-MiniLM-L6-v2)"
    )
    train_cmd.add_argument("--recipe", default=DEFAULT_RECIPE.name, help="feature recipe (see docs/learned-engine.md)")
    train_cmd.add_argument("--newsmtsc", type=Path, default=paths.NEWSMTSC_DIR, help="folder of NewsMTSC *.jsonl")
    train_cmd.add_argument("--seed", type=int, default=0)
    train_cmd.add_argument("--batch-size", type=_positive, default=None, help="encoder batch size")
    train_cmd.add_argument("--cache-dir", type=Path, default=None, help="feature cache (default ~/.cache/framing)")
    train_cmd.add_argument("--allow-download", action="store_true", help="let the encoder be downloaded")
    train_cmd.set_defaults(run=_cmd_train)


def _add_precision(command: argparse.ArgumentParser) -> None:
    from framing.stance.learned import PRECISIONS  # numpy only; torch loads when an engine runs

    command.add_argument(
        "--precision", choices=PRECISIONS, default=None, help="learned: encoder precision (bf16: see BENCHMARKS.md)"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (`error: ...`, exit 2), without the usage block."""

    def error(self, message: str) -> None:
        self.exit(2, f"error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m framing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    tag_cmd = commands.add_parser("tag", help="tag articles: outlet, language, segments")
    tag_cmd.add_argument("data_dir", type=Path, help="directory of .txt/.html articles, or one article file")
    tag_cmd.add_argument("-o", "--out", type=Path, required=True, help="directory for the CSV/Parquet tables")
    tag_cmd.add_argument(
        "--manifest", type=Path, default=None, help="manifest CSV (default: articles.csv in DATA_DIR or its parent)"
    )
    tag_cmd.add_argument(
        "--strict", action="store_true", help="exit 1 when any article has an error or a warning (tables are written)"
    )
    tag_cmd.add_argument("--engine", default="lexicon", help="stance engine for the mentions table")
    tag_cmd.add_argument("--chunk-size", type=_positive, default=500, help="articles tagged and written at a time")
    tag_cmd.add_argument("--cache", type=Path, default=None, help="result cache directory (reuse unchanged articles)")
    tag_cmd.add_argument(
        "--dask",
        nargs="?",
        const="",
        default=None,
        metavar="ADDRESS",
        help="run on Dask: the local scheduler, or the cluster at ADDRESS",
    )
    tag_cmd.add_argument(
        "--partitions", type=_positive, default=None, help="Dask partitions (default: one per --chunk-size articles)"
    )
    tag_cmd.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help="local processes: with --dask the LocalCluster's workers (default: one per core); "
        "without, a pool of N processes (default: this process only)",
    )
    tag_cmd.add_argument("--model", default=None, help=MODEL_HELP)
    tag_cmd.add_argument("--batch-size", type=_positive, default=None)
    _add_precision(tag_cmd)
    tag_cmd.add_argument("--allow-download", action="store_true", help="let transformers download the model")
    tag_cmd.set_defaults(run=_cmd_tag)

    eval_cmd = commands.add_parser("evaluate", help="stance engine against the gold set and NewsMTSC")
    eval_cmd.add_argument("--engine", default="lexicon", help="stance engine name (lexicon, nli, ...)")
    eval_cmd.add_argument(
        "--set",
        default=None,
        help="'realworld' (data/realworld) or the path of an annotated corpus (see data/realworld/README.md); "
        "default: the seed gold set and NewsMTSC",
    )
    eval_cmd.add_argument("--fold", choices=["dev", "test", "all"], default="dev", help="fold of --set to score")
    eval_cmd.add_argument("--seed", type=int, default=0, help="seed of the bootstrap intervals")
    eval_cmd.add_argument("--items-out", type=Path, default=None, help="folder for the item and metric CSVs")
    eval_cmd.add_argument("--gold", type=Path, default=paths.DATA_DIR / "gold" / "mentions.csv")
    eval_cmd.add_argument("--newsmtsc", type=Path, default=paths.NEWSMTSC_DIR, help="folder of NewsMTSC *.jsonl")
    eval_cmd.add_argument("--newsmtsc-split", nargs="*", default=["dev_rw", "dev_mt"], help="splits to report")
    eval_cmd.add_argument("--model", default=None, help=MODEL_HELP)
    eval_cmd.add_argument("--batch-size", type=_positive, default=None)
    _add_precision(eval_cmd)
    eval_cmd.add_argument("--allow-download", action="store_true", help="let transformers download the model")
    eval_cmd.set_defaults(run=_cmd_evaluate)

    commands.add_parser(
        "bench",
        help="throughput, time per stage and peak memory on a synthetic corpus (`bench --help`; needs a checkout)",
        add_help=False,
    )

    fig_cmd = commands.add_parser("figures", help="tag the corpus and regenerate every figure")
    fig_cmd.add_argument(
        "--data",
        "--data-dir",
        type=Path,
        default=None,
        help=f"corpus directory (its raw/ files, articles.csv, outlets.csv); default ${paths.DATA_ENV}, else data/",
    )
    fig_cmd.add_argument(
        "--out",
        type=Path,
        default=None,
        help="default figures/ for data/, else data/processed/corpora/NAME-DIGEST/figures",
    )
    fig_cmd.add_argument(
        "--processed", type=Path, default=None, help="where the tagged tables are written (default: data/processed/)"
    )
    fig_cmd.add_argument(
        "--redraw", action="store_true", help="draw every figure, even those whose inputs did not change"
    )
    fig_cmd.set_defaults(run=_cmd_figures)

    lesson_cmd = commands.add_parser("lesson", help="write a printable lesson site (student and teacher pages)")
    lesson_cmd.add_argument(
        "data_dir",
        nargs="?",
        type=Path,
        default=None,
        help=f"corpus directory or one article file; default ${paths.DATA_ENV}, else data/",
    )
    lesson_cmd.add_argument("-o", "--out", type=Path, required=True, help="folder for the pages (created)")
    lesson_cmd.set_defaults(run=_cmd_lesson)
    _add_train_parser(commands)
    return parser


def _quiet_libraries() -> None:
    """Keep libraries' expected complaints off the terminal, in this process only:
    trafilatura logs each page it cannot parse as an error (the stdlib extractor then
    takes over), and Dask's scheduler and workers log their start and stop."""
    for name in ("trafilatura", "distributed"):
        logging.getLogger(name).setLevel(logging.CRITICAL if name == "trafilatura" else logging.ERROR)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    # As Ctrl-C does: unwind, so a run removes its unfinished files and closes its workers.
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    from framing.corpus import ManifestError
    from framing.run import ExecutorUnavailableError
    from framing.stance import EngineUnavailableError

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        return _cmd_bench(argv[1:])
    args = build_parser().parse_args(argv)
    _quiet_libraries()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return args.run(args)
    except (ManifestError, NotADirectoryError, UsageError, ExecutorUnavailableError) as exc:  # say why, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        if "stance engine" not in str(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)  # an unknown engine name
        return 2
    except EngineUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)

"""Tagging at scale: chunked, streaming output with flat memory, and a result cache.

`tag_to_files` reads one chunk of articles at a time, tags it, appends its rows to the
CSV (and Parquet) outputs and lets it go, so memory does not grow with the corpus.
`ResultCache` keeps each article's rows under a key made of the raw bytes' hash, the
engine and its version, and a digest of the library's code and resource files: an
unchanged article is not tagged again; a changed article, engine or cue list is. The rows
of a chunk's new articles go into one pack file (creating a file per article cost more
than writing its rows), found through an index of the packs' keys. It also
keeps the output files of the last few complete runs under a key over every article's
key: a re-run on an unchanged corpus links those files into place instead of writing
the tables again (writing is most of a warm run's time).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import marshal
import os
import shutil
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from operator import itemgetter
from pathlib import Path

from framing.collector import rare_collections
from framing.corpus import PlannedArticle, plan_corpus, read_planned, sha256_file
from framing.output import write_atomic
from framing.pipeline import ARTICLE_COLUMNS, COLUMN_TYPES, TABLE_COLUMNS, Rows, tag_or_error_row
from framing.stance import DEFAULT_ENGINE, get_engine
from framing.timing import NO_CLOCK, StageClock
from framing.types import ManifestEntry, StanceEngine, Status


@cache
def code_digest() -> str:
    """sha256 over the library's source and resource files: any edit invalidates the cache."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".csv", ".txt", ".json"}):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ResultCache:
    """Per-article tagging results on disk, keyed by content and code.

    Stored with `marshal` (plain lists, dicts, strings and numbers; it cannot run code,
    and it reads several times faster than JSON); its format depends on the Python
    version, which is therefore part of the key. Rows are written in packs, one file per
    chunk (`put_many`), and found through an index of the packs' keys (`packs.marshal`).
    Packs that no recent complete run read are deleted (`record_use`)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0
        self._index_path = self.directory / "files.marshal"
        self._files: dict[str, tuple[int, int, str, bool]] = _load_dict(self._index_path)
        self._dirty = False
        self._packs_path = self.directory / "packs.marshal"
        self._pack_of: dict[str, str] = _load_dict(self._packs_path)  # article key -> pack name
        self._new_packed: dict[str, str] = {}  # this run's additions to `_pack_of`, saved by `save_index`
        self._open_pack: tuple[str, dict[str, Rows]] = ("", {})  # the last pack read, and its rows
        self._resolved_dirs: dict[Path, str] = {}  # directory -> its resolved path (see `regular_file_sha256`)

    #: A file modified this shortly before it was hashed may be modified again without
    #: its modification time changing (file systems keep it in ticks of up to 2 s): its
    #: hash is not trusted on the next run ("racily clean", as git calls it).
    RACY_NS = 2_000_000_000

    def file_sha256(self, path: Path) -> str:
        """sha256 of a file's bytes, re-read only when its size or modification time
        changed since the last run (a warm run then only stats the files), or when it was
        modified just before the last run hashed it (see `RACY_NS`)."""
        return self._sha256(path, path.stat(), str(path.resolve()))

    def regular_file_sha256(self, path: Path) -> str | None:
        """`file_sha256(path)` when `path` is a file (or a link to one), else None: what
        `path.is_file()` and `file_sha256` give, with one `lstat` instead of two `stat`s
        and a resolution of every part of the path (which took more time than the rest):
        the directory is resolved once, and a file that is no link resolves to the
        resolved directory joined with its name."""
        try:
            status = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISLNK(status.st_mode):
            return self.file_sha256(path) if path.is_file() else None
        if not stat.S_ISREG(status.st_mode):
            return None
        directory = self._resolved_dirs.get(path.parent)
        if directory is None:
            directory = self._resolved_dirs[path.parent] = str(path.parent.resolve())
        return self._sha256(path, status, os.path.join(directory, path.name))

    def _sha256(self, path: Path, status: os.stat_result, name: str) -> str:
        # `file_sha256` once the file's status and resolved name are known.
        known = self._files.get(name)
        if known is not None and known[:2] == (status.st_size, status.st_mtime_ns) and known[3:] == (True,):
            return known[2]
        hashed_at = time.time_ns()
        digest = sha256_file(path)
        trusted = status.st_mtime_ns < hashed_at - self.RACY_NS
        self._files[name] = (status.st_size, status.st_mtime_ns, digest, trusted)
        self._dirty = True
        return digest

    def save_index(self) -> None:
        """Write the file-hash index and the pack index (call once at the end of a run)."""
        if self._dirty:
            write_atomic(self._index_path, marshal.dumps(self._files))
            self._dirty = False
        if self._new_packed:
            # Merged into the index as it is now: a run that finished meanwhile keeps its packs.
            write_atomic(self._packs_path, marshal.dumps(_load_dict(self._packs_path) | self._new_packed))
            self._new_packed = {}

    def key(
        self,
        *,
        article_id: str,
        path: Path,
        manifest: ManifestEntry | None,
        raw_sha256: str,
        engine: StanceEngine,
        root: Path,
    ) -> str:
        """Everything the rows depend on: code and cue lists, engine (and model), raw bytes,
        id, path as written in the tables, and the manifest row."""
        entry = {f.name: getattr(manifest, f.name) for f in fields(manifest)} if manifest else None
        parts = [
            code_digest(),
            sys.version,
            engine.name,
            engine.version,
            str(getattr(engine, "model_name", "")),
            raw_sha256,
            article_id,
            os.path.relpath(path, root),
            entry,
        ]
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()

    def _pack_path(self, name: str) -> Path:
        return self.directory / "packs" / f"{name}.marshal"

    def holds(self, key: str) -> bool:
        """Whether rows are indexed under `key` (its pack may still have gone: `get` says)."""
        return key in self._pack_of

    def get(self, key: str) -> Rows | None:
        """The rows stored under `key` (by `put_many` or `put`), or None."""
        rows = self._from_pack(key)
        try:
            article, segments, mentions = rows
        except (TypeError, ValueError):  # nothing stored, or not the three tables' rows
            self.misses += 1
            return None
        self.hits += 1
        return article, segments, mentions

    def _from_pack(self, key: str) -> Rows | None:
        name = self._pack_of.get(key)
        if name is None:
            return None
        if self._open_pack[0] != name:  # the articles of a chunk come from one or two packs
            self._open_pack = (name, _load_dict(self._pack_path(name)))
        return self._open_pack[1].get(key)

    def put(self, key: str, rows: Rows) -> None:
        """Store one article's rows (a pack of one, indexed at once)."""
        self.put_many({key: rows})
        self.save_index()

    def put_many(self, entries: dict[str, Rows]) -> None:
        """Store several articles' rows (a chunk's) in one pack file, named by their keys;
        `save_index` makes the packs findable by later runs."""
        if not entries:
            return
        name = hashlib.sha256("".join(sorted(entries)).encode()).hexdigest()
        write_atomic(self._pack_path(name), marshal.dumps({key: tuple(rows) for key, rows in entries.items()}))
        self._pack_of.update(dict.fromkeys(entries, name))
        self._new_packed.update(dict.fromkeys(entries, name))

    # --- pruning ------------------------------------------------------------------------

    #: Distinct sets of packs (complete runs over a corpus) that are kept.
    KEEP_KEY_SETS = 8

    def record_use(self, keys: Iterable[str | None]) -> None:
        """Remember the packs that hold the rows a complete run used (`keys`), then delete
        the packs that none of the last `KEEP_KEY_SETS` distinct sets of packs holds:
        without this the cache would grow by a pack each time an article, the code or a
        cue list changes. A run that used the same packs as before only refreshes that
        set's time (and prunes nothing). Call after `save_index`."""
        packs = sorted({pack for key in keys if key is not None and (pack := self._pack_of.get(key)) is not None})
        name = hashlib.sha256("\n".join(packs).encode()).hexdigest()
        record = self.directory / "uses" / f"{name}.marshal"
        if record.is_file():
            os.utime(record)
            return
        write_atomic(record, marshal.dumps(packs))
        self._prune()

    def _prune(self) -> None:
        records = sorted((self.directory / "uses").glob("*.marshal"), key=lambda p: p.stat().st_mtime_ns)
        for old in records[: -self.KEEP_KEY_SETS]:
            old.unlink(missing_ok=True)
        live: set[str] = set()
        for record in records[-self.KEEP_KEY_SETS :]:
            try:
                live.update(marshal.loads(record.read_bytes()))
            except (OSError, ValueError, EOFError, TypeError):
                return  # a set that cannot be read: keep everything rather than guess
        index = _load_dict(self._packs_path)
        dead = set(index.values()) - live
        if not dead:
            return
        # The index first: a pack it does not name is never read.
        self._pack_of = {key: pack for key, pack in index.items() if pack not in dead}
        write_atomic(self._packs_path, marshal.dumps(self._pack_of))
        for pack in dead:
            self._pack_path(pack).unlink(missing_ok=True)

    # --- whole runs ---------------------------------------------------------------------

    #: Complete runs whose output files are kept (the most recent ones).
    KEEP_RUNS = 3

    def _run_dir(self, run_key: str) -> Path:
        return self.directory / "runs" / run_key

    def restore_run(self, run_key: str, out: Path) -> TagRun | None:
        """Put the output files of an earlier run with this key into `out` (each through a
        temp name and a rename) and return its summary; None when there is no such run or
        a kept file no longer has the bytes it was written with."""
        stored = self._run_dir(run_key)
        try:
            summary = json.loads((stored / "run.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        names = summary.pop("sha256")
        if any(sha256_file(stored / name) != digest for name, digest in names.items()):
            shutil.rmtree(stored, ignore_errors=True)  # edited in place through a link: not reusable
            return None
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            temp = out / f".{name}.{os.getpid()}.tmp"
            temp.unlink(missing_ok=True)
            _link_or_copy(stored / name, temp)
            os.replace(temp, out / name)
        os.utime(stored)  # most recently used
        run = TagRun(**summary)
        run.errors = [tuple(e) for e in run.errors]
        run.warnings = [tuple(w) for w in run.warnings]
        run.files = [out / name for name in names]
        return run

    def store_run(self, run_key: str, run: TagRun) -> None:
        """Keep the output files of a complete run (hard links where the file system
        allows, so no second copy is written) and drop all but the newest runs."""
        stored = self._run_dir(run_key)
        shutil.rmtree(stored, ignore_errors=True)
        stored.mkdir(parents=True)
        for path in run.files:
            _link_or_copy(path, stored / path.name)
        summary = asdict(run) | {"files": [], "sha256": {p.name: sha256_file(p) for p in run.files}}
        (stored / "run.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        runs = sorted((p for p in stored.parent.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime_ns)
        for old in runs[: -self.KEEP_RUNS]:
            shutil.rmtree(old, ignore_errors=True)


def _load_dict(path: Path) -> dict:
    """The dict `path` holds (an index or a pack), or an empty one when it is missing or
    unreadable."""
    try:
        loaded = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def article_key(cache: ResultCache, item: PlannedArticle, *, root: Path, engine: StanceEngine) -> str | None:
    """The cache key of a planned article, or None when its rows are not cached (a file
    that cannot be read as planned)."""
    if not (item.read_file and item.error is None):
        return None
    if (digest := cache.regular_file_sha256(item.path)) is None:
        return None
    return cache.key(
        article_id=item.id,
        path=item.path,
        manifest=item.manifest,
        raw_sha256=digest,
        engine=engine,
        root=root,
    )


def run_key(
    cache: ResultCache,
    plan: Sequence[PlannedArticle],
    keys: Sequence[str | None],
    *,
    chunk_size: int,
    parquet: bool,
) -> str:
    """A key for a whole run's outputs: every article's key (`keys`, from `article_key`) in
    order (for an article without one, its plan entry and its file's hash, which decide
    its error row), the chunk size (Parquet row groups follow it) and the formats."""
    parts: list[object] = [code_digest(), chunk_size, parquet]
    for item, key in zip(plan, keys, strict=True):
        if key is None:
            key = repr(item) + (cache.regular_file_sha256(item.path) or "")
        parts.append(key)
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def tag_planned(
    item: PlannedArticle,
    *,
    root: Path,
    engine: StanceEngine,
    cache: ResultCache | None = None,
    key: str | None = None,
    clock: StageClock = NO_CLOCK,
    new_rows: dict[str, Rows] | None = None,
) -> Rows:
    """Rows of one planned article, from the cache when its bytes, engine and code match
    (`key`: its `article_key` when the caller has it already). Rows tagged afresh are put
    in the cache, or, with `new_rows`, added there (by key) for the caller to store together
    (`ResultCache.put_many`)."""
    if cache is not None:
        with clock.stage("load"):
            key = key or article_key(cache, item, root=root, engine=engine)
            if key is not None and (hit := cache.get(key)) is not None:
                return hit
    with clock.stage("load"):
        article = read_planned(item)
    rows = tag_or_error_row(article, root=root, engine=engine, clock=clock)
    if key is not None and article.status is Status.OK:
        if new_rows is not None:
            new_rows[key] = rows
        else:
            cache.put(key, rows)
    return rows


def _batches(items: Sequence[PlannedArticle], size: int) -> Iterator[tuple[int, Sequence[PlannedArticle]]]:
    """(index of the first item, items) for each chunk of `size` items."""
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def arrow_schema(table: str):
    """The Parquet schema of a table (types from `pipeline.COLUMN_TYPES`)."""
    import pyarrow as pa

    kinds = {"int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    types = COLUMN_TYPES[table]
    return pa.schema([(c, kinds.get(types.get(c, ""), pa.string())) for c in TABLE_COLUMNS[table]])


@dataclass
class TagRun:
    """What `tag_to_files` did."""

    n_articles: int = 0
    n_segments: int = 0
    n_mentions: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


class _TableWriter:
    """Appends chunks of one table's rows to a temp CSV (and Parquet) file; `close` renames
    them into place, so readers never see a half-written table.

    Rows (tuples in column order) go to columns, and the columns straight to the CSV text
    (`csv_lines`) and to Arrow: building a DataFrame per chunk only to write it cost a third
    of writing. The CSV is the one pandas' `to_csv` writes from `tables_from_rows` (pandas
    writes through the `csv` module, which `csv_lines` matches byte for byte); float
    columns are made floats, as `astype` would ('1.0', not '1')."""

    def __init__(self, out_dir: Path, name: str, *, parquet: bool) -> None:
        self.final = [out_dir / f"{name}.csv"] + ([out_dir / f"{name}.parquet"] if parquet else [])
        self.temp = [p.with_name(f".{p.name}.{os.getpid()}.tmp") for p in self.final]
        self.name = name
        self._columns = TABLE_COLUMNS[name]
        self._floats = [COLUMN_TYPES[name].get(c) == "float64" for c in self._columns]
        self.csv = self.temp[0].open("w", encoding="utf-8", newline="")
        # A header even when no chunk comes: an empty table reads back.
        csv.writer(self.csv, lineterminator="\n").writerow(self._columns)
        self.parquet = None
        if parquet:
            import pyarrow.parquet as pq

            self.parquet = pq.ParquetWriter(self.temp[1], arrow_schema(name))

    def write(self, rows: list[tuple]) -> None:
        """Append `rows`, each a tuple of the table's values in column order."""
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(self._columns)
        if len(columns) != len(self._columns):
            raise ValueError(f"{self.name}: rows of {len(columns)} values for {len(self._columns)} columns")
        self.csv.write(csv_lines(columns, self._floats))
        if self.parquet is not None:
            import pyarrow as pa

            # What `Table.from_pylist(rows, schema=...)` builds, without its row-by-row lookups.
            self.parquet.write_table(pa.Table.from_arrays(columns, schema=arrow_schema(self.name)))

    def close(self, *, keep: bool) -> list[Path]:
        self.csv.close()
        if self.parquet is not None:
            self.parquet.close()
        for temp, final in zip(self.temp, self.final, strict=True):
            if keep:
                os.replace(temp, final)
            else:
                temp.unlink(missing_ok=True)
        return self.final if keep else []


def csv_lines(columns: Sequence[Sequence], floats: Sequence[bool]) -> str:
    """The lines `csv.writer(lineterminator="\\n").writerows` writes for the rows whose
    values `columns` hold, column by column (a column in `floats` is made floats first,
    None staying empty). Column by column the quoting is decided once for most columns
    and the loops run in C: the `csv` module copies every character one by one, which
    made it most of the time of writing. Falls back to the `csv` module on a Python whose
    quoting rules differ from the ones copied here (see `_csv_rules_hold`)."""
    if not columns or not columns[0]:
        return ""
    if floats:
        columns = [_as_floats(values) if is_float else values for values, is_float in zip(columns, floats, strict=True)]
    # A row of one empty cell is written '""' by the csv module (else it would read back as
    # no row); the tables have many columns, but the rule is kept through the fallback.
    if len(columns) == 1 or not _csv_rules_hold():
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(zip(*columns, strict=True))
        return text.getvalue()
    return "\n".join(map(",".join, zip(*map(_csv_cells, columns), strict=True))) + "\n"


def _as_floats(values: Sequence) -> Sequence:
    if set(map(type, values)) <= {float, type(None)}:
        return values
    return [value if value is None else float(value) for value in values]


def _csv_cells(values: Sequence) -> Sequence[str]:
    """The cells `csv.writer` writes for one column's values (QUOTE_MINIMAL)."""
    kinds = set(map(type, values))
    if kinds == {str}:
        joined = "".join(values)  # one scan tells whether any cell of the column needs quotes
        if '"' not in joined and "," not in joined and "\n" not in joined:
            return values
        return list(map(_quoted, values))
    if kinds == {int}:
        return list(map(int.__repr__, values))
    if kinds == {float}:
        return list(map(float.__repr__, values))
    return [_quoted(_csv_text(value)) for value in values]


def _csv_text(value: object) -> str:
    # As `csv.writer` turns a value into text: str as it is, None empty, float by repr.
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _quoted(text: str) -> str:
    # QUOTE_MINIMAL with lineterminator "\n": quotes around a cell holding the delimiter,
    # a quote (doubled) or a newline; '\r' alone needs none.
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text:
        return '"' + text + '"'
    return text


#: Values whose cells show every quoting rule `_quoted` copies (and the empty cells).
_CSV_PROBE = ("a,b", 'a"b', "a\nb", "a\rb", "", None, 1.5, True, 7, "x\x00y", " a\t", "'")


@cache
def _csv_rules_hold() -> bool:
    """Whether this Python's `csv` module writes the probe row as `_quoted` does (the
    rules have changed between versions: which line-end characters force quotes)."""
    text = io.StringIO()
    try:
        csv.writer(text, lineterminator="\n").writerow(_CSV_PROBE)
    except csv.Error:  # a character the module refuses: let it decide, and raise, on real rows
        return False
    return text.getvalue() == ",".join(_quoted(_csv_text(value)) for value in _CSV_PROBE) + "\n"


#: An article's row (a dict) as the tuple of its values in column order, for `_TableWriter.write`.
_article_values = itemgetter(*ARTICLE_COLUMNS)


def keys_or_earlier_run(
    cache: ResultCache,
    plan: Sequence[PlannedArticle],
    *,
    root: Path,
    engine: StanceEngine,
    chunk_size: int,
    parquet: bool,
    out: Path,
) -> tuple[list[str | None], str, TagRun | None]:
    """Each article's cache key, the whole run's key, and, when an earlier complete run
    had the same key, its files linked into `out` (the run is then done: its use is
    recorded)."""
    keys = [article_key(cache, item, root=root, engine=engine) for item in plan]
    whole_run = run_key(cache, plan, keys, chunk_size=chunk_size, parquet=parquet)
    restored = cache.restore_run(whole_run, out)
    if restored is not None:
        cache.save_index()
        cache.record_use(keys)
    return keys, whole_run, restored


def open_writers(out_dir: Path, *, parquet: bool) -> dict[str, _TableWriter]:
    """A writer per table into `out_dir` (created): the tables appear under their final
    names only when each writer is closed with `keep=True`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return {name: _TableWriter(out_dir, name, parquet=parquet) for name in TABLE_COLUMNS}


def write_chunk(
    writers: dict[str, _TableWriter],
    run: TagRun,
    article_rows: list[dict],
    segment_rows: list[tuple],
    mention_rows: list[tuple],
) -> None:
    """Append one chunk's rows to the tables and count them, with their errors and
    warnings, in `run`."""
    writers["articles"].write(list(map(_article_values, article_rows)))
    writers["segments"].write(segment_rows)
    writers["mentions"].write(mention_rows)
    run.n_articles += len(article_rows)
    run.n_segments += len(segment_rows)
    run.n_mentions += len(mention_rows)
    run.errors += [(r["id"], r["error"]) for r in article_rows if r["status"] != "ok"]
    run.warnings += [(r["id"], r["warning"]) for r in article_rows if r["warning"] is not None]


@rare_collections()
def tag_to_files(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    engine: str | StanceEngine = DEFAULT_ENGINE,
    manifest: str | Path | None = None,
    chunk_size: int = 500,
    cache_dir: str | Path | None = None,
    parquet: bool = True,
    progress: bool = False,
    clock: StageClock = NO_CLOCK,
) -> TagRun:
    """Tag the corpus in `data_dir` chunk by chunk and write articles/segments/mentions
    as CSV (and Parquet) into `out_dir`. Memory holds one chunk at a time. With
    `cache_dir`, unchanged articles are read from the cache, and a corpus that is
    unchanged as a whole gets the files of the earlier run."""
    root = Path(data_dir)
    out = Path(out_dir)
    scorer = get_engine(engine) if isinstance(engine, str) else engine
    result_cache = ResultCache(cache_dir) if cache_dir is not None else None
    with clock.stage("load"):
        plan = plan_corpus(root, manifest=manifest)  # an unusable manifest stops here, before any output
        whole_run = None
        keys: list[str | None] = [None] * len(plan)
        if result_cache is not None:
            keys, whole_run, restored = keys_or_earlier_run(
                result_cache, plan, root=root, engine=scorer, chunk_size=chunk_size, parquet=parquet, out=out
            )
            if restored is not None:
                return restored
    writers = open_writers(out, parquet=parquet)
    run = TagRun()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(plan), desc="tagging", unit="article", disable=None)
    done = False
    try:
        for start, batch in _batches(plan, chunk_size):
            new_rows: dict[str, Rows] = {}
            rows = [
                tag_planned(item, root=root, engine=scorer, cache=result_cache, key=key, clock=clock, new_rows=new_rows)
                for item, key in zip(batch, keys[start : start + len(batch)], strict=True)
            ]
            if result_cache is not None:
                result_cache.put_many(new_rows)
            with clock.stage("write"):
                write_chunk(
                    writers,
                    run,
                    [r[0] for r in rows],
                    [x for r in rows for x in r[1]],
                    [x for r in rows for x in r[2]],
                )
            if bar is not None:
                bar.update(len(batch))
        done = True
    finally:
        if bar is not None:
            bar.close()
        for writer in writers.values():
            run.files += writer.close(keep=done)
        if result_cache is not None:
            result_cache.save_index()
    if result_cache is not None and whole_run is not None:
        result_cache.store_run(whole_run, run)
        result_cache.record_use(keys)
    return run

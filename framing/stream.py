"""Tagging at scale: chunked, streaming output with flat memory, and a result cache.

`tag_to_files` reads one chunk of articles at a time, tags it, appends its rows to the
CSV (and Parquet) outputs and lets it go, so memory does not grow with the corpus.
`ResultCache` keeps each article's rows under a key made of the raw bytes' hash, the
engine and its version, and a digest of the library's code and resource files: an
unchanged article is not tagged again; a changed article, engine or cue list is.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

import pandas as pd

from framing.corpus import PlannedArticle, plan_corpus, read_planned, sha256_file
from framing.pipeline import COLUMN_TYPES, TABLE_COLUMNS, tables_from_rows, tag_or_error_row
from framing.stance import DEFAULT_ENGINE, get_engine
from framing.timing import NO_CLOCK, StageClock
from framing.types import ManifestEntry, StanceEngine, Status

Rows = tuple[dict, list[dict], list[dict]]


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
    version, which is therefore part of the key."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0
        self._index_path = self.directory / "files.marshal"
        try:
            self._files: dict[str, tuple[int, int, str]] = marshal.loads(self._index_path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            self._files = {}
        self._dirty = False

    def file_sha256(self, path: Path) -> str:
        """sha256 of a file's bytes, re-read only when its size or modification time
        changed since the last run (a warm run then only stats the files)."""
        stat = path.stat()
        name = str(path.resolve())
        known = self._files.get(name)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            return known[2]
        digest = sha256_file(path)
        self._files[name] = (stat.st_size, stat.st_mtime_ns, digest)
        self._dirty = True
        return digest

    def save_index(self) -> None:
        """Write the file-hash index (call once at the end of a run)."""
        if not self._dirty:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        temp = self._index_path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(marshal.dumps(self._files))
        os.replace(temp, self._index_path)
        self._dirty = False

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

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.marshal"

    def get(self, key: str) -> Rows | None:
        try:
            article, segments, mentions = marshal.loads(self._path(key).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return article, segments, mentions

    def put(self, key: str, rows: Rows) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(marshal.dumps(tuple(rows)))
        os.replace(temp, path)


def tag_planned(
    item: PlannedArticle,
    *,
    root: Path,
    engine: StanceEngine,
    cache: ResultCache | None = None,
    clock: StageClock = NO_CLOCK,
) -> Rows:
    """Rows of one planned article, from the cache when its bytes, engine and code match."""
    key = None
    if cache is not None and item.read_file and item.error is None and item.path.is_file():
        with clock.stage("load"):
            key = cache.key(
                article_id=item.id,
                path=item.path,
                manifest=item.manifest,
                raw_sha256=cache.file_sha256(item.path),
                engine=engine,
                root=root,
            )
            if (hit := cache.get(key)) is not None:
                return hit
    with clock.stage("load"):
        article = read_planned(item)
    rows = tag_or_error_row(article, root=root, engine=engine, clock=clock)
    if key is not None and article.status is Status.OK:
        cache.put(key, rows)
    return rows


def _batches(items: Sequence[PlannedArticle], size: int) -> Iterator[Sequence[PlannedArticle]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
    """Appends chunks of one table to a temp CSV (and Parquet) file; `close` renames them
    into place, so readers never see a half-written table."""

    def __init__(self, out_dir: Path, name: str, *, parquet: bool) -> None:
        self.final = [out_dir / f"{name}.csv"] + ([out_dir / f"{name}.parquet"] if parquet else [])
        self.temp = [p.with_name(f".{p.name}.{os.getpid()}.tmp") for p in self.final]
        self.name = name
        self.csv = self.temp[0].open("w", encoding="utf-8", newline="")
        self.header = True
        self.parquet = None
        if parquet:
            import pyarrow.parquet as pq

            self.parquet = pq.ParquetWriter(self.temp[1], arrow_schema(name))

    def write(self, frame: pd.DataFrame) -> None:
        frame.to_csv(self.csv, index=False, header=self.header, lineterminator="\n")
        self.header = False
        if self.parquet is not None:
            import pyarrow as pa

            self.parquet.write_table(pa.Table.from_pandas(frame, schema=arrow_schema(self.name), preserve_index=False))

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
    as CSV (and Parquet) into `out_dir`. Memory holds one chunk at a time."""
    root = Path(data_dir)
    out = Path(out_dir)
    scorer = get_engine(engine) if isinstance(engine, str) else engine
    result_cache = ResultCache(cache_dir) if cache_dir is not None else None
    with clock.stage("load"):
        plan = plan_corpus(root, manifest=manifest)  # an unusable manifest stops here, before any output
    out.mkdir(parents=True, exist_ok=True)
    writers = {name: _TableWriter(out, name, parquet=parquet) for name in TABLE_COLUMNS}
    run = TagRun()
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(plan), desc="tagging", unit="article", disable=None)
    done = False
    try:
        for batch in _batches(plan, chunk_size):
            rows = [tag_planned(item, root=root, engine=scorer, cache=result_cache, clock=clock) for item in batch]
            with clock.stage("write"):
                tables = tables_from_rows(
                    [r[0] for r in rows], [x for r in rows for x in r[1]], [x for r in rows for x in r[2]]
                )
                for name, frame in tables.tables().items():
                    writers[name].write(frame)
            run.n_articles += len(tables.articles)
            run.n_segments += len(tables.segments)
            run.n_mentions += len(tables.mentions)
            bad = tables.articles[tables.articles["status"] != "ok"]
            run.errors += list(zip(bad["id"], bad["error"], strict=True))
            warned = tables.articles[tables.articles["warning"].notna()]
            run.warnings += list(zip(warned["id"], warned["warning"], strict=True))
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
    return run

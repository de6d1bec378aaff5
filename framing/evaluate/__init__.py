"""Gold sets and metrics: the project's hand-annotated mentions, and NewsMTSC.

NewsMTSC (Hamborg & Donnay, EACL 2021; MIT licence) holds English news sentences with
target spans and a polarity 2/4/6 (negative/neutral/positive toward the target), read here
as against/neutral/favor. Get it from the authors' repository (fhamborg/NewsMTSC on
GitHub); this project reads it from `../shared/benchmarks/newsmtsc/` and never copies it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from framing.corpus import load_corpus
from framing.types import StanceEngine, StanceInput, StanceLabel, StanceResult
from framing.validate import number, one_of, read_csv_checked

LABEL_ORDER = [StanceLabel.FAVOR.value, StanceLabel.AGAINST.value, StanceLabel.NEUTRAL.value]
NEWSMTSC_POLARITY = {2.0: "against", 4.0: "neutral", 6.0: "favor"}
GOLD_COLUMNS = ("article_id", "start", "end", "surface", "target", "language", "sentence", "speaker", "stance")


@dataclass(frozen=True)
class GoldSet:
    """Items to score, their true labels, and rows that could not be used (with reasons)."""

    name: str
    items: list[StanceInput]
    labels: list[str]
    table: pd.DataFrame  # one row per usable item
    errors: pd.DataFrame  # row, reason


@dataclass(frozen=True)
class Report:
    name: str
    n: int
    accuracy: float
    macro_f1: float
    per_class: pd.DataFrame  # label, precision, recall, f1, support
    confusion: pd.DataFrame  # rows: gold label, columns: predicted label

    def format(self) -> str:
        lines = [
            f"{self.name}: n={self.n}  accuracy={self.accuracy:.3f}  macro-F1={self.macro_f1:.3f}",
            self.per_class.to_string(index=False, float_format=lambda x: f"{x:.3f}"),
            "confusion (rows gold, columns predicted):",
            self.confusion.to_string(),
        ]
        return "\n".join(lines)


def _error_frame(errors: list[tuple[int, str]]) -> pd.DataFrame:
    return pd.DataFrame(errors, columns=["row", "reason"])


def load_gold(path: str | Path, *, data_dir: str | Path | None = None) -> GoldSet:
    """The hand-annotated mentions (`data/gold/mentions.csv`). Rows are checked (stance
    label, integer span, no duplicate span); each row's span must hold its surface form
    and lie inside its sentence in the article. Rows that fail get a reason in `errors`
    instead of stopping the evaluation; a file that cannot be used at all raises
    ValueError naming the problem."""
    path = Path(path)
    checked = read_csv_checked(
        path,
        required=GOLD_COLUMNS,
        checks={
            "stance": one_of(*LABEL_ORDER),
            "start": number(integer=True, low=0),
            "end": number(integer=True, low=0),
        },
        unique=("article_id", "start", "end"),
    )
    if any(e.line == 0 for e in checked.errors):
        raise ValueError(f"{path}: {checked.errors[0].reason}")
    corpus = load_corpus(data_dir if data_dir is not None else path.parent.parent / "raw")
    texts = {a.id: a.text for a in corpus.articles}
    items, labels, keep = [], [], []
    errors = [(e.line, e.reason) for e in checked.errors]
    for row in checked.rows:
        start, end = int(row["start"]), int(row["end"])
        text = texts.get(row["article_id"])
        sentence = row["sentence"]
        sentence_start = text.find(sentence) if text is not None else -1
        if text is None:
            reason = f"unknown article_id '{row['article_id']}'"
        elif text[start:end] != row["surface"]:
            reason = f"span {start}-{end} does not hold '{row['surface']}'"
        elif not (0 <= sentence_start <= start and end <= sentence_start + len(sentence)):
            reason = "sentence not found around the span"
        else:
            reason = None
        if reason is not None:
            errors.append((row.line, reason))
            continue
        lang = row["language"] if row["language"] in ("en", "de", "ru") else "en"
        items.append(StanceInput(sentence, row["target"], (start - sentence_start, end - sentence_start), lang))
        labels.append(row["stance"])
        keep.append({**row.values, "start": start, "end": end})
    table = pd.DataFrame(keep, columns=list(checked.columns))
    return GoldSet(f"gold ({path.name})", items, labels, table, _error_frame(sorted(errors)))


def load_newsmtsc(path: str | Path) -> GoldSet:
    """A NewsMTSC jsonl split; one item per distinct (sentence, target span)."""
    path = Path(path)
    items, labels, rows, errors = [], [], [], []
    seen: set[tuple[str, int, int]] = set()
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
                sentence = record["sentence_normalized"]
                targets = record["targets"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                errors.append((line_number, f"malformed record: {exc}"))
                continue
            for target in targets:
                key = (sentence, target.get("from"), target.get("to"))
                polarity = NEWSMTSC_POLARITY.get(target.get("polarity"))
                if polarity is None or not isinstance(key[1], int) or not isinstance(key[2], int):
                    errors.append((line_number, f"target without span or known polarity: {target}"))
                    continue
                if key in seen:
                    continue
                seen.add(key)
                items.append(StanceInput(sentence, target["mention"], (key[1], key[2]), "en"))
                labels.append(polarity)
                rows.append({"line": line_number, "mention": target["mention"], "stance": polarity})
    return GoldSet(f"NewsMTSC {path.stem}", items, labels, pd.DataFrame(rows), _error_frame(errors))


def metrics(gold: Sequence[str], predicted: Sequence[str], *, name: str = "") -> Report:
    """Accuracy, macro-F1 over favor/against/neutral, per-class P/R/F1 and the confusion matrix."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    confusion = pd.crosstab(
        pd.Categorical(gold, categories=LABEL_ORDER),
        pd.Categorical(predicted, categories=LABEL_ORDER),
        rownames=["gold"],
        colnames=["predicted"],
        dropna=False,
    )
    rows = []
    for label in LABEL_ORDER:
        tp = int(confusion.loc[label, label])
        predicted_n = int(confusion[label].sum())
        support = int(confusion.loc[label].sum())
        precision = tp / predicted_n if predicted_n else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"label": label, "precision": precision, "recall": recall, "f1": f1, "support": support})
    per_class = pd.DataFrame(rows)
    n = len(gold)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n if n else 0.0
    return Report(name, n, accuracy, float(per_class["f1"].mean()), per_class, confusion)


def evaluate(engine: StanceEngine, gold: GoldSet) -> tuple[Report, list[str]]:
    """Score every gold item with `engine`; returns the report and the predictions."""
    predicted = [r.label.value for r in engine.score(gold.items)]
    return metrics(gold.labels, predicted, name=f"{engine.name} on {gold.name}"), predicted


@dataclass(frozen=True)
class ResultAgreement:
    """How far two runs of an engine over the same items agree (e.g. bf16 against fp32)."""

    n: int
    same_label: int
    max_score_difference: float

    def format(self, reference: str) -> str:
        return (
            f"  same label as {reference} on {self.same_label} of {self.n} items; "
            f"scores differ by at most {self.max_score_difference:.4f}"
        )


def result_agreement(results: Sequence[StanceResult], reference: Sequence[StanceResult]) -> ResultAgreement:
    """Label agreement and the largest score difference between two runs over the same items."""
    if len(results) != len(reference):
        raise ValueError(f"{len(results)} results against {len(reference)} reference results")
    pairs = list(zip(results, reference, strict=True))
    return ResultAgreement(
        len(pairs),
        sum(a.label == b.label for a, b in pairs),
        max((abs(a.score - b.score) for a, b in pairs), default=0.0),
    )


@dataclass(frozen=True)
class EngineRuns:
    """Several engines on one gold set: a report and the predictions per engine that ran,
    and for each engine that could not run here, why."""

    reports: list[Report]
    predictions: dict[str, list[str]]
    unavailable: dict[str, str]


def evaluate_engines(engines: Sequence[str], gold: GoldSet) -> EngineRuns:
    """`evaluate` for each engine by name; an engine whose model is not on this machine is
    listed in `unavailable` with the first sentence of its error instead of stopping."""
    from framing.stance import EngineUnavailableError, get_engine

    reports, predictions, unavailable = [], {}, {}
    for name in engines:
        try:
            report, predicted = evaluate(get_engine(name), gold)
        except EngineUnavailableError as exc:
            unavailable[name] = str(exc).split(". ")[0]
            continue
        reports.append(report)
        predictions[name] = predicted
    return EngineRuns(reports, predictions, unavailable)


def scores_by(gold: GoldSet, predictions: Mapping[str, Sequence[str]], by: str) -> pd.DataFrame:
    """Accuracy and macro-F1 of each engine's predictions per value of a gold-table column
    (e.g. by="language"): one row per engine and value."""
    rows = []
    for name, predicted in predictions.items():
        table = gold.table.assign(predicted=list(predicted))
        for value, part in table.groupby(by, sort=True):
            report = metrics(part["stance"].tolist(), part["predicted"].tolist())
            scores = {"n": report.n, "accuracy": report.accuracy, "macro_f1": report.macro_f1}
            rows.append({"engine": name, by: value, **scores})
    return pd.DataFrame(rows, columns=["engine", by, "n", "accuracy", "macro_f1"])


def disagreements(gold: GoldSet, predictions: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The gold items where at least one engine differs from the annotator, with every
    engine's label in a `predicted_<engine>` column beside the gold stance and note."""
    predicted = {f"predicted_{name}": list(labels) for name, labels in predictions.items()}
    table = gold.table.assign(**predicted)
    differs = table[list(predicted)].ne(table["stance"], axis=0).any(axis=1)
    columns = [c for c in ("article_id", "start", "end", "surface", "target", "stance") if c in table]
    columns += [*predicted, *(c for c in ("note", "sentence") if c in table)]
    return table.loc[differs, columns].reset_index(drop=True)


def speaker_accuracy(mentions: pd.DataFrame, gold_table: pd.DataFrame) -> float:
    """Share of gold mentions whose extracted speaker equals the annotated one."""
    merged = gold_table.merge(mentions, on=["article_id", "start", "end"], suffixes=("_gold", ""))
    if merged.empty:
        return 0.0
    return float((merged["speaker_gold"] == merged["speaker"]).mean())


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa of two label sequences over the same items
    (NaN kappa when chance agreement is 1, e.g. both always give the same label)."""
    if len(a) != len(b):
        raise ValueError(f"{len(a)} labels against {len(b)}")
    if not a:
        return float("nan"), float("nan")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    labels = set(a) | set(b)
    expected = sum((list(a).count(label) / len(a)) * (list(b).count(label) / len(b)) for label in labels)
    return observed, (observed - expected) / (1 - expected) if expected < 1 else float("nan")


def agreement(predictions: dict[str, Sequence[str]]) -> pd.DataFrame:
    """Pairwise agreement between engines on the same items: share of equal labels and
    Cohen's kappa (chance-corrected). One row per pair of engines."""
    names = list(predictions)
    rows = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            a, b = list(predictions[first]), list(predictions[second])
            if len(a) != len(b):
                raise ValueError(f"{first} and {second} scored different numbers of items")
            observed, kappa = cohen_kappa(a, b)
            rows.append({"engine_a": first, "engine_b": second, "n": len(a), "agreement": observed, "kappa": kappa})
    return pd.DataFrame(rows, columns=["engine_a", "engine_b", "n", "agreement", "kappa"])


def compare_engines(
    engines: Sequence[str],
    *,
    gold: str | Path | None = None,
    newsmtsc_dir: str | Path | None = None,
    splits: Sequence[str] = ("dev_rw", "dev_mt"),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """Every engine on the gold set and the NewsMTSC splits, as one tidy table with columns
    engine, dataset, n, metric (accuracy, macro_f1, f1_favor, f1_against, f1_neutral),
    value, note. An engine whose model is not on this machine, or a missing NewsMTSC
    file, gives one row with value NaN and the reason in `note` instead of an error.
    `options` maps an engine name to keyword arguments for its constructor."""
    from framing import paths
    from framing.stance import EngineUnavailableError, get_engine

    gold_path = Path(gold) if gold is not None else paths.DATA_DIR / "gold" / "mentions.csv"
    newsmtsc_dir = Path(newsmtsc_dir) if newsmtsc_dir is not None else paths.NEWSMTSC_DIR
    datasets: dict[str, Callable[[], GoldSet] | str] = {"gold": lambda: load_gold(gold_path)}
    for split in splits:
        path = newsmtsc_dir / f"{split}.jsonl"
        datasets[f"NewsMTSC {split}"] = (lambda p=path: load_newsmtsc(p)) if path.is_file() else f"{path} not found"
    loaded: dict[str, GoldSet] = {}
    rows: list[dict[str, Any]] = []

    def missing(engine: str, dataset: str, note: str) -> None:
        rows.append(
            {"engine": engine, "dataset": dataset, "n": 0, "metric": "macro_f1", "value": float("nan"), "note": note}
        )

    for name in engines:
        engine = get_engine(name, **dict((options or {}).get(name, {})))
        for dataset, source in datasets.items():
            if isinstance(source, str):
                missing(name, dataset, source)
                continue
            if dataset not in loaded:
                loaded[dataset] = source()
            try:
                report, _ = evaluate(engine, loaded[dataset])
            except EngineUnavailableError as exc:
                missing(name, dataset, "model unavailable: " + str(exc).split(" Cause:")[0])
                continue
            values = {"accuracy": report.accuracy, "macro_f1": report.macro_f1}
            values |= {f"f1_{r.label}": r.f1 for r in report.per_class.itertuples()}
            rows += [
                {"engine": name, "dataset": dataset, "n": report.n, "metric": m, "value": float(v), "note": ""}
                for m, v in values.items()
            ]
    return pd.DataFrame(rows, columns=["engine", "dataset", "n", "metric", "value", "note"])

"""Fit the `linear` stance engine on the real-world dev fold (and, with --with-seeds, the seed gold).

Only the `dev` fold is read (rows of other folds are dropped as the gold file is read, by
`folds.csv`); cross-validation groups mentions by article so an article's sentences never
sit on both sides. `python -m framing.stance.linear_training`
prints the cross-validated macro-F1 of every setting tried, overall and per language, beside
the lexicon engine and the keyword baseline on the same dev mentions, and writes the chosen
model with the sha256 of its training rows.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from framing import paths
from framing.stance.linear import LABELS, MODEL_FILE, Features, LinearModel, features
from framing.types import StanceInput

SEED = 0
FOLDS = 5
SETTINGS = [(c, near) for near in (False, True) for c in (0.1, 0.3, 1.0, 3.0)]


@dataclass(frozen=True)
class Row:
    item: StanceInput
    label: str
    group: str  # article id
    source: str  # realworld-dev | seeds


def tagger_speakers(root: Path = paths.REALWORLD_DIR) -> dict[str, tuple[str, str]]:
    """The speaker the tagger gives each gold mention of the dev fold, with that speaker's
    side (by item id), so the model learns from the speakers it will see when it tags; a
    mention the tagger does not find has none."""
    from framing.evaluate.annotated import load_annotated_corpus
    from framing.evaluate.corpus_report import match_mentions, tagged_speakers
    from framing.pipeline import tag

    annotated = load_annotated_corpus(root, fold="dev")
    gold = annotated.mentions
    tags = tag(annotated.corpus())
    speakers = tagged_speakers(gold, tags, match_mentions(gold, tags.mentions))
    return {item: found for item, found in zip(gold["item"], speakers, strict=True) if found[0]}


def dev_rows(root: Path = paths.REALWORLD_DIR, speakers: Mapping[str, tuple[str, str]] | None = None) -> list[Row]:
    """The gold mentions of the dev fold, as stance inputs (sentence, span in it, language,
    and the speaker and side `speakers` gives the item)."""
    with (root / "folds.csv").open(encoding="utf-8", newline="") as handle:
        dev = {r["id"] for r in csv.DictReader(handle) if r["fold"] == "dev"}
    rows = []
    with (root / "gold" / "mentions.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["article_id"] not in dev:
                continue
            offset = int(r["sentence_start"])
            span = (int(r["start"]) - offset, int(r["end"]) - offset)
            speaker, side = (speakers or {}).get(r["item"], ("", ""))
            item = StanceInput(r["sentence"], r["target"], span, r["language"], speaker, side)
            rows.append(Row(item, r["stance"], r["article_id"], "realworld-dev"))
    return rows


def seed_rows() -> list[Row]:
    from framing.evaluate import load_gold

    gold = load_gold(paths.DATA_DIR / "gold" / "mentions.csv")
    groups = gold.table["article_id"].tolist()
    return [
        Row(item, label, f"seed:{group}", "seeds")
        for item, label, group in zip(gold.items, gold.labels, groups, strict=True)
    ]


def rows_digest(rows: Sequence[Row]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        fields = [row.group, row.item.target, row.item.lang, str(row.item.span), row.label, row.item.text]
        if row.item.speaker:  # the digest of rows without speakers stays as it was
            fields.append(row.item.speaker)
        line = "\t".join(fields)
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _featurise(rows: Sequence[Row], near_words: bool) -> list[Features]:
    out = []
    for row in rows:
        found = features(row.item, near_words=near_words)
        out.append(found if isinstance(found, Features) else Features({"no cue": 1.0}, {}))
    return out


def fit(rows: Sequence[Row], *, c: float, near_words: bool, found: list[Features] | None = None) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    found = found if found is not None else _featurise(rows, near_words)
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform([f.values for f in found])
    y = [r.label for r in rows]
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)
    model.fit(x, y)
    order = [list(model.classes_).index(label) for label in LABELS if label in model.classes_]
    labels = tuple(model.classes_[k] for k in order)
    weights = {
        name: tuple(round(float(model.coef_[k, j]), 6) for k in order)
        for j, name in enumerate(vectorizer.get_feature_names_out())
        if np.any(np.abs(model.coef_[:, j]) >= 1e-6)
    }
    intercepts = tuple(round(float(model.intercept_[k]), 6) for k in order)
    return LinearModel(labels, intercepts, weights, near_words)


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, labels=list(LABELS), average="macro", zero_division=0))


def cross_validate(dev: Sequence[Row], seeds: Sequence[Row], *, c: float, near_words: bool) -> list[str]:
    """Out-of-fold predictions for every dev row; `seeds` (if any) always train, never test."""
    from sklearn.model_selection import GroupKFold

    found_dev = _featurise(dev, near_words)
    found_seeds = _featurise(seeds, near_words)
    predicted = [""] * len(dev)
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in splitter.split(np.zeros(len(dev)), groups=[r.group for r in dev]):
        rows = [dev[k] for k in train] + list(seeds)
        model = fit(rows, c=c, near_words=near_words, found=[found_dev[k] for k in train] + found_seeds)
        for k in test:
            predicted[k] = model.decide(found_dev[k], dev[k].item.target).label.value
    return predicted


def scores_by_language(dev: Sequence[Row], predicted: Sequence[str]) -> dict[str, float]:
    out = {"all": macro_f1([r.label for r in dev], predicted)}
    for lang in ("en", "de", "ru"):
        keep = [k for k, r in enumerate(dev) if r.item.lang == lang]
        out[lang] = macro_f1([dev[k].label for k in keep], [predicted[k] for k in keep])
    return out


def _line(name: str, scores: dict[str, float]) -> str:
    return f"{name:<34} " + "  ".join(f"{k} {v:.3f}" for k, v in scores.items())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, default=None, help="where to write the model JSON (default: resources)")
    parser.add_argument("--no-write", action="store_true", help="only print the cross-validation")
    parser.add_argument(
        "--with-seeds",
        action="store_true",
        help="also fit on the seed gold (default: no, so the seed gold stays an independent check; "
        "cross-validation on dev was no better with it)",
    )
    args = parser.parse_args(argv)
    from framing.evaluate.baselines import KeywordBaseline
    from framing.stance import get_engine

    dev, seeds = dev_rows(speakers=tagger_speakers()), (seed_rows() if args.with_seeds else [])
    print(f"{len(dev)} dev mentions from {len({r.group for r in dev})} articles; {len(seeds)} seed mentions")
    items = [r.item for r in dev]
    for name, engine in (("lexicon (no training)", get_engine("lexicon")), ("baseline: keywords", KeywordBaseline())):
        print(_line(name, scores_by_language(dev, [x.label.value for x in engine.score(items)])))
    results = []
    for c, near in SETTINGS:
        scores = scores_by_language(dev, cross_validate(dev, seeds, c=c, near_words=near))
        results.append((scores["all"], c, near))
        print(_line(f"linear C={c} near_words={near} (CV)", scores))
    _, c, near = max(results, key=lambda x: (round(x[0], 6), -x[1]))
    if args.no_write:
        return
    model = fit([*dev, *seeds], c=c, near_words=near)
    target = args.write or (Path(__file__).resolve().parent.parent / "resources" / "stance" / MODEL_FILE)
    payload = {
        "engine": "linear",
        "trained_on": {"realworld dev fold": rows_digest(dev)} | ({"seed gold": rows_digest(seeds)} if seeds else {}),
        "rows": {"realworld dev fold": len(dev)} | ({"seed gold": len(seeds)} if seeds else {}),
        "setting": {"C": c, "class_weight": "balanced", "near_words": near, "chosen_by": f"grouped {FOLDS}-fold CV"},
        "labels": list(model.labels),
        "intercepts": list(model.intercepts),
        "near_words": near,
        "weights": {name: list(row) for name, row in sorted(model.weights.items())},
    }
    target.write_text(_one_feature_a_line(payload), encoding="utf-8")
    print(f"wrote {target} (C={c}, near_words={near}, {len(model.weights)} features)")


def _one_feature_a_line(payload: dict) -> str:
    """JSON with one feature's weights per line, so a refit reads as a diff of features."""
    weights = payload["weights"]
    head = json.dumps({k: v for k, v in payload.items() if k != "weights"}, ensure_ascii=False, indent=1)
    rows = ",\n".join(f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(row)}" for name, row in weights.items())
    return head[:-2] + ',\n "weights": {\n' + rows + "\n }\n}\n"


if __name__ == "__main__":
    main()

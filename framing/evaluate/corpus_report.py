"""Every tag against an annotated corpus: outlet, language, stance and speaker, each with a
seeded cluster-bootstrap 95% interval over articles, beside baselines on the same items.

`evaluate_annotated` returns two tidy tables: `metrics` (one row per system, metric and
subset) and `items` (one row per scored item with gold and prediction), so a notebook can
show every error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.evaluate import LABEL_ORDER
from framing.evaluate.annotated import LANGUAGES, STATE_TYPES, AnnotatedCorpus, outlet_group, same_outlet
from framing.evaluate.baselines import KeywordBaseline, MajorityBaseline
from framing.evaluate.bootstrap import cluster_bootstrap, macro_f1
from framing.mentions.sides import side_of
from framing.types import CONTENT_KINDS, Corpus, StanceEngine, StanceInput, Tags

METRIC_COLUMNS = ["system", "metric", "subset", "value", "ci_low", "ci_high", "n_items", "n_articles", "note"]
ITEM_COLUMNS = ["kind", "system", "article_id", "item", "language", "outlet", "target", "gold", "predicted"]
ITEM_COLUMNS += ["correct", "evidence", "sentence"]
NOT_FOUND = "(mention not found)"

#: Russian letters in the transliteration English-language media mostly use (BGN/PCGN-like).
_CYRILLIC = {
    **dict(zip("абвгдеёжзийклмнопрстуфхыэ", "abvgdeezziiklmnoprstufhye", strict=True)),
    **{"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "ъ": "", "ь": ""},
    "й": "y",
}


def _name_key(name: str) -> str:
    """A name reduced for comparison across scripts: last word, transliterated, letters only,
    with the transliteration variants that differ most often folded (y/i/j, kh/h)."""
    words = name.strip().casefold().split()
    last = words[-1] if words else ""
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in last)
    latin = re.sub(r"[^a-z]", "", latin.replace("-", ""))
    return latin.replace("kh", "h").replace("j", "i").replace("y", "i")


def same_speaker(gold: str, predicted: str) -> bool:
    """`narrator` and institutions match exactly (ignoring case); people match by surname
    across scripts and transliterations (Грушко = Grushko, Lukashenka = Lukashenko)."""
    if gold.strip().casefold() == predicted.strip().casefold():
        return True
    a, b = _name_key(gold), _name_key(predicted)
    if not a or not b or "narrator" in (a, b):
        return False
    return a == b or (min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


@dataclass(frozen=True)
class CorpusReport:
    name: str
    fold: str
    metrics: pd.DataFrame
    items: pd.DataFrame
    problems: pd.DataFrame

    def format(self) -> str:
        def cell(row) -> str:
            if np.isnan(row.value):
                return "n/a"
            if row.metric.startswith("errors: "):
                return f"{int(row.value)}"
            interval = "" if np.isnan(row.ci_low) else f" [{row.ci_low:.3f}, {row.ci_high:.3f}]"
            return f"{row.value:.3f}{interval}"

        lines = [f"{self.name}, fold {self.fold}: 95% intervals from a seeded bootstrap over articles"]
        for metric, part in self.metrics.groupby("metric", sort=False):
            lines.append(f"\n{metric}")
            for row in part.itertuples():
                note = f"  ({row.note})" if row.note else ""
                lines.append(
                    f"  {row.system:<20} {row.subset:<10} {cell(row):<26} n={row.n_items} items, "
                    f"{row.n_articles} articles{note}"
                )
        if len(self.problems):
            lines.append(f"\n{len(self.problems)} input problems (each left out of what it cannot support):")
            for row in self.problems.itertuples():
                where = f"{row.file}" + (f" line {row.line}" if row.line else "") + (f" [{row.id}]" if row.id else "")
                lines.append(f"  {where}: {row.reason}")
        return "\n".join(lines)


class _Metrics:
    def __init__(self, seed: int) -> None:
        self.rows: list[dict] = []
        self.seed = seed

    def add(
        self,
        system: str,
        metric: str,
        subset: str,
        articles: Sequence[str],
        statistic: Callable[[np.ndarray], float],
        note: str = "",
    ) -> None:
        n = len(articles)
        value = statistic(np.arange(n)) if n else float("nan")
        low, high = cluster_bootstrap(articles, statistic, seed=self.seed) if n else (float("nan"), float("nan"))
        self.rows.append(
            {
                "system": system,
                "metric": metric,
                "subset": subset,
                "value": value,
                "ci_low": low,
                "ci_high": high,
                "n_items": n,
                "n_articles": len(set(articles)),
                "note": note,
            }
        )


def _share(flags: np.ndarray) -> Callable[[np.ndarray], float]:
    return lambda rows: float(flags[rows].mean()) if len(rows) else float("nan")


def _outlet_items(gold: pd.DataFrame, tagged: pd.DataFrame, *, system: str = "tagger") -> pd.DataFrame:
    table = gold.merge(tagged, on="id", suffixes=("", "_predicted"))
    rows = []
    for r in table.itertuples():
        predicted_group = r.outlet_group_predicted or outlet_group(r.outlet_predicted, r.outlet_type_predicted)
        common = {"system": system, "article_id": r.id, "item": r.id, "language": r.language, "outlet": r.outlet}
        common |= {"target": "", "evidence": r.outlet_evidence, "sentence": ""}
        rows.append(
            common
            | {
                "kind": "language",
                "gold": r.language,
                "predicted": r.language_predicted,
                "correct": r.language == r.language_predicted,
                "evidence": r.languages,
            }
        )
        if not r.outlet:  # no true outlet: a problem row says so; outlet metrics leave it out
            continue
        rows.append(
            common
            | {
                "kind": "outlet",
                "gold": r.outlet,
                "predicted": r.outlet_predicted,
                "correct": same_outlet(r.outlet, r.outlet_predicted, gold_url=r.url),
            }
        )
        rows.append(
            common
            | {
                "kind": "outlet_group",
                "gold": r.outlet_group,
                "predicted": predicted_group,
                "correct": r.outlet_group == predicted_group,
            }
        )
        predicted_state = r.outlet_type_predicted in STATE_TYPES
        rows.append(
            common
            | {
                "kind": "state_media",
                "gold": "state" if r.state_media else "not state",
                "predicted": "state" if predicted_state else "not state",
                "correct": predicted_state == r.state_media,
            }
        )
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _text_only_outlets(corpus: Corpus) -> pd.DataFrame:
    """The outlet each article gets from its text alone (no manifest, URL or HTML metadata):
    what the dateline, signature and layout evidence can do by themselves."""
    from framing.outlets import detect_outlet

    rows = []
    for article in corpus.articles:
        found = detect_outlet(article.text)
        rows.append(
            {
                "id": article.id,
                "outlet_predicted": found.outlet,
                "outlet_type_predicted": found.outlet_type,
                "outlet_group_predicted": found.group,
                "outlet_evidence": found.evidence,
                "language_predicted": "",
                "languages": "",
            }
        )
    return pd.DataFrame(rows)


def match_mentions(gold: pd.DataFrame, tagged: pd.DataFrame) -> list[pd.Series | None]:
    """For each gold mention, the tagged mention of the same target whose span overlaps it most."""
    by_article = {key: part for key, part in tagged.groupby(["article_id", "target"])}
    matches = []
    for g in gold.itertuples():
        part = by_article.get((g.article_id, g.target))
        if part is None:
            matches.append(None)
            continue
        overlap = np.minimum(part["end"], g.end) - np.maximum(part["start"], g.start)
        best = int(np.argmax(overlap.to_numpy()))
        matches.append(part.iloc[best] if overlap.iloc[best] > 0 else None)
    return matches


ERROR_KINDS = ("role", "coverage", "spurious cue-less", "target not found", "speaker")


def error_kind(item: StanceInput, gold: str, predicted: str) -> str:
    """Why a stance is wrong: `role` (a cue was found near the target, so the role or cue
    read was wrong), `coverage` (no cue found, gold not neutral), `spurious cue-less`
    (no cue found, gold neutral, a label given anyway); empty when it is right."""
    from framing.stance.cues import read_mention

    if gold == predicted:
        return ""
    reading = read_mention(item.text, item.target, item.span, item.lang)
    if reading.hits:
        return "role"
    return "coverage" if gold != "neutral" else "spurious cue-less"


def _add_error_kinds(
    rows: list[dict],
    items: list[pd.DataFrame],
    gold: pd.DataFrame,
    languages: pd.Series,
    matches: list[pd.Series | None],
    inputs: Sequence[StanceInput],
    system: str,
) -> None:
    """Counts of each error kind, per language, as metric rows (value = count)."""
    stance = next(part for part in items if len(part) and part["kind"].iloc[0] == "stance")
    stance = stance[stance["system"] == system]
    kinds = [error_kind(i, g, p) for i, g, p in zip(inputs, stance["gold"], stance["predicted"], strict=True)]
    not_found = [m is None for m in matches]
    speaker_part = next((part for part in items if len(part) and part["kind"].iloc[0] == "speaker"), None)
    for subset in ("all", *LANGUAGES):
        keep = np.ones(len(gold), bool) if subset == "all" else (languages.to_numpy() == subset)
        counts = {
            kind: sum(1 for k, flag in zip(kinds, keep, strict=True) if flag and k == kind) for kind in ERROR_KINDS[:3]
        }
        counts["target not found"] = int(np.sum(np.array(not_found, bool) & keep))
        if speaker_part is not None:
            part = speaker_part if subset == "all" else speaker_part[speaker_part["language"] == subset]
            counts["speaker"] = int((~part["correct"].astype(bool) & (part["predicted"] != NOT_FOUND)).sum())
        else:
            counts["speaker"] = 0
        for kind in ERROR_KINDS:
            who = system if kind in ERROR_KINDS[:3] else "tagger"
            rows.append(
                {
                    "system": who,
                    "metric": f"errors: {kind}",
                    "subset": subset,
                    "value": float(counts[kind]),
                    "ci_low": float("nan"),
                    "ci_high": float("nan"),
                    "n_items": int(keep.sum()),
                    "n_articles": len(set(gold["article_id"][keep])),
                    "note": "count of items",
                }
            )


def _trained_here(engine: StanceEngine, annotated: AnnotatedCorpus) -> bool:
    """Whether `engine` says it was fitted on the dev fold of this corpus, and the report
    covers that fold (dev, or all folds)."""
    fitted = f"{annotated.root.name}:dev" in getattr(engine, "trained_on", ())
    return fitted and annotated.fold in ("dev", "all")


def content_paragraphs(segments: pd.DataFrame) -> dict[str, list[str]]:
    """Each article's content segments, in order (as a tagging run gives them to the
    stance engine's speaker sides)."""
    content = segments[segments["kind"].isin([k.value for k in CONTENT_KINDS])]
    ordered = content.sort_values(["article_id", "segment"], kind="stable")
    return {article: part["text"].tolist() for article, part in ordered.groupby("article_id", sort=False)}


def tagged_speakers(gold: pd.DataFrame, tags: Tags, matches: Sequence[pd.Series | None]) -> list[tuple[str, str]]:
    """(speaker, side) that the tagging run `tags` gives each gold mention (its `matches`),
    as it gives them to the stance engine; ('', '') where it did not find the mention."""
    paragraphs = content_paragraphs(tags.segments)
    found = []
    for article, match in zip(gold["article_id"], matches, strict=True):
        speaker = "" if match is None else str(match["speaker"])
        side = side_of(speaker, paragraphs.get(article, ())) if speaker else None
        found.append((speaker, side or ""))
    return found


def _stance_inputs(gold: pd.DataFrame, languages: pd.Series, speakers: Sequence[tuple[str, str]]) -> list[StanceInput]:
    """The gold mentions as the engine reads them, each with the tagger's speaker and side."""
    return [
        StanceInput(r.sentence, r.target, (r.start - r.sentence_start, r.end - r.sentence_start), lang, *speaker)
        for r, lang, speaker in zip(gold.itertuples(), languages, speakers, strict=True)
    ]


def evaluate_annotated(
    annotated: AnnotatedCorpus,
    *,
    engine: StanceEngine,
    baseline_from: AnnotatedCorpus | None = None,
    seed: int = 0,
) -> CorpusReport:
    """Tag the corpus with `engine`, score every tag, and the baselines on the same items.

    `baseline_from`: the corpus the majority baselines learn from (the dev fold, so a
    test-fold report never looks at test labels); default: the evaluated corpus itself,
    which the report notes as in-sample."""
    from framing.pipeline import tag

    corpus = annotated.corpus()
    tags = tag(corpus, engine=engine)
    tagged_articles = tags.articles.rename(columns={"language": "language_predicted"})
    tagged_articles = tagged_articles.rename(columns={"outlet": "outlet_predicted"})
    tagged_articles = tagged_articles.rename(columns={"outlet_type": "outlet_type_predicted"})
    tagged_articles = tagged_articles.rename(columns={"outlet_group": "outlet_group_predicted"})
    columns = ["id", "outlet_predicted", "outlet_type_predicted", "outlet_group_predicted", "outlet_evidence"]
    tagged_articles = tagged_articles.reindex(columns=[*columns, "language_predicted", "languages"]).fillna("")
    metrics = _Metrics(seed)
    facts = annotated.articles.set_index("id")
    items = [_outlet_items(annotated.articles, tagged_articles)]
    text_only = _outlet_items(annotated.articles, _text_only_outlets(corpus), system="tagger, text only")
    items.append(text_only[text_only["kind"] != "language"])
    for system, outlet in (("tagger", items[0]), ("tagger, text only", items[1])):

        def article_metric(kind: str, metric: str, mask: pd.Series | None = None, note: str = "") -> None:
            part = outlet[outlet["kind"] == kind]  # noqa: B023 (used in this iteration only)
            if mask is not None:
                part = part[mask.loc[part.index]]
            flags = part["correct"].to_numpy(dtype=float)
            metrics.add(system, metric, "all", part["article_id"].tolist(), _share(flags), note)  # noqa: B023

        is_state = outlet["article_id"].map(facts["state_media"]).astype(bool)
        article_metric("outlet", "outlet: exact", note="all articles")
        if system == "tagger":
            named = outlet["article_id"].map(facts["names_publisher"]).astype(bool)
            article_metric("outlet", "outlet: exact where text or URL names the publisher", named)
        else:
            named = outlet["article_id"].map(facts["text_names_publisher"]).astype(bool)
            article_metric("outlet", "outlet: exact where the text names the publisher", named)
        article_metric("outlet", "outlet: state media named correctly", is_state)
        non_state = outlet[(outlet["kind"] == "state_media") & ~is_state]
        metrics.add(
            system,
            "outlet: non-state articles called state media",
            "all",
            non_state["article_id"].tolist(),
            _share((non_state["predicted"] == "state").to_numpy(dtype=float)),
        )
        article_metric("outlet_group", "outlet group (BelTA, TASS, RT-style, blog, other)")
    outlet = items[0]
    metrics.add(
        "tagger",
        "article language",
        "all",
        outlet.loc[outlet["kind"] == "language", "article_id"].tolist(),
        _share(outlet.loc[outlet["kind"] == "language", "correct"].to_numpy(dtype=float)),
    )
    language_part = outlet[outlet["kind"] == "language"]
    learn_from = baseline_from if baseline_from is not None else annotated
    in_sample = "" if baseline_from is not None else " (in-sample)"
    majority_language = learn_from.articles["language"].value_counts().sort_index().idxmax()
    if len(language_part):
        flags = (language_part["gold"] == majority_language).to_numpy(dtype=float)
        metrics.add(
            "baseline: majority",
            "article language",
            "all",
            language_part["article_id"].tolist(),
            _share(flags),
            f"always '{majority_language}'{in_sample}",
        )

    gold = annotated.mentions
    language_of = facts["language"]
    languages = gold["article_id"].map(language_of).fillna("en")
    matches = match_mentions(gold, tags.mentions)
    inputs = _stance_inputs(gold, languages, tagged_speakers(gold, tags, matches))
    labels = gold["stance"].to_numpy(dtype=object)
    articles = gold["article_id"].tolist()
    majority = MajorityBaseline.fit(learn_from.mentions["stance"].tolist())
    systems: list[tuple[str, StanceEngine]] = [
        (engine.name, engine),
        ("baseline: majority", majority),
        ("baseline: keywords", KeywordBaseline()),
    ]
    for system, scorer in systems:
        results = scorer.score(inputs) if inputs else []
        predicted = np.array([r.label.value for r in results], dtype=object)
        items.append(
            pd.DataFrame(
                {
                    "kind": "stance",
                    "system": system,
                    "article_id": gold["article_id"],
                    "item": gold["item"],
                    "language": languages,
                    "outlet": gold["article_id"].map(facts["outlet"]),
                    "target": gold["target"],
                    "gold": labels,
                    "predicted": predicted,
                    "correct": predicted == labels,
                    "evidence": [r.evidence for r in results],
                    "sentence": gold["sentence"],
                },
                columns=ITEM_COLUMNS,
            )
        )
        note = "" if system != "baseline: majority" else f"always '{majority.label.value}'{in_sample}"
        if system == engine.name and _trained_here(engine, annotated):
            note = "in-sample: the engine was fitted on this fold; see its cross-validation"
        for subset in ("all", *LANGUAGES):
            rows = np.arange(len(labels)) if subset == "all" else np.flatnonzero(languages.to_numpy() == subset)
            sub_gold, sub_predicted = labels[rows], predicted[rows] if len(predicted) else predicted
            sub_articles = [articles[i] for i in rows]
            metrics.add(
                system,
                "stance: macro-F1",
                subset,
                sub_articles,
                lambda r, g=sub_gold, p=sub_predicted: macro_f1(g[r], p[r], LABEL_ORDER),
                note,
            )
        for label in LABEL_ORDER:
            for measure in ("precision", "recall"):
                mask = (predicted == label) if measure == "precision" else (labels == label)
                rows = np.flatnonzero(mask)
                flags = (labels[rows] == predicted[rows]).astype(float)
                metrics.add(system, f"stance: {measure}", label, [articles[i] for i in rows], _share(flags), note)

    has_speaker = gold["speaker"].fillna("").str.len() > 0
    speaker_rows = []
    for (i, g), match in zip(gold.iterrows(), matches, strict=True):
        if not has_speaker[i]:
            continue
        predicted_speaker = NOT_FOUND if match is None else str(match["speaker"])
        speaker_rows.append(
            {
                "kind": "speaker",
                "system": "tagger",
                "article_id": g["article_id"],
                "item": g["item"],
                "language": languages[i],
                "outlet": facts["outlet"].get(g["article_id"], ""),
                "target": g["target"],
                "gold": g["speaker"],
                "predicted": predicted_speaker,
                "correct": match is not None and same_speaker(g["speaker"], predicted_speaker),
                "evidence": "" if match is None else str(match["speaker_evidence"]),
                "sentence": g["sentence"],
            }
        )
    speakers = pd.DataFrame(speaker_rows, columns=ITEM_COLUMNS)
    items.append(speakers)
    correct = speakers["correct"].to_numpy(dtype=float)
    for subset in ("all", *LANGUAGES):
        mask = np.ones(len(speakers), bool) if subset == "all" else (speakers["language"] == subset).to_numpy()
        rows = np.flatnonzero(mask)
        metrics.add(
            "tagger",
            "speaker: accuracy",
            subset,
            speakers["article_id"].iloc[rows].tolist(),
            _share(correct[rows]),
            "a mention the tagger did not find counts as wrong",
        )
    gold_narrator = (speakers["gold"].str.casefold() == "narrator").to_numpy(dtype=float)
    metrics.add(
        "baseline: majority",
        "speaker: accuracy",
        "all",
        speakers["article_id"].tolist(),
        _share(gold_narrator),
        "always 'narrator'",
    )
    _add_error_kinds(metrics.rows, items, gold, languages, matches, inputs, engine.name)
    found_any = np.array([m is not None for m in matches], dtype=float)
    metrics.add(
        "tagger",
        "mentions found by the tagger",
        "all",
        articles,
        _share(found_any),
        "gold mentions with an overlapping tagged mention of the same target",
    )
    return CorpusReport(
        annotated.root.name,
        annotated.fold,
        pd.DataFrame(metrics.rows, columns=METRIC_COLUMNS),
        pd.concat(items, ignore_index=True),
        annotated.problems,
    )

"""An annotated corpus: articles with their true outlet and language (a provenance
table), gold NATO/Russia mentions with stance and speaker, and optional dev/test folds.

The shipped one is `data/realworld/`; a researcher's own corpus with the same files is
read the same way (`python -m framing evaluate --set PATH`):

    PATH/articles.csv          the manifest the tagger reads (id, file, url, published, ...)
    PATH/raw/                  the article files
    PATH/provenance.csv        id, outlet, outlet_type, language; optional names_publisher, url
    PATH/gold/mentions.csv     article_id, start, end, surface, target, stance; optional
                               sentence, sentence_start, speaker, debatable
    PATH/folds.csv             id, fold (optional: without it every article is in fold 'all')

Rows that cannot be used are never dropped silently: each lands in `problems` with the
file, its line and the reason, and the report counts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.corpus import iter_articles, plan_corpus
from framing.evaluate import LABEL_ORDER
from framing.outlets.registry import STATE_TYPES
from framing.types import Corpus, Status
from framing.validate import one_of, read_csv_checked

#: The four groups the figures compare, plus `other`.
GROUPS = ("BelTA", "TASS", "RT-style", "blog", "other")
_GROUP_OF_OUTLET = {"belta": "BelTA", "tass": "TASS", "itar-tass": "TASS", "rt": "RT-style", "sputnik": "RT-style"}
FOLDS = ("dev", "test")
LANGUAGES = ("en", "de", "ru")


def outlet_group(outlet: str, outlet_type: str = "") -> str:
    """The figures' group of an outlet: BelTA, TASS, RT-style (RT, Sputnik), blog, other."""
    key = outlet.strip().casefold()
    if key in _GROUP_OF_OUTLET:
        return _GROUP_OF_OUTLET[key]
    if key == "blog" or outlet_type == "blog or aggregator":
        return "blog"
    return "unknown" if key in ("", "unknown") else "other"


def same_outlet(gold: str, predicted: str, *, gold_url: str = "") -> bool:
    """Whether a tag names the page's publisher: the gold name (ignoring case; ITAR-TASS is
    TASS, its name until 2014), the page's web host (how an outlet in no registry row is
    named), or the registry outlet that owns the page's domain."""
    from urllib.parse import urlsplit

    from framing.outlets.registry import publisher_host, shipped_registry

    def key(name: str) -> str:
        name = name.strip().casefold()
        return "tass" if name == "itar-tass" else name

    if key(gold) == key(predicted):
        return True
    host = (urlsplit(gold_url).hostname or "") if gold_url else ""
    if not host or not predicted:
        return False
    if key(predicted) == publisher_host(host):
        return True
    owner = shipped_registry().by_host(host)
    return owner is not None and key(owner.outlet) == key(predicted)


@dataclass(frozen=True)
class AnnotatedCorpus:
    root: Path
    fold: str
    articles: pd.DataFrame  # id, outlet, outlet_type, outlet_group, state_media, language, names_publisher, fold
    mentions: pd.DataFrame  # gold mentions of those articles
    problems: pd.DataFrame  # file, line, id, reason

    def corpus(self) -> Corpus:
        """The fold's articles, read from disk (only those files are opened)."""
        wanted = set(self.articles["id"])
        plan = [p for p in plan_corpus(self.root / "raw", manifest=self._manifest()) if p.id in wanted]
        return Corpus(root=self.root / "raw", articles=tuple(iter_articles(plan)))

    def _manifest(self) -> Path | None:
        path = self.root / "articles.csv"
        return path if path.is_file() else None


def _problem(file: str, line: int, article: str, reason: str) -> dict:
    return {"file": file, "line": line, "id": article, "reason": reason}


def _read_folds(root: Path, problems: list[dict]) -> dict[str, str]:
    path = root / "folds.csv"
    if not path.is_file():
        return {}
    table = read_csv_checked(path, required=("id", "fold"), checks={"fold": one_of(*FOLDS)}, unique=("id",))
    problems += [_problem("folds.csv", e.line, "", e.reason) for e in table.errors]
    return {row["id"]: row["fold"] for row in table.rows}


def _read_provenance(root: Path, folds: dict[str, str], problems: list[dict]) -> pd.DataFrame:
    path = root / "provenance.csv"
    columns = ["id", "outlet", "outlet_type", "outlet_group", "state_media", "language", "names_publisher"]
    columns += ["text_names_publisher", "url"]
    if not path.is_file():
        problems.append(_problem("provenance.csv", 0, "", "no provenance.csv: outlet and language are not scored"))
        return pd.DataFrame(columns=[*columns, "fold"])
    table = read_csv_checked(path, required=("id", "language"), unique=("id",))
    problems += [_problem("provenance.csv", e.line, "", e.reason) for e in table.errors]
    if missing := [c for c in ("outlet", "outlet_type") if table.columns and c not in table.columns]:
        problems.append(_problem("provenance.csv", 0, "", f"no column {', '.join(missing)}: outlets not scored"))
    if any(e.line == 0 for e in table.errors):
        return pd.DataFrame(columns=[*columns, "fold"])
    rows = []
    for row in table.rows:
        values = {"outlet": "", "outlet_type": "", **row.values}
        if not values["outlet"]:
            problems.append(_problem("provenance.csv", row.line, values["id"], "no outlet: not scored for outlet"))
        if not values.get("url"):
            problems.append(_problem("provenance.csv", row.line, values["id"], "no URL: kept, provenance incomplete"))
        if values["language"] not in LANGUAGES:
            problems.append(
                _problem("provenance.csv", row.line, values["id"], f"language {values['language']!r} not en/de/ru")
            )
        rows.append(
            {
                "id": values["id"],
                "outlet": values["outlet"],
                "outlet_type": values["outlet_type"],
                "outlet_group": outlet_group(values["outlet"], values["outlet_type"]) if values["outlet"] else "",
                "state_media": values["outlet_type"] in STATE_TYPES,
                "language": values["language"],
                "names_publisher": values.get("names_publisher", "") == "yes" or bool(values.get("url")),
                "text_names_publisher": values.get("names_publisher", "") == "yes",
                "url": values.get("url", ""),
                "fold": folds.get(values["id"], "all" if not folds else ""),
            }
        )
    return pd.DataFrame(rows, columns=[*columns, "fold"])


def _read_gold(root: Path, texts: dict[str, str], known: set[str], problems: list[dict]) -> pd.DataFrame:
    path = root / "gold" / "mentions.csv"
    columns = ["item", "article_id", "start", "end", "surface", "target", "sentence_start", "sentence"]
    columns += ["speaker", "stance", "debatable"]
    if not path.is_file():
        problems.append(_problem("gold/mentions.csv", 0, "", "no gold/mentions.csv: stance and speaker are not scored"))
        return pd.DataFrame(columns=columns)
    table = read_csv_checked(
        path,
        required=("article_id", "start", "end", "surface", "target", "stance"),
        checks={"stance": one_of(*LABEL_ORDER), "target": one_of("NATO", "Russia")},
        unique=("article_id", "start", "end", "target"),
    )
    problems += [_problem("gold/mentions.csv", e.line, "", e.reason) for e in table.errors]
    rows = []
    for row in table.rows:
        values = dict(row.values)
        article, text = values["article_id"], texts.get(values["article_id"])
        try:
            start, end = int(values["start"]), int(values["end"])
        except ValueError:
            problems.append(_problem("gold/mentions.csv", row.line, article, "start/end are not whole numbers"))
            continue
        if text is None:
            if article not in known:
                problems.append(_problem("gold/mentions.csv", row.line, article, "unknown article_id"))
            continue  # else another fold's article, or one left out with its own problem row
        reason = None
        if text[start:end] != values["surface"]:
            reason = f"span {start}-{end} does not hold {values['surface']!r}"
        sentence = values.get("sentence") or ""
        if reason is None and sentence:
            hint = int(values["sentence_start"]) if values.get("sentence_start", "").isdigit() else None
            if hint is not None and text.startswith(sentence, hint):
                sentence_start = hint
            else:  # the last occurrence that starts at or before the mention
                sentence_start = text.rfind(sentence, 0, start + len(sentence))
            if sentence_start < 0 or not sentence_start <= start < end <= sentence_start + len(sentence):
                reason = "sentence not found around the span in the article"
        elif reason is None:  # no sentence given: the line around the span
            sentence_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            sentence = text[sentence_start : line_end if line_end >= 0 else len(text)]
        if reason is not None:
            problems.append(_problem("gold/mentions.csv", row.line, article, reason))
            continue
        rows.append(
            {
                "item": values.get("item") or f"line-{row.line}",
                "article_id": article,
                "start": start,
                "end": end,
                "surface": values["surface"],
                "target": values["target"],
                "sentence_start": sentence_start,
                "sentence": sentence,
                "speaker": values.get("speaker", ""),
                "stance": values["stance"],
                "debatable": values.get("debatable", "") in ("yes", "true", "1"),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def load_annotated_corpus(path: str | Path, *, fold: str = "all") -> AnnotatedCorpus:
    """The articles (and their gold mentions) of one fold: `dev`, `test` or `all`.
    Duplicate articles (same bytes as an earlier id) and unreadable files are left out
    with a problem row each; raises FileNotFoundError when `path` has no `raw/`."""
    root = Path(path)
    if not (root / "raw").is_dir():
        raise FileNotFoundError(f"{root}: no raw/ folder of articles (see framing/evaluate/annotated.py)")
    if fold not in (*FOLDS, "all"):
        raise ValueError(f"fold must be dev, test or all, not {fold!r}")
    problems: list[dict] = []
    folds = _read_folds(root, problems)
    articles = _read_provenance(root, folds, problems)
    known = set(articles["id"])
    if folds and fold != "all":
        missing = articles[articles["fold"] == ""]
        problems += [_problem("folds.csv", 0, i, "article in no fold: left out") for i in missing["id"]]
        articles = articles[articles["fold"] == fold]
    annotated = AnnotatedCorpus(root, fold, articles.reset_index(drop=True), pd.DataFrame(), pd.DataFrame())
    texts: dict[str, str] = {}
    seen: dict[str, str] = {}
    keep, read = [], set()
    for article in annotated.corpus().articles:
        read.add(article.id)
        if article.status is not Status.OK:
            problems.append(_problem("raw", 0, article.id, f"not readable: {article.error}"))
        elif article.sha256 in seen:
            problems.append(_problem("raw", 0, article.id, f"same bytes as {seen[article.sha256]}: left out"))
        else:
            seen[article.sha256] = article.id
            texts[article.id] = article.text
            keep.append(article.id)
    listed = set(articles["id"])
    problems += [_problem("provenance.csv", 0, i, "no article file: left out") for i in sorted(listed - read)]
    articles = articles[articles["id"].isin(keep)].reset_index(drop=True)
    mentions = _read_gold(root, texts, known, problems)
    return AnnotatedCorpus(
        root, fold, articles, mentions, pd.DataFrame(problems, columns=["file", "line", "id", "reason"])
    )

"""Distinctive vocabulary of two groups of texts: weighted log-odds ratios with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, 'Fightin' Words').

For a word w with counts y_a, y_b in the two groups (totals n_a, n_b) and prior counts
alpha_w (summing to alpha_0):

    delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
            - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
    var(delta_w) ~= 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
    z_w = delta_w / sqrt(var(delta_w))

z > 0 marks words typical of group a, z < 0 of group b; |z| > 1.96 is the usual cut.
The prior defaults to the pooled counts of both groups (scaled by `prior_scale`), which
shrinks rare words toward zero.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files

import pandas as pd

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
VOCAB_COLUMNS = ["term", "n_a", "n_b", "delta", "se", "z", "group"]


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Stop words of `lang` (en, de, ru) from `resources/stopwords_<lang>.txt`."""
    resource = files("framing.resources").joinpath(f"stopwords_{lang}.txt")
    if not resource.is_file():
        return frozenset()
    lines = resource.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def tokenize(text: str, *, stop: frozenset[str] = frozenset()) -> list[str]:
    """Lower-cased words of two or more letters (hyphenated compounds split), stop words out."""
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in stop]


def count_terms(texts: Iterable[str], *, languages: Sequence[str] = ("en", "de", "ru")) -> Counter[str]:
    stop = frozenset().union(*(stop_words(lang) for lang in languages))
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokenize(text, stop=stop))
    return counts


def log_odds(
    counts_a: Counter[str], counts_b: Counter[str], *, prior: Counter[str] | None = None, prior_scale: float = 1.0
) -> pd.DataFrame:
    """Weighted log-odds with informative Dirichlet prior for every term in either group,
    sorted by z (most typical of group a first)."""
    prior = prior if prior is not None else counts_a + counts_b
    vocabulary = sorted(set(counts_a) | set(counts_b))
    alpha = {w: prior_scale * prior.get(w, 0) + 0.01 for w in vocabulary}  # +0.01: words absent from the prior
    alpha_0 = sum(alpha.values())
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    rows = []
    for w in vocabulary:
        y_a, y_b, a_w = counts_a.get(w, 0), counts_b.get(w, 0), alpha[w]
        delta = math.log((y_a + a_w) / (n_a + alpha_0 - y_a - a_w)) - math.log(
            (y_b + a_w) / (n_b + alpha_0 - y_b - a_w)
        )
        se = math.sqrt(1 / (y_a + a_w) + 1 / (y_b + a_w))
        rows.append((w, y_a, y_b, delta, se, delta / se))
    table = pd.DataFrame(rows, columns=VOCAB_COLUMNS[:-1])
    table["group"] = ["a" if z > 0 else "b" for z in table["z"]]
    return table.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)


def distinctive_terms(
    texts_a: Iterable[str],
    texts_b: Iterable[str],
    *,
    languages: Sequence[str] = ("en", "de", "ru"),
    min_count: int = 2,
    prior_scale: float = 1.0,
    top: int | None = None,
    names: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Terms that set group a apart from group b (z > 0) and vice versa (z < 0).

    Stop words of every language in `languages` are removed; terms seen fewer than
    `min_count` times in both groups together are dropped. With `top`, the `top` most
    distinctive terms of each group are returned (group a first, then group b). With
    `names`, the groups are called by them ('group' values, 'n <name>' count columns).
    """
    table = _distinctive(texts_a, texts_b, languages=languages, min_count=min_count, prior_scale=prior_scale, top=top)
    if names is None:
        return table
    renamed = table.rename(columns={"n_a": f"n {names[0]}", "n_b": f"n {names[1]}"})
    return renamed.assign(group=renamed["group"].map({"a": names[0], "b": names[1]}))


def _distinctive(
    texts_a: Iterable[str],
    texts_b: Iterable[str],
    *,
    languages: Sequence[str],
    min_count: int,
    prior_scale: float,
    top: int | None,
) -> pd.DataFrame:
    counts_a, counts_b = count_terms(texts_a, languages=languages), count_terms(texts_b, languages=languages)
    table = log_odds(counts_a, counts_b, prior_scale=prior_scale)
    table = table[table["n_a"] + table["n_b"] >= min_count].reset_index(drop=True)
    if top is None:
        return table
    group_b = table[table["group"] == "b"].sort_values(["z", "term"], ascending=[True, True])
    return pd.concat([table[table["group"] == "a"].head(top), group_b.head(top)], ignore_index=True)

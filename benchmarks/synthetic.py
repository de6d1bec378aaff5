"""A seeded synthetic corpus made from the seed articles' sentences.

Synthetic articles mix the seeds' sentences into pages that look like the seeds: a menu
line, a headline, an agency dateline, body paragraphs of shuffled English sentences, in
about one article in five a numbered German excerpt, and a widget footer. Each sentence
gets filler words inserted and its numbers changed, so sentences repeat about as rarely
as in real news and memo caches get no free hits.
"""

from __future__ import annotations

import random
from pathlib import Path

from framing import paths
from framing.mentions import find_targets, split_sentences
from framing.pipeline import tag
from framing.types import StanceInput

MENUS = ["All news", "Home | World | Politics | Events", "Archive", "Only News"]
DATELINES = ["MINSK, {d} April (BelTA) – ", "MOSCOW, March {d}. /TASS/. ", "", "BERLIN, {d}. März (dpa) – "]
FOOTERS = ["Blog Widget by LinkWithin", "Su Mo Tu We Th Fr Sa", "Featured Post"]


def seed_sentences(data_dir: str | Path = paths.RAW_DIR) -> dict[str, list[str]]:
    """Sentences of the seeds' content segments, by language ('en', 'de')."""
    tags = tag(data_dir)
    content = tags.segments[tags.segments["kind"].isin(["body", "excerpt", "standfirst"])]
    by_language: dict[str, list[str]] = {"en": [], "de": []}
    for segment in content.itertuples():
        if segment.language in by_language:
            by_language[segment.language] += [segment.text[s:e] for s, e in split_sentences(segment.text)]
    return by_language


#: Words that fit almost anywhere in a sentence (separated by spaces).
FILLERS = {
    "en": "also now again further reportedly indeed still meanwhile once largely partly mostly clearly notably "
    "recently currently apparently evidently openly firmly",
    "de": "auch nun erneut weiter offenbar zudem noch bereits jedoch kaum ebenfalls zunächst derzeit wohl eben",
}
_FILLER_WORDS = {lang: words.split() for lang, words in FILLERS.items()}
#: Filler words inserted into each sentence: with 20 fillers, two insertions give each
#: seed sentence tens of thousands of variants.
N_FILLERS = 2


def _perturbed(rng: random.Random, sentence: str, lang: str) -> str:
    """The sentence with filler words inserted and its numbers changed (see the module
    docstring: sentences must repeat as rarely as in news)."""
    words = sentence.split()
    for _ in range(N_FILLERS):
        words.insert(rng.randint(1, max(1, len(words) - 1)), rng.choice(_FILLER_WORDS[lang]))
    return " ".join(w if not w.isdigit() else str(rng.randint(2, 99)) for w in words)


def synthetic_article(rng: random.Random, sentences: dict[str, list[str]], *, words: int) -> str:
    """One page: menu, headline, body paragraphs of 2-4 sentences (the first with an
    agency dateline) up to `words` words, sometimes a German excerpt, a widget footer.
    No sentence occurs twice in a page."""
    english = [_perturbed(rng, s, "en") for s in rng.sample(sentences["en"], min(60, len(sentences["en"])))]
    lines = [rng.choice(MENUS), "", " ".join(english.pop().split()[:9]).rstrip(".,;:"), ""]
    body_words = 0
    first = True
    while body_words < words and english:
        paragraph = " ".join(english.pop() for _ in range(min(len(english), rng.randint(2, 4))))
        if first:
            paragraph = rng.choice(DATELINES).format(d=rng.randint(1, 28)) + paragraph
            first = False
        lines += [paragraph, ""]
        body_words += len(paragraph.split())
    if rng.random() < 0.2:
        german = [_perturbed(rng, s, "de") for s in rng.sample(sentences["de"], min(3, len(sentences["de"])))]
        lines += [f"  {rng.randint(1, 5)}. Nato warnt vor russischer Truppenpräsenz...", ""]
        lines += ["    " + " ".join(german), ""]
    lines.append(rng.choice(FOOTERS))
    return "\n".join(lines) + "\n"


def write_synthetic_corpus(out_dir: str | Path, *, n_articles: int, words: int = 600, seed: int = 0) -> Path:
    """Write `n_articles` synthetic articles of about `words` words into `out_dir`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sentences = seed_sentences()
    for n in range(n_articles):
        (out / f"synthetic_{n:07d}.txt").write_text(synthetic_article(rng, sentences, words=words), encoding="utf-8")
    return out


def stance_items(n_sentences: int, *, seed: int = 0) -> list[StanceInput]:
    """`n_sentences` English seed sentences that mention NATO or Russia (perturbed as in the
    synthetic corpus, so no two are the same text), each with its first target marked."""
    rng = random.Random(seed)
    pool = [sentence for sentence in seed_sentences()["en"] if find_targets(sentence)]
    items = []
    while len(items) < n_sentences:
        text = _perturbed(rng, rng.choice(pool), "en")
        found = find_targets(text)
        if found:
            items.append(StanceInput(text=text, target=found[0].target, span=(found[0].start, found[0].end), lang="en"))
    return items


#: The language each kind of content segment of a synthetic page is written in.
SYNTHETIC_LANGUAGE = {"title": "en", "standfirst": "en", "body": "en", "excerpt": "de", "related-post": "de"}

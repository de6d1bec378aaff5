"""How often the language detectors agree, and how often each is right, on the seeds and
the real-world corpus (numbers for BENCHMARKS.md).

    python tools/language_agreement.py [--realworld data/realworld]

Segments come from `segment_text` of each article; a segment counts when it is long enough
for a guess (the 'und' rule of `framing.language`). 'Right' compares a content segment's
language, and an article's (its title, standfirst and body by letters, as the pipeline
decides it), with the article's language in the corpus's provenance.csv.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from framing import paths
from framing.language import DETECTORS, UNDETERMINED, language_and_letters, language_shares
from framing.segment import segment_text
from framing.types import ARTICLE_KINDS, CONTENT_KINDS


def _articles(folder: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


def report(name: str, articles: dict[str, str], truth: dict[str, str] | None = None) -> list[str]:
    detect = language_and_letters.__wrapped__  # no memo: every segment is detected and timed
    rows = []  # (article, kind, {detector: (language, probability, letters)})
    seconds = dict.fromkeys(DETECTORS, 0.0)
    for article, text in articles.items():
        for segment in segment_text(text):
            found = {}
            for detector in DETECTORS:
                started = time.perf_counter()
                found[detector] = detect(segment.text, detector=detector)
                seconds[detector] += time.perf_counter() - started
            rows.append((article, segment.kind, found))
    guessed = [found for _, _, found in rows if found["langdetect"][2] and _long_enough(found)]
    lines = [f"{name}: {len(articles)} articles, {len(rows)} segments, {len(guessed)} long enough for a guess"]
    for a, b in (("py3langid", "langdetect"), ("auto", "langdetect"), ("auto", "py3langid")):
        same = sum(found[a][0] == found[b][0] for found in guessed)
        lines.append(f"  {a} agrees with {b}: {same}/{len(guessed)} segments ({same / max(1, len(guessed)):.1%})")
    lines.append(
        "  time per segment (all segments, no memo): "
        + ", ".join(f"{d} {1e6 * s / len(rows):.0f} us" for d, s in seconds.items())
    )
    if truth:
        content = [(a, found) for a, kind, found in rows if kind in CONTENT_KINDS and _long_enough(found)]
        for detector in DETECTORS:
            right = sum(found[detector][0] == truth[a] for a, found in content)
            lines.append(
                f"  {detector}: content segments in the article's language {right}/{len(content)}"
                f" ({right / max(1, len(content)):.1%})"
            )
        for detector in DETECTORS:
            decided = {}
            for article in articles:
                own = language_shares(
                    (found[detector][0], found[detector][2])
                    for a, kind, found in rows
                    if a == article and kind in ARTICLE_KINDS
                )
                decided[article] = next(iter(own), UNDETERMINED)
            right = sum(decided[a] == truth[a] for a in articles)
            lines.append(f"  {detector}: articles in their true language {right}/{len(articles)}")
    return lines


def _long_enough(found: dict[str, tuple[str, float, int]]) -> bool:
    """Not cut short by the 'und' rule (which gives probability 0 before any detector runs)."""
    return any(probability for _, probability, _ in found.values()) or any(
        language != UNDETERMINED for language, _, _ in found.values()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realworld", type=Path, default=paths.DATA_DIR / "realworld")
    args = parser.parse_args()
    for line in report("seeds", _articles(paths.RAW_DIR)):
        print(line)
    with open(args.realworld / "provenance.csv", encoding="utf-8", newline="") as handle:
        truth = {row["id"]: row["language"] for row in csv.DictReader(handle)}
    for line in report("realworld", _articles(args.realworld / "raw"), truth):
        print(line)


if __name__ == "__main__":
    main()

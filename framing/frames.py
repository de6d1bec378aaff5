"""Frames: cue words per frame and language, counted per segment, article or source.

Frames (`resources/frames.csv`) are the generic issue frames of the Media Frames Corpus
(Card et al. 2015) plus domain frames this corpus needs (NATO as threat at the border,
Union State and brotherhood, ...). Cue patterns per language live in
`resources/frames_<lang>.csv`. A word may cue several frames ("ally" is both Union State
and external relations); every count keeps its cue words as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from framing.matching import PatternSet
from framing.resources import read_table
from framing.types import CONTENT_KINDS

FRAME_LANGUAGES = ("en", "de", "ru")


@dataclass(frozen=True)
class FrameCue:
    frame: str
    start: int
    end: int
    text: str


@cache
def frame_definitions() -> pd.DataFrame:
    """frame, label, family (generic | domain), description, source."""
    return pd.DataFrame(list(read_table("frames.csv")))


@cache
def _cue_patterns(lang: str) -> tuple[tuple[str, ...], PatternSet]:
    """(frame of each pattern, the patterns) of language `lang`."""
    rows = read_table(f"frames_{lang}.csv") if lang in FRAME_LANGUAGES else ()
    return tuple(r["frame"] for r in rows), PatternSet([r["pattern"] for r in rows], re.IGNORECASE)


def find_frame_cues(text: str, lang: str) -> list[FrameCue]:
    """Every frame cue in `text` (language `lang`; no cues for languages without a list)."""
    frames, patterns = _cue_patterns(lang)
    if not frames:
        return []
    cues = (FrameCue(frames[hit.pattern], hit.start, hit.end, text[hit.start : hit.end]) for hit in patterns.each(text))
    return sorted(cues, key=lambda cue: (cue.start, cue.frame))


def segment_frames(segments: pd.DataFrame) -> pd.DataFrame:
    """One row per (content segment, frame) with at least one cue: article_id, segment,
    language, frame, n_cues, cues (the cue words, '; '-joined, in text order)."""
    content = segments[segments["kind"].isin([k.value for k in CONTENT_KINDS])]
    keys = list(zip(content["article_id"], content["segment"], content["language"], strict=True))
    texts = content["text"].tolist()
    cues = [find_frame_cues(text, lang) for text, (_, _, lang) in zip(texts, keys, strict=True)]
    table = []
    for (article_id, segment, lang), found in zip(keys, cues, strict=True):
        by_frame: dict[str, list[str]] = {}
        for cue in found:
            by_frame.setdefault(cue.frame, []).append(cue.text)
        table += [
            {
                "article_id": article_id,
                "segment": segment,
                "language": lang,
                "frame": frame,
                "n_cues": len(words),
                "cues": "; ".join(words),
            }
            for frame, words in by_frame.items()
        ]
    return pd.DataFrame(table, columns=["article_id", "segment", "language", "frame", "n_cues", "cues"])


def frame_profile(segments: pd.DataFrame, *, group: str | pd.Series = "article_id") -> pd.DataFrame:
    """Frame counts per group (a segments column, or a Series aligned with `segments`
    such as `aggregate.segment_sources(...)`): group, frame, label, family, n_cues, share (of the
    group's frame cues), per_1000_words, rank (1 = most cued frame of the group), cues."""
    keys = segments[group] if isinstance(group, str) else group
    name = group if isinstance(group, str) else (group.name or "group")
    labelled = segments.assign(**{name: keys}).dropna(subset=[name])
    labelled = labelled[labelled["kind"].isin([k.value for k in CONTENT_KINDS])]
    words = labelled.groupby(name)["n_words"].sum()
    cues = segment_frames(labelled)
    if cues.empty:
        return pd.DataFrame(
            columns=[name, "frame", "label", "family", "n_cues", "share", "per_1000_words", "rank", "cues"]
        )
    if name not in ("article_id", "segment"):
        cues = cues.merge(labelled[["article_id", "segment", name]], on=["article_id", "segment"])
    table = cues.groupby([name, "frame"], as_index=False).agg(n_cues=("n_cues", "sum"), cues=("cues", "; ".join))
    table["share"] = table["n_cues"] / table.groupby(name)["n_cues"].transform("sum")
    table["per_1000_words"] = 1000 * table["n_cues"] / table[name].map(words)
    table = table.merge(frame_definitions()[["frame", "label", "family"]], on="frame", how="left")
    table = table.sort_values([name, "n_cues", "frame"], ascending=[True, False, True])
    table["rank"] = table.groupby(name).cumcount() + 1
    columns = [name, "frame", "label", "family", "n_cues", "share", "per_1000_words", "rank", "cues"]
    return table[columns].reset_index(drop=True)


def top_frames(profile: pd.DataFrame, *, family: str | None = None, n: int = 1) -> pd.DataFrame:
    """The `n` most cued frames of each group (optionally of one family)."""
    table = profile if family is None else profile[profile["family"] == family]
    group = table.columns[0]
    ranked = table.sort_values([group, "n_cues", "frame"], ascending=[True, False, True])
    return ranked.groupby(group).head(n).reset_index(drop=True)

"""Voices: who is quoted or reported, how many words each gets, and the stance each carries."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from framing.mentions import speech_spans
from framing.offices import parse_date
from framing.types import Segment, SegmentKind, Tags

SPEECH_COLUMNS = ["article_id", "segment", "start", "end", "speaker", "mode", "n_words"]


def _segments_of(rows: pd.DataFrame) -> list[Segment]:
    return [
        Segment(
            int(r.segment),
            int(r.start),
            int(r.end),
            r.text,
            SegmentKind(r.kind),
            r.kind_reason,
            None if pd.isna(r.excerpt) else int(r.excerpt),
        )
        for r in rows.itertuples(index=False)
    ]


def speech_table(segments: pd.DataFrame, published: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """One row per run of words in one voice (quote, reported speech or narration), from
    the segments table; the same speaker rules as the mentions table. `published`: each
    article's date by id (an office title speaks as the person who held it then)."""
    rows = []
    dates = published or {}
    for article_id, group in segments.groupby("article_id", sort=True):
        ordered = group.sort_values("segment")
        on = parse_date(dates.get(article_id) if isinstance(dates.get(article_id), str) else None)
        for span in speech_spans(_segments_of(ordered), languages=ordered["language"].tolist(), published=on):
            rows.append({"article_id": article_id, **{k: getattr(span, k) for k in SPEECH_COLUMNS[1:]}})
    return pd.DataFrame(rows, columns=SPEECH_COLUMNS)


def voices(tags: Tags, *, by: str = "outlet") -> pd.DataFrame:
    """One row per (group, speaker): words quoted, words reported, share of the group's
    words, and mentions and mean stance score toward NATO and Russia in that voice.
    `by` is an articles column ('outlet', 'id', 'language' ...)."""
    published = tags.articles.set_index("id")["published"].to_dict() if "published" in tags.articles else {}
    speech = speech_table(tags.segments, published)
    group_of = tags.articles.set_index("id", drop=False)[by]
    speech[by] = speech["article_id"].map(group_of)
    words = speech.pivot_table(index=[by, "speaker"], columns="mode", values="n_words", aggfunc="sum", fill_value=0)
    words = words.reindex(columns=["quote", "reported", "narration"], fill_value=0)
    words.columns = ["words_quoted", "words_reported", "words_narrated"]
    words["words_total"] = words.sum(axis=1)
    words["share_of_words"] = words["words_total"] / words.groupby(level=0)["words_total"].transform("sum")
    mentions = tags.mentions.assign(**{by: tags.mentions["article_id"].map(group_of)})
    stance = mentions.pivot_table(index=[by, "speaker"], columns="target", values="score", aggfunc=["count", "mean"])
    stance.columns = [f"{'n' if stat == 'count' else 'mean'}_{target.lower()}" for stat, target in stance.columns]
    table = words.join(stance, how="outer").reset_index()
    for column in ("n_nato", "n_russia"):
        table[column] = table.get(column, pd.Series(0, index=table.index)).fillna(0).astype(int)
    for column in ("mean_nato", "mean_russia"):
        if column not in table:
            table[column] = float("nan")
    word_columns = ["words_quoted", "words_reported", "words_narrated", "words_total"]
    table[word_columns] = table[word_columns].fillna(0).astype(int)
    table["share_of_words"] = table["share_of_words"].fillna(0.0)
    columns = [by, "speaker", *word_columns, "share_of_words", "n_nato", "mean_nato", "n_russia", "mean_russia"]
    return table[columns].sort_values([by, "words_total"], ascending=[True, False]).reset_index(drop=True)

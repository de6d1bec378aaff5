"""Material for a media-literacy lesson: each article with the evidence for its tags.

`article_card` renders an article as HTML with its outlet evidence, every NATO/Russia
mention coloured by stance (the tooltip says who speaks and which words decided) and
frame cue words underlined. Article text is untrusted: all of it goes through
`render.highlight_html`, which escapes every character. `questions` and `caveats` turn
the tags of one article into prompts for students and into warnings about where the
automatic tags can be wrong.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from framing.corpus import load_corpus
from framing.frames import find_frame_cues, frame_definitions, segment_frames
from framing.render import highlight_html
from framing.types import Corpus, Tags
from framing.voices import voices

#: Okabe-Ito colours (colour-blind safe), light enough to read text on.
STYLES = {
    "favor": "background:#9fd3f5",  # sky blue
    "against": "background:#f5b48f",  # vermillion, light
    "neutral": "background:#e3e3e3",
    "outlet": "background:#f0e442; font-weight:bold",
    "frame": "background:none; text-decoration:underline dotted #009E73 2px",
}
LEGEND = [
    ("favor", "mention, favor"),
    ("against", "mention, against"),
    ("neutral", "mention, neutral"),
    ("outlet", "outlet evidence"),
    ("frame", "frame cue word"),
]


def _row(tags: Tags, article_id: str) -> pd.Series:
    rows = tags.articles[tags.articles["id"] == article_id]
    if rows.empty:
        raise KeyError(f"no article '{article_id}'")
    return rows.iloc[0]


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the first quoted piece of the outlet evidence stands in the text."""
    match = re.search(r"'([^']{3,})'", evidence)
    if not match:
        return None
    quoted = match.group(1).rstrip("…")
    at = text.find(quoted)
    return (at, at + len(quoted)) if at >= 0 else None


def highlight_spans(tags: Tags, article_id: str, text: str, *, frames: bool = False) -> list[tuple[int, int, str, str]]:
    """(start, end, note, kind) for the outlet evidence and the mentions of one article and,
    with `frames`, its frame cues (by readable frame name; a cue that overlaps a mention is
    left out, the mention wins). Every span covers whole words."""
    row = _row(tags, article_id)
    spans: list[tuple[int, int, str, str]] = []
    if (found := _evidence_span(text, row["outlet_evidence"])) is not None:
        spans.append((*found, f"why {row['outlet']}: {row['outlet_evidence']}", "outlet"))
    mentions = tags.mentions[tags.mentions["article_id"] == article_id]
    for m in mentions.itertuples():
        tip = f"{m.target}: {m.stance} ({m.score:+.2f}), voice: {m.speaker}. {m.evidence}"
        spans.append((m.start, m.end, tip, m.stance))
    if frames:
        taken = [(s, e) for s, e, _, _ in spans]
        segments = tags.segments[tags.segments["article_id"] == article_id]
        for cue in _frame_cue_spans(segments):
            if not any(s < cue[1] and cue[0] < e for s, e in taken):
                spans.append(cue)
    return [(*whole_words(text, start, end), note, kind) for start, end, note, kind in spans]


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """`start`, `end` widened to the edges of the words they touch (a cue pattern may
    match a stem: 'favo' in 'favour'), so a highlight never cuts a word."""
    while start > 0 and text[start - 1].isalnum() and start < len(text) and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _frame_cue_spans(segments: pd.DataFrame) -> list[tuple[int, int, str, str]]:
    label_of = frame_definitions().set_index("frame")["label"].to_dict()
    cues = []
    for seg in segments.itertuples():
        frames_here = {}
        for cue in find_frame_cues(seg.text, seg.language):
            frames_here.setdefault((cue.start, cue.end), []).append(label_of.get(cue.frame, cue.frame))
        for (start, end), frames in frames_here.items():
            cues.append((seg.start + start, seg.start + end, "frame: " + ", ".join(frames), "frame"))
    return cues


def article_card(
    tags: Tags,
    article_id: str,
    *,
    corpus: Corpus | None = None,
    data_dir: str | Path | None = None,
    frames: bool = False,
) -> str:
    """One article as an HTML card: outlet and evidence, legend, highlighted text with each
    highlight's reason written after it (speaker, stance, cue words), and frame cues by
    their readable names with `frames`.

    The text comes from `corpus` (or is loaded from `data_dir`); every piece of article
    text and every tag value is escaped."""
    corpus = corpus if corpus is not None else load_corpus(data_dir)
    text = corpus[article_id].text
    row = _row(tags, article_id)
    esc = html.escape
    title = row["title"] if isinstance(row["title"], str) else "(no headline on the page)"
    citations = row["outlet_citations"] if isinstance(row["outlet_citations"], str) and row["outlet_citations"] else ""
    legend = " ".join(
        f'<mark style="{esc(STYLES[k])}">{esc(label)}</mark>' for k, label in LEGEND if frames or k != "frame"
    )
    return (
        '<div class="framing-card">'
        f"<h3>{esc(title)}</h3>"
        f"<p><b>Outlet:</b> {esc(row['outlet'])} ({esc(row['outlet_type'])}), confidence "
        f"{row['outlet_confidence']:.2f}, from {esc(row['outlet_source'])}<br>"
        f"<b>Why:</b> {esc(row['outlet_evidence'])}"
        + (f"<br><b>Quotes other agencies:</b> {esc(citations)} (sources, not the publisher)" if citations else "")
        + f"<br><b>Language:</b> {esc(row['language'])} ({esc(str(row['languages']))})</p>"
        f"<p>{legend} &nbsp; The reason for each highlight stands after it in [brackets].</p>"
        + highlight_html(text, highlight_spans(tags, article_id, text, frames=frames), styles=STYLES, inline_notes=True)
        + "</div>"
    )


def questions(tags: Tags, article_id: str) -> list[str]:
    """Discussion questions built from this article's tags."""
    row = _row(tags, article_id)
    asked = [
        f"The tool says this page comes from {row['outlet']} ({row['outlet_type']}) because of: "
        f"{row['outlet_evidence']}. Find that on the page. What else tells you who published it?"
    ]
    if isinstance(row["outlet_citations"], str) and row["outlet_citations"]:
        asked.append(
            f"The text quotes {row['outlet_citations'].replace(';', ', ')}. Why is an agency that is quoted "
            "not the publisher? How would the story change if you only had the quoted agency's version?"
        )
    voice_table = voices(tags, by="id").query("id == @article_id")
    speakers = voice_table[voice_table["speaker"] != "narrator"]
    if not speakers.empty:
        top = speakers.iloc[0]
        asked.append(
            f"Who speaks? {top['speaker']} gets {int(top['words_total'])} words, the outlet's own voice "
            f"{int(voice_table.loc[voice_table['speaker'] == 'narrator', 'words_total'].sum())}. "
            "Whose view of NATO and Russia do readers hear most, and who is missing?"
        )
    mentions = tags.mentions[(tags.mentions["article_id"] == article_id) & (tags.mentions["stance"] != "neutral")]
    if not mentions.empty:
        strongest = mentions.loc[mentions["score"].abs().idxmax()]
        asked.append(
            f'The sentence "{strongest["sentence_text"]}" is tagged {strongest["stance"]} toward '
            f"{strongest['target']}, in the voice of {strongest['speaker']}. Which words decide it? Do you agree?"
        )
    frames = segment_frames(tags.segments[tags.segments["article_id"] == article_id])
    if not frames.empty:
        top_frame = frames.groupby("frame")["n_cues"].sum().idxmax()
        label = frame_definitions().set_index("frame").loc[top_frame, "label"]
        asked.append(
            f"The most cued frame is '{label}'. Find a sentence that frames the story differently, "
            "and rewrite the headline in that other frame."
        )
    return asked


def caveats(tags: Tags, article_id: str) -> list[str]:
    """Where the automatic tags of this article can be wrong."""
    row = _row(tags, article_id)
    found = []
    if row["outlet_source"] == "style":
        found.append(
            f"The outlet tag rests on page layout only (confidence {row['outlet_confidence']:.2f}): "
            "another outlet with the same layout would get the same tag."
        )
    mentions = tags.mentions[tags.mentions["article_id"] == article_id]
    uncued = mentions[mentions["evidence"] == "no cue near the mention"]
    if len(uncued):
        found.append(
            f"{len(uncued)} of {len(mentions)} mentions are neutral only because no cue word stood near them; "
            "stance that needs context or world knowledge is missed."
        )
    by_side = mentions[mentions["evidence"].str.endswith("(speaker's side)")]
    if len(by_side):
        found.append(
            f"{len(by_side)} of {len(mentions)} mentions take their stance from who speaks, not from the words: "
            "a voice of one side (Russia's or the West's) is read as against the other and never against its own "
            "(see 'speaker's side' in the evidence). Check that the voice is the one the tool names."
        )
    unattributed = mentions[mentions["speaker"] == "unattributed quote"]
    if len(unattributed):
        found.append(f"{len(unattributed)} mention(s) sit in quotes whose speaker the tool could not find.")
    segments = tags.segments[tags.segments["article_id"] == article_id]
    undetermined = segments[(segments["language"] == "und") & segments["kind"].isin(["body", "excerpt"])]
    if len(undetermined):
        found.append(f"{len(undetermined)} text segment(s) were too short for a language guess.")
    found.append(
        "Stance is read sentence by sentence from cue words: irony, quotation marks used to distance, and "
        "what a story leaves out are invisible to it."
    )
    return found

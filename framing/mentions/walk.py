"""The walk over an article's content sentences that gives each mention its sentence and
speaker, and each word its voice (`speech_spans`).

Speaker rules, in order:
1. inside a direct quote: the speaker named in the attribution clause next to the quote;
   a quote without its own clause continues the previous quote of the same paragraph, or
   of the paragraph before (`quotes`);
2. in a sentence with a reporting verb: that verb's subject, except for mentions inside
   the attribution itself (`speakers`); in German, a sentence in Konjunktiv continues the
   last named speaker's reported speech;
3. otherwise the narrator (the outlet's own voice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from framing.mentions.quotes import find_quotes, speakers_of_quotes
from framing.mentions.sentences import sentence_spans
from framing.mentions.speakers import (
    NARRATOR,
    SPEAKER_LABEL,
    UNNAMED_SOURCE,
    Attribution,
    Scope,
    konjunktiv_marker,
    own_attribution,
    resolve,
)
from framing.mentions.targets import TargetMatch, context_forms, needs_context, pattern_matches, targets_in
from framing.mentions.transcripts import is_answer, is_interview, transcript_speaker
from framing.types import CONTENT_KINDS, Mention, Segment, SegmentKind

_HEADLINE_KINDS = frozenset({SegmentKind.TITLE, SegmentKind.STANDFIRST, SegmentKind.RELATED_POST})
_NOT_YET_READ = object()


@dataclass(slots=True)  # not frozen: one per sentence, and a frozen __init__ costs several times more
class _SentenceContext:
    segment: Segment
    language: str
    number: int  # running sentence number in the article
    start: int  # offsets of the sentence within the segment text
    end: int
    text: str  # the sentence
    headline: bool  # in a title, standfirst or related post
    quotes: list[tuple[int, int]]
    quote_speakers: list[tuple[str, str]]
    scope: Scope
    next_sentence: str | None  # the next sentence of the paragraph, which may attribute this one
    previous_sentence: str | None  # the sentence before in the paragraph, whose voice 'hieß es' continues
    default_speaker: tuple[str, str]  # (speaker, evidence) of words no rule gives to anyone else
    named_in_story: str  # the targets' names in the article's content ('NATO Russia'), for metonyms
    _found: Attribution | object | None = _NOT_YET_READ

    @property
    def attribution(self) -> Attribution | None:
        """The sentence's reporting clause, headline speaker or Konjunktiv continuation:
        found when first asked for, which must be before the walk moves on (it reads the
        speaker memory of the story as it stands at this sentence)."""
        if self._found is _NOT_YET_READ:
            sentence = self.text
            found = own_attribution(sentence, self.headline, self.next_sentence, self.scope.on)
            # The marker first: the last named speaker is read only where it is needed. This
            # sentence names no one, so reading it back from here gives the speaker before it.
            if found is None and (marker := konjunktiv_marker(sentence)) and (named := self.scope.last_voice):
                found = Attribution(named, f"German reported speech (Konjunktiv '{marker}') continues", ())
            elif (
                found is not None
                and found.speaker == UNNAMED_SOURCE
                and self.previous_sentence
                and _closing(found, sentence)
            ):
                # '..., hieß es.' right after 'Das Außenministerium warnte ...' goes on in that voice.
                before = own_attribution(self.previous_sentence, self.headline, sentence, self.scope.on)
                if before is not None and before.speaker != UNNAMED_SOURCE and before.narrator_spans:
                    evidence = f"{found.evidence}, continuing the sentence before: {before.evidence}"
                    found = found._replace(speaker=before.speaker, evidence=evidence, person=before.person)
            self._found = found
        return self._found  # type: ignore[return-value]

    def speaker_at(self, offset: int) -> tuple[str, str, bool]:
        """(speaker, evidence, in_quote) for a char offset within the segment text."""
        return _speaker_for(offset, self.start, self.quotes, self.quote_speakers, self, self.scope)

    @property
    def context(self) -> str:
        """What a metonym that needs context ('the alliance', 'das Bündnis') is read against:
        the targets named anywhere in the article's content, before or after it, which make
        them its topic (a headline's 'the alliance' comes before the body names NATO)."""
        return self.named_in_story

    def targets(self) -> tuple[TargetMatch, ...]:
        """`find_targets(self.text, context=self.context)`, without the context for a
        sentence that does not need it."""
        return targets_in(self.text, self.context if needs_context(self.text) else "")


def _sentences(
    segments: Sequence[Segment],
    languages: Sequence[str],
    *,
    only_with_matches: bool = False,
    published: date | None = None,
) -> Iterator[_SentenceContext]:
    """Walk the content sentences of one article, tracking quotes and speakers.

    Each context must be asked about its speakers before the walk moves on. With
    `only_with_matches`, only the sentences where some target pattern matches are given.
    `published`: the article's date, to which office titles resolve."""
    scopes: dict[int, Scope] = {}
    for segment in segments:
        if segment.kind in CONTENT_KINDS:
            scopes.setdefault(segment.excerpt or 0, Scope(published)).paragraphs.append(segment.text)
    default = transcript_speaker(segments, published) or _NARRATION
    interview = is_interview(segments)
    number = 0
    named = _names_in_story(segments)
    for segment, language in zip(segments, languages, strict=True):
        if segment.kind not in CONTENT_KINDS:
            continue
        scope = scopes[segment.excerpt or 0]
        text = segment.text
        quotes = find_quotes(text)
        quote_speakers = speakers_of_quotes(text, quotes, scope)
        headline = segment.kind in _HEADLINE_KINDS
        # a transcript's heading ('by NATO Secretary General ... before the meeting') is the
        # outlet's line about the words that follow, not those words
        voice = _NARRATION if headline else default
        if interview and is_answer(text) and (interviewee := scope.first_named):
            voice = (interviewee, f"interview answer ('— ...' after a question): {interviewee}")
        spans = sentence_spans(text)
        sentences = [text[s_start:s_end] for s_start, s_end in spans]
        for i, (s_start, s_end) in enumerate(spans):
            sentence = sentences[i]
            following = sentences[i + 1] if i + 1 < len(spans) else None
            previous = sentences[i - 1] if i else None
            scope.walk_past(sentence, headline, following)
            if not only_with_matches or pattern_matches(sentence):
                yield _SentenceContext(
                    segment,
                    language,
                    number,
                    s_start,
                    s_end,
                    sentence,
                    headline,
                    quotes,
                    quote_speakers,
                    scope,
                    following,
                    previous,
                    voice,
                    named,
                )
            number += 1


def _closing(found: Attribution, sentence: str) -> bool:
    """The attribution follows the content it reports ('..., hieß es.'), not opens it
    ('Ранее сообщалось, что ...': a new report)."""
    return bool(found.narrator_spans) and sentence[: found.narrator_spans[0][0]].rstrip().endswith((",", "—", "–", "-"))


def _names_in_story(segments: Sequence[Segment]) -> str:
    """The first name of each target that the article's content names (not by a metonym
    that needs context), in order: 'NATO Russia'."""
    named: dict[str, str] = {}
    needing = context_forms()
    for segment in segments:
        if segment.kind not in CONTENT_KINDS:
            continue
        for start, end in sentence_spans(segment.text):
            for match in pattern_matches(segment.text[start:end]):
                if (match.target, match.form) not in needing:
                    named.setdefault(match.target, match.surface)
            if len(named) == 2:  # both targets named: nothing more to find
                return " ".join(named.values())
    return " ".join(named.values())


def extract_mentions(
    segments: Sequence[Segment], *, article_id: str, languages: Sequence[str], published: date | None = None
) -> list[Mention]:
    """Mentions of NATO and Russia in the content segments of one article.

    `languages` gives each segment's language (same order as `segments`); `published` the
    article's date (an office title speaks as the person who held it then).
    """
    mentions: list[Mention] = []
    for ctx in _sentences(segments, languages, only_with_matches=True, published=published):
        targets = ctx.targets()
        if not targets:
            continue
        segment = ctx.segment
        sentence_start = segment.start + ctx.start
        for match in targets:
            speaker, evidence, in_quote = ctx.speaker_at(ctx.start + match.start)
            mentions.append(
                Mention(
                    article_id=article_id,
                    segment=segment.index,
                    sentence=ctx.number,
                    sentence_text=ctx.text,
                    sentence_start=sentence_start,
                    start=sentence_start + match.start,
                    end=sentence_start + match.end,
                    surface=match.surface,
                    target=match.target,
                    form=match.form,
                    language=ctx.language,
                    speaker=speaker,
                    speaker_evidence=evidence,
                    in_quote=in_quote,
                )
            )
    return mentions


@dataclass(frozen=True)
class SpeechSpan:
    """A run of words in one voice: quoted, reported, or the narrator's."""

    segment: int
    start: int  # char span in the article text
    end: int
    speaker: str
    mode: str  # quote | reported | narration
    n_words: int


_WORD_TOKEN = re.compile(r"\w+(?:[-’']\w+)*")


def speech_spans(
    segments: Sequence[Segment], *, languages: Sequence[str] | None = None, published: date | None = None
) -> list[SpeechSpan]:
    """Who speaks each word of the content segments: consecutive words with the same
    speaker and mode form one span (the same speaker rules as for mentions)."""
    languages = languages if languages is not None else ["und"] * len(segments)
    spans: list[SpeechSpan] = []
    for ctx in _sentences(segments, languages, published=published):
        current: list = []  # [speaker, mode, start, end, n_words]
        for word in _WORD_TOKEN.finditer(ctx.segment.text, ctx.start, ctx.end):
            speaker, _, in_quote = ctx.speaker_at(word.start())
            mode = "quote" if in_quote else ("narration" if speaker == NARRATOR else "reported")
            if current and current[0] == speaker and current[1] == mode:
                current[3], current[4] = word.end(), current[4] + 1
            else:
                if current:
                    spans.append(_speech_span(ctx.segment, current))
                current = [speaker, mode, word.start(), word.end(), 1]
        if current:
            spans.append(_speech_span(ctx.segment, current))
    return spans


def _speech_span(segment: Segment, run: list) -> SpeechSpan:
    speaker, mode, start, end, n_words = run
    return SpeechSpan(segment.index, segment.start + start, segment.start + end, speaker, mode, n_words)


def mention_rows(mentions: Iterable[Mention]) -> list[dict]:
    return [asdict(m) for m in mentions]


def _speaker_for(at, s_start, quotes, quote_speakers, sentence, scope) -> tuple[str, str, bool]:
    # `sentence`: anything with the sentence's `attribution` (read only outside quotes).
    for (q_start, q_end), (speaker, evidence) in zip(quotes, quote_speakers, strict=True):
        if q_start <= at < q_end:
            return speaker, evidence, True
    if (attribution := sentence.attribution) is not None:
        offset = at - s_start
        if not any(a <= offset < b for a, b in attribution.narrator_spans):
            speaker = resolve(attribution.speaker, scope)
            if speaker is not None:
                return speaker, attribution.evidence, False
        elif attribution.evidence.startswith(SPEAKER_LABEL):
            return NARRATOR, attribution.evidence, False
    speaker, evidence = getattr(sentence, "default_speaker", _NARRATION)
    return speaker, evidence, False


_NARRATION = (NARRATOR, "outlet's own words (no quote or reporting clause)")

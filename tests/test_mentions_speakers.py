"""The mention stage reads a story's last and first named speakers only when asked for;
these tests compare it with the plain sentence-by-sentence walk that keeps both current."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from framing import mentions
from framing.mentions import quotes, sentences, speakers, walk
from framing.segment import segment_text
from framing.types import CONTENT_KINDS, Segment, SegmentKind
from tests.test_properties import PARAGRAPHS

# Speakers named, pronouns and descriptors to resolve, headlines, quotes that continue, and
# German Konjunktiv sentences that continue the last speaker.
SPEAKER_PARAGRAPHS = [
    "Lukashenko: Russia and I have gone very far",
    "The president has said NATO is a threat. Lukashenko said Russia is a friend.",
    "He said NATO troops are near. Moscow is quiet.",
    "“NATO is moving east and Russia will answer,” he said. The Kremlin declined to comment.",
    "“We will not let NATO provoke us with its drills near the border,” Putin told reporters.",
    "“Russia has been our ally for many decades and will stay one,” the Belarusian leader said.",
    "Russia argued that NATO is expanding. She warned of a new Cold War with Russia.",
    "Die Nato sei bereit, sagte Rasmussen. Russland habe Truppen verlegt. Er warnte Moskau.",
    "Die Nato hätte Anzeichen entdeckt. Moskau schweigt.",
    '"Russia is near," the minister said of Moscow. According to Stoltenberg, NATO is ready.',
    "Sergey Shoigu said the Russian army is ready. The alliance met.",
    '„Die Allianz ist bereit", sagte der Präsident. Die Nato sei stark.',
]
KINDS = [SegmentKind.TITLE, SegmentKind.STANDFIRST, SegmentKind.BODY, SegmentKind.BODY, SegmentKind.EXCERPT]


class _EagerScope:
    def __init__(self) -> None:
        self.last_named: str | None = None
        self.first_named: str | None = None
        self.last_quote_speaker: str | None = None
        self.on = None
        self.paragraphs: list[str] = []


def _eager_speakers(segments: list[Segment]) -> list[tuple[int, int, tuple[str, str, bool]]]:
    """(sentence number, offset, speaker_at) for the start of every word of the content
    sentences, with both names kept current sentence by sentence."""
    scopes: dict[int, _EagerScope] = {}
    for segment in segments:
        if segment.kind in CONTENT_KINDS:
            scope = scopes.setdefault(segment.excerpt or 0, _EagerScope())
            scope.paragraphs.append(segment.text)
            if scope.first_named is None:
                scope.first_named = speakers._first_named_speaker(segment.text)
    found = []
    number = 0
    for segment in segments:
        if segment.kind not in CONTENT_KINDS:
            continue
        scope = scopes[segment.excerpt or 0]
        text = segment.text
        found_quotes = mentions.find_quotes(text)
        quote_speakers = quotes.speakers_of_quotes(text, found_quotes, scope)
        spans = sentences.sentence_spans(text)
        for i, (s_start, s_end) in enumerate(spans):
            sentence = text[s_start:s_end]
            following = text[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else None
            attribution = speakers.attribution_in_context(sentence, segment.kind in walk._HEADLINE_KINDS, following)
            if attribution is None and scope.last_named and (marker := speakers.konjunktiv_marker(sentence)):
                attribution = speakers.Attribution(
                    scope.last_named, f"German reported speech (Konjunktiv '{marker}') continues", ()
                )
            if named := speakers.person_named(sentence, segment.kind in walk._HEADLINE_KINDS, following, None):
                scope.last_named = named
            sentence_ctx = SimpleNamespace(attribution=attribution)
            for word in walk._WORD_TOKEN.finditer(text, s_start, s_end):
                at = word.start()
                found.append(
                    (number, at, walk._speaker_for(at, s_start, found_quotes, quote_speakers, sentence_ctx, scope))
                )
            number += 1
    return found


def _lazy_speakers(segments: list[Segment], *, only_with_matches: bool) -> list[tuple[int, int, tuple[str, str, bool]]]:
    found = []
    for ctx in walk._sentences(segments, ["en"] * len(segments), only_with_matches=only_with_matches):
        for word in walk._WORD_TOKEN.finditer(ctx.segment.text, ctx.start, ctx.end):
            found.append((ctx.number, word.start(), ctx.speaker_at(word.start())))
    return found


def _check_same_speakers(segments: list[Segment]) -> None:
    eager = _eager_speakers(segments)
    assert _lazy_speakers(segments, only_with_matches=False) == eager
    # Only the sentences where a target pattern matches: the same speakers there.
    numbers = {ctx.number for ctx in walk._sentences(segments, ["en"] * len(segments)) if ctx.targets()}
    with_matches = _lazy_speakers(segments, only_with_matches=True)
    assert [row for row in with_matches if row[0] in numbers] == [row for row in eager if row[0] in numbers]


@given(
    blocks=st.lists(
        st.tuples(
            st.sampled_from(SPEAKER_PARAGRAPHS + PARAGRAPHS),
            st.sampled_from(KINDS),
            st.sampled_from([None, None, 1, 2]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_speakers_read_when_asked_equal_the_eager_walk(blocks):
    segments = [
        Segment(i, 0, len(text), text, kind, "test", excerpt if kind is SegmentKind.EXCERPT else None)
        for i, (text, kind, excerpt) in enumerate(blocks)
    ]
    _check_same_speakers(segments)


def test_speakers_read_when_asked_equal_the_eager_walk_on_the_seed_articles():
    from framing import paths

    for path in sorted(paths.RAW_DIR.glob("*.txt")):
        _check_same_speakers(segment_text(path.read_text(encoding="utf-8")))


def test_pronoun_resolves_past_sentences_without_targets():
    # The speaker named two sentences back, in a sentence without a target, is read back.
    paragraph = "Lukashenko said the talks were long. The weather was cold. He said NATO is a threat."
    segments = [Segment(0, 0, len(paragraph), paragraph, SegmentKind.BODY, "test")]
    (found,) = mentions.extract_mentions(segments, article_id="a", languages=["en"])
    assert (found.surface, found.speaker, found.in_quote) == ("NATO", "Lukashenko", False)


#: The capitalised words of `names` as one readable pattern: `names._TOKEN_SPAN` must find
#: what it finds (the module's own form opens with the first letter, for speed).
_READABLE_TOKEN_SPAN = re.compile(
    r"(?<![\w-])(?:[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ'’]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*|[A-Z]\.|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
    r"(?![\w-])"
)


@given(st.text(alphabet="AZaz ÀÖØÞĀſßöøÿÄÜäüАЯЁаяё'’-._\n1,Ωω", max_size=20))
def test_capitalised_words_as_the_readable_pattern_finds_them(text):
    from framing.mentions.names import _TOKEN_SPAN

    assert [m.span() for m in _TOKEN_SPAN.finditer(text)] == [m.span() for m in _READABLE_TOKEN_SPAN.finditer(text)]

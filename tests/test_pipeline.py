from __future__ import annotations

import pandas as pd
import pytest

from framing import load_corpus, tag
from framing.offices import parse_date
from framing.pipeline import ARTICLE_COLUMNS, SEGMENT_COLUMNS
from tests.conftest import SEED_IDS


def test_tables_have_the_documented_columns(seed_tags):
    assert list(seed_tags.articles.columns) == ARTICLE_COLUMNS
    assert list(seed_tags.segments.columns) == SEGMENT_COLUMNS
    assert seed_tags.articles["id"].tolist() == SEED_IDS


@pytest.mark.parametrize(
    ("article_id", "outlet", "outlet_type", "language", "languages", "published", "published_source", "place"),
    [
        ("belta_2017", "BelTA", "state news agency", "en", "en=1.000", "2017-04-21", "text (segment 9)", "Minsk"),
        ("tass_2022", "TASS", "state news agency", "en", "en=1.000", "2022-02-03", "manifest", "Minsk"),
        ("blog_2014", "blog", "blog or aggregator", "en", "en=0.620;de=0.380", "2014-04-02", "text (segment 0)", None),
        ("rt_style", "RT", "state broadcaster", "en", "en=1.000", None, "none", None),
        ("bbabo_2022", "Bbabo NET", "blog or aggregator", "en", "en=1.000", "2022-01-12", "manifest", None),
    ],
)
def test_seed_article_rows(
    seed_tags, article_id, outlet, outlet_type, language, languages, published, published_source, place
):
    row = seed_tags.articles.set_index("id").loc[article_id]
    assert row["status"] == "ok"
    assert (row["outlet"], row["outlet_type"], row["language"], row["languages"]) == (
        outlet,
        outlet_type,
        language,
        languages,
    )
    assert (None if pd.isna(row["published"]) else row["published"]) == published
    assert row["published_source"] == published_source
    assert (None if pd.isna(row["dateline_place"]) else row["dateline_place"]) == place
    assert row["outlet_evidence"]


def test_titles(seed_tags):
    titles = seed_tags.articles.set_index("id")["title"]
    assert (
        titles["belta_2017"]
        == "Belarus to continue military cooperation with Russia, eager to advance dialogue with NATO"
    )
    assert titles["bbabo_2022"] == "Lukashenka: Russia and I have gone very far in security issues"
    assert pd.isna(titles["rt_style"])


def test_german_nato_excerpts_are_addressable(seed_tags):
    segments = seed_tags.segments.set_index(["article_id", "segment"])
    heading = segments.loc[("blog_2014", 14)]
    assert heading["text"] == "2. Nato-General warnt vor russischer Ukraine-Invasion..."
    assert (heading["kind"], heading["language"], heading["excerpt"]) == ("related-post", "de", 2)
    rasmussen = segments.loc[("blog_2014", 18)]
    assert rasmussen["text"].startswith("Nato-Generalsekretär Anders Fogh Rasmussen hat Moskau vorgeworfen")
    assert (rasmussen["kind"], rasmussen["language"], rasmussen["excerpt"]) == ("excerpt", "de", 3)


def test_segment_spans_index_the_raw_text(seed_corpus, seed_tags):
    for row in seed_tags.segments.itertuples():
        assert seed_corpus[row.article_id].text[row.start : row.end] == row.text


def test_boilerplate_is_kept_as_its_own_kind(seed_tags):
    kinds = seed_tags.segments.groupby("kind").size().to_dict()
    assert kinds == {
        "body": 37,
        "boilerplate": 4,
        "date": 2,
        "excerpt": 8,
        "navigation": 14,
        "related-post": 5,
        "standfirst": 2,
        "title": 4,
    }


def test_user_file_without_manifest_row_is_tagged(data_copy):
    (data_copy / "raw" / "zz_user.txt").write_text(
        "Nato-Gipfel in Brüssel\n\nBRÜSSEL (dpa) – Die Nato hat Russland vorgeworfen, die Lage an der "
        "Grenze zur Ukraine weiter zu verschärfen, sagte der Generalsekretär am Dienstag.\n",
        encoding="utf-8",
    )
    tags = tag(load_corpus(data_copy / "raw"))
    row = tags.articles.set_index("id").loc["zz_user"]
    assert (row["status"], row["language"], row["outlet"], row["dateline_place"]) == ("ok", "de", "dpa", "Brüssel")
    assert pd.isna(row["outlet_citations"]) or row["outlet_citations"] == ""  # its own dateline is no citation
    assert row["path"] == "zz_user.txt"
    assert len(tags.articles) == 6


def test_error_rows_stay_in_the_table(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("A headline for this text\n\nThe minister said on Monday that talks went well.\n")
    tags = tag(tmp_path)
    rows = tags.articles.set_index("id")
    assert rows.loc["empty", "status"] == "error"
    assert rows.loc["empty", "error"] == "empty file"
    assert rows.loc["empty", "outlet_evidence"] == "not analysed: empty file"
    assert rows.loc["ok", "status"] == "ok"
    assert set(tags.segments["article_id"]) == {"ok"}


def test_a_tagging_failure_is_that_articles_error_row(tmp_path, monkeypatch):
    from framing.run import article as article_module

    real = article_module.segment_text

    def fragile(text):
        if "trigger" in text:
            raise RuntimeError("segmenter bug")
        return real(text)

    monkeypatch.setattr(article_module, "segment_text", fragile)
    (tmp_path / "bad.txt").write_text("A headline\n\nThis text will trigger the bug, the minister said.\n")
    (tmp_path / "good.txt").write_text("A headline\n\nThe minister said on Monday that talks went well.\n")
    rows = tag(tmp_path).articles.set_index("id")
    assert (rows.loc["bad", "status"], rows.loc["bad", "error"]) == (
        "error",
        "tagging failed: RuntimeError: segmenter bug",
    )
    assert rows.loc["bad", "encoding"] == "utf-8"
    assert rows.loc["good", "status"] == "ok"


def test_paths_are_written_relative_to_the_root_and_links_out_of_it_are_not_read(tmp_path):
    story = "Headline of the story here\n\nThe minister said on Monday that the talks will go on next week.\n"
    root, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (root / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (root / "sub" / "plain.txt").write_text(story, encoding="utf-8")
    (elsewhere / "story.txt").write_text("SECRET " + story, encoding="utf-8")
    (root / "alias.txt").symlink_to(elsewhere / "story.txt")
    (root / "inner.txt").symlink_to(root / "sub" / "plain.txt")
    tags = tag(root)
    rows = tags.articles.set_index("id")
    assert rows["path"].to_dict() == {"alias": "alias.txt", "inner": "inner.txt", "plain": "sub/plain.txt"}
    assert (rows.loc["alias", "status"], rows.loc["alias", "error"]) == (
        "error",
        "symbolic link leads outside the data directory (not read)",
    )
    assert rows.loc["inner", "status"] == "ok"  # a link that stays inside is read
    assert not tags.segments["text"].str.contains("SECRET").any()
    # A root given through a link: paths below it stay as written.
    (tmp_path / "linked_root").symlink_to(root)
    assert tag(tmp_path / "linked_root").articles["path"].tolist() == ["alias.txt", "inner.txt", "sub/plain.txt"]


def test_segment_and_mention_rows_are_tuples_in_column_order(seed_corpus):
    from framing.language import language_and_letters
    from framing.mentions import extract_mentions
    from framing.pipeline import MENTION_COLUMNS, tag_article
    from framing.segment import segment_text
    from framing.stance import get_engine

    engine = get_engine("lexicon")
    article = next(a for a in seed_corpus.articles if a.id == "blog_2014")
    row, segment_rows, mention_rows = tag_article(article, root=seed_corpus.root, engine=engine)
    segments = segment_text(article.text)
    assert len(segment_rows) == len(segments)
    for values, segment in zip(segment_rows, segments, strict=True):
        cells = dict(zip(SEGMENT_COLUMNS, values, strict=True))
        language, probability, _ = language_and_letters(segment.text)
        assert cells == {
            "article_id": "blog_2014",
            "segment": segment.index,
            "start": segment.start,
            "end": segment.end,
            "kind": segment.kind.value,
            "kind_reason": segment.kind_reason,
            "excerpt": segment.excerpt,
            "language": language,
            "language_prob": probability,
            "n_words": len(segment.text.split()),
            "text": segment.text,
        }
    languages = [values[7] for values in segment_rows]
    # The article's date reaches the mention walk: office titles speak as their holder then.
    mentions = extract_mentions(
        segments, article_id=article.id, languages=languages, published=parse_date(row["published"])
    )
    assert len(mention_rows) == len(mentions) > 0
    for values, mention in zip(mention_rows, mentions, strict=True):
        cells = dict(zip(MENTION_COLUMNS, values, strict=True))
        own = {name: cells.pop(name) for name in ("stance", "score", "engine", "evidence")}
        assert cells == {name: getattr(mention, name) for name in cells}
        assert own["engine"] == "lexicon" and own["stance"] in {"favor", "against", "neutral"}

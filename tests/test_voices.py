from __future__ import annotations

from framing.voices import speech_table, voices


def test_speech_table_covers_every_content_word(seed_tags):
    published = seed_tags.articles.set_index("id")["published"].to_dict()
    speech = speech_table(seed_tags.segments, published)
    tass = speech[speech["article_id"] == "tass_2022"]
    assert set(tass["mode"]) == {"quote", "reported", "narration"}
    quoted = tass[(tass["mode"] == "quote")]
    assert set(quoted["speaker"]) == {"Lukashenko"}
    assert quoted["n_words"].sum() == 217


def test_voices_by_outlet(seed_tags):
    table = voices(seed_tags).set_index(["outlet", "speaker"])
    assert table.loc[("TASS", "Lukashenko"), "words_quoted"] == 217
    assert table.loc[("blog", "Rasmussen"), "n_russia"] == 6
    assert table.loc[("blog", "Rasmussen"), "mean_russia"] < -0.5
    assert table.loc[("RT", "Lukashenko"), "mean_russia"] > 0.5
    assert table.loc[("RT", "Russia"), "n_nato"] == 2
    shares = table.groupby(level=0)["share_of_words"].sum()
    assert shares.round(6).eq(1.0).all()

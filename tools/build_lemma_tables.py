"""Build `framing/resources/stance/lemmas_<lang>.tsv`: the word forms whose lemma the stance
cue reader can use, from simplemma's dictionaries.

The cue reader only needs the lemma of a word when that lemma (or the word itself) is a cue,
a role word or an actor of `cues_<lang>.csv` / `roles_<lang>.csv`; every other word may stay
as written. Shipping that small table instead of loading simplemma's full dictionaries (1-2 s
per language at start-up) keeps tagging fast. Run again after editing a cue or role file:
`python -m tools.build_lemma_tables` (a test fails while a table is stale).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from importlib.resources import files
from pathlib import Path

LANGUAGES = ("en", "de", "ru")
RESOURCE = Path(__file__).resolve().parent.parent / "framing" / "resources" / "stance"
HEADER = "form\tlemma\n"
ENDINGS = 60  # commonest endings tried on each lemma's stem


def needed_lemmas(lang: str) -> set[str]:
    """Every lemma the cue and role files of `lang` can match (each word of a multi-word cue)."""
    needed: set[str] = set()
    for name, column in ((f"cues_{lang}.csv", "lemma"), (f"roles_{lang}.csv", "lemma")):
        text = files("framing.resources").joinpath("stance", name).read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            needed.update((row.get(column) or "").casefold().split())
    return needed


def build_table(lang: str) -> str:
    """The table's text: forms whose lemma, or which themselves, are needed, with simplemma's lemma."""
    import simplemma
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    needed = needed_lemmas(lang)
    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    rows: dict[str, str] = {}
    for form, base in dictionary.items():
        if base.casefold() in needed or form.casefold() in needed:
            rows[form] = simplemma.lemmatize(form, lang=lang).casefold()
    if lang == "de":  # compounds of a needed lemma's last part that the dictionary lacks as one word
        rows.update(_compound_forms(needed, dictionary, rows))
    rows.update(_rule_forms(needed, rows, lang))
    for word in sorted(needed):  # a needed lemma as written is its own form, whatever the dictionary says
        rows.setdefault(word, simplemma.lemmatize(word, lang=lang).casefold())
    return HEADER + "".join(f"{form}\t{lemma}\n" for form, lemma in sorted(rows.items()) if "\t" not in form)


def _rule_forms(needed: set[str], known: dict[str, str], lang: str) -> dict[str, str]:
    """Forms simplemma reads by its rules rather than its dictionary ('обеспокоена' ->
    'обеспокоенный'): each needed lemma's stem (up to 4 letters off) with the commonest
    endings of the known forms, kept where simplemma gives the lemma back."""
    import simplemma

    endings = Counter(form.casefold()[-k:] for form in known for k in (1, 2, 3) if len(form) > k + 2)
    common = [""] + [ending for ending, _ in endings.most_common(ENDINGS)]
    out = {}
    for word in sorted(needed):  # sorted: the first lemma to claim a form keeps it, whatever the hash seed
        for cut in range(0, 5):
            stem = word[: len(word) - cut] if cut else word
            if len(stem) < 3:
                break
            for ending in common:
                form = stem + ending
                if form not in known and form not in out and simplemma.lemmatize(form, lang=lang).casefold() == word:
                    out[form] = word
    return out


def _compound_forms(needed: set[str], dictionary, known: dict[str, str]) -> dict[str, str]:
    """'machtanspruch' is 'macht' + 'anspruch': every form of 'Anspruch' with the prefix
    ('machtansprüche' -> 'machtanspruch'), as simplemma's own compound rule would read them."""
    by_lemma: dict[str, list[str]] = {}
    wanted = {word[cut:] for word in needed for cut in range(3, len(word) - 3)}
    for form, base in dictionary.items():
        if base.casefold() in wanted:
            by_lemma.setdefault(base.casefold(), []).append(form)
    out = {}
    for word in sorted(needed):
        for cut in range(3, len(word) - 3):
            tail = word[cut:]
            if tail in by_lemma:
                for form in by_lemma[tail]:
                    out.setdefault(word[:cut] + form.casefold(), word)
                break  # the longest tail that is a word
    return {form: lemma for form, lemma in out.items() if form not in known}


def main() -> None:
    for lang in LANGUAGES:
        path = RESOURCE / f"lemmas_{lang}.tsv"
        path.write_text(build_table(lang), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

"""Build the real-world evaluation corpus's tables from the writers' and annotators' files.

    python tools/realworld.py merge        parts/*.csv -> provenance.csv + articles.csv (manifest)
    python tools/realworld.py folds        provenance.csv -> folds.csv + test_fold.sha256
    python tools/realworld.py candidates   raw/ + annotation/mention_forms.csv -> annotation/candidates.csv
    python tools/realworld.py sheets OUT   one reading sheet per language for the annotators
    python tools/realworld.py agreement    annotation/pass_a.csv + pass_b.csv -> agreement table (kappa)
    python tools/realworld.py adjudicate   passes + annotation/adjudication.csv -> gold/mentions.csv

Each step is deterministic (seed 0). The test fold is written once and never read by
anything that shapes the tagger (see data/realworld/README.md, 'Folds').
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "data" / "realworld"
RAW = ROOT / "raw"
ANNOTATION = ROOT / "annotation"
SEED = 0
TEST_SHARE = 0.4
MENTIONS_PER_ARTICLE = 4

PROVENANCE_COLUMNS = [
    "id", "url", "outlet", "outlet_type", "language", "published", "dateline_form", "layout", "byline",
    "boilerplate", "quote_attribution", "original_source", "names_publisher", "voices", "topic", "words",
]  # fmt: skip
STATE_TYPES = {"state news agency", "state broadcaster"}
OUTLET_TYPES = STATE_TYPES | {
    "public-service broadcaster", "private media", "wire agency", "independent exile media",
    "government or intergovernmental body", "blog or aggregator",
}  # fmt: skip
CANDIDATE_COLUMNS = [
    "item",
    "article_id",
    "start",
    "end",
    "surface",
    "target",
    "language",
    "sentence_start",
    "sentence",
]

_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|No|Nr|vs|Prof|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct"
    r"|Nov|Dec|bzw|ca|Abs|Art|Dr|gen|г|гг|им|ул|ген|тыс|млн|млрд|т\.е|т\.д|т\.п|др)|\b[A-ZА-Я]|\b\d{1,2})\.$"
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"»“”')]*\s+(?=[\"«„“(]?[A-ZÄÖÜА-ЯЁ0-9])")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: paragraphs (lines) split after a full stop that does
    not close an abbreviation, an initial or a day number."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end_mark in _SENTENCE_END.finditer(line.group()):
            cut = line.start() + end_mark.end()
            head = text[start : line.start() + end_mark.start() + 1].rstrip()
            if _ABBREVIATIONS.search(head):
                continue
            spans.append((start, cut))
            start = cut
        spans.append((start, line.end()))
    return [(s, e) for s, e in ((s, len(text[:e].rstrip()) if text[s:e].strip() else e) for s, e in spans) if e > s]


def merge(_: argparse.Namespace) -> int:
    rows, problems = [], []
    for part in sorted((ROOT / "parts").glob("*.csv")):
        for row in read_csv(part):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            if not (RAW / f"{row['id']}.txt").is_file():
                problems.append(f"{part.name}: {row['id']}: no raw file")
                continue
            if row["outlet_type"] not in OUTLET_TYPES:
                problems.append(f"{part.name}: {row['id']}: outlet_type {row['outlet_type']!r}")
            rows.append(row)
    ids = Counter(r["id"] for r in rows)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    urls = Counter(r["url"] for r in rows)
    problems += [f"duplicate url {u}" for u, n in urls.items() if n > 1]
    on_disk = {p.stem for p in RAW.glob("*.txt")}
    problems += [f"raw file without provenance: {i}" for i in sorted(on_disk - set(ids))]
    for row in rows:
        text = (RAW / f"{row['id']}.txt").read_text(encoding="utf-8")
        row["words"] = str(len(text.split()))
    rows.sort(key=lambda r: r["id"])
    write_csv(ROOT / "provenance.csv", PROVENANCE_COLUMNS, rows)
    manifest = [
        {"id": r["id"], "file": f"raw/{r['id']}.txt", "url": r["url"], "published": r["published"]} for r in rows
    ]
    write_csv(ROOT / "articles.csv", ["id", "file", "url", "published"], manifest)
    print(f"{len(rows)} articles; {Counter(r['language'] for r in rows)}")
    for p in problems:
        print("problem:", p, file=sys.stderr)
    return 1 if problems else 0


def _stable_key(text: str) -> str:
    return hashlib.sha256(f"{SEED}:{text}".encode()).hexdigest()


def folds(_: argparse.Namespace) -> int:
    """Stratified by outlet and language: within each stratum, articles in a seeded order,
    every 5th article's 2nd and 4th place to test (40%)."""
    rows = read_csv(ROOT / "provenance.csv")
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        strata[(row["outlet"], row["language"])].append(row["id"])
    assigned = {}
    offset = 0  # strata of one or two articles still reach about 40% over the corpus
    for key in sorted(strata):
        for position, article in enumerate(sorted(strata[key], key=_stable_key)):
            assigned[article] = "test" if (position + offset) % 5 in (1, 3) else "dev"
        offset += len(strata[key])
    write_csv(ROOT / "folds.csv", ["id", "fold"], [{"id": i, "fold": assigned[i]} for i in sorted(assigned)])
    with (ROOT / "test_fold.sha256").open("w", encoding="utf-8") as handle:
        for article in sorted(i for i, f in assigned.items() if f == "test"):
            digest = hashlib.sha256((RAW / f"{article}.txt").read_bytes()).hexdigest()
            handle.write(f"{digest}  raw/{article}.txt\n")
    print(Counter(assigned.values()))
    return 0


def _forms() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    forms: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
    for row in read_csv(ANNOTATION / "mention_forms.csv"):
        forms[row["language"]].append((row["target"], re.compile(row["pattern"])))
    return forms


def _script_language(text: str) -> str:
    """A rough guess for articles whose provenance row is not written yet: Cyrillic is
    Russian; otherwise German when its function words outnumber English ones."""
    letters = [ch for ch in text if ch.isalpha()]
    if sum("\u0400" <= ch <= "\u04ff" for ch in letters) > len(letters) / 2:
        return "ru"
    words = re.findall(r"\w+", text.casefold())
    german = sum(w in {"der", "die", "das", "und", "nicht", "ist", "mit", "sich", "auch", "dass"} for w in words)
    english = sum(w in {"the", "and", "of", "is", "that", "with", "for", "was", "has", "said"} for w in words)
    return "de" if german > english else "en"


def candidates(args: argparse.Namespace) -> int:
    """Every target form in every sentence, then per article a seeded sample of whole
    sentences: one with NATO and one with Russia first where the article has them, then
    others, until MENTIONS_PER_ARTICLE mentions are reached."""
    forms = _forms()
    known = {r["id"]: r["language"] for r in read_csv(ROOT / "provenance.csv")} if args.provenance else {}
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}
    language = {article: known.get(article) or _script_language(text) for article, text in texts.items()}
    out = []
    for article in sorted(language):
        text = texts[article]
        by_sentence: dict[tuple[int, int], list[dict]] = {}
        for start, end in sentences(text):
            found = []
            for target, pattern in forms[language[article]]:
                for m in pattern.finditer(text, start, end):
                    found.append({"start": m.start(), "end": m.end(), "surface": m.group(), "target": target})
            if found:
                by_sentence[(start, end)] = sorted(found, key=lambda f: (f["start"], f["end"]))
        order = sorted(by_sentence, key=lambda s: _stable_key(f"{article}:{s[0]}"))
        chosen: list[tuple[int, int]] = []
        for target in ("NATO", "Russia"):
            first = next((s for s in order if any(f["target"] == target for f in by_sentence[s])), None)
            if first is not None and first not in chosen:
                chosen.append(first)
        for span in order:
            if sum(len(by_sentence[s]) for s in chosen) >= MENTIONS_PER_ARTICLE:
                break
            if span not in chosen:
                chosen.append(span)
        for span in sorted(chosen):
            for found in by_sentence[span]:
                out.append(
                    {
                        "article_id": article,
                        **found,
                        "language": language[article],
                        "sentence_start": span[0],
                        "sentence": text[span[0] : span[1]],
                    }
                )
    per_article: Counter[str] = Counter()
    for row in out:  # ids stable when articles are added: the article's id and a running number
        per_article[row["article_id"]] += 1
        row["item"] = f"{row['article_id']}.{per_article[row['article_id']]}"
    write_csv(ANNOTATION / "candidates.csv", CANDIDATE_COLUMNS, out)
    print(f"{len(out)} candidate mentions;", Counter(r["language"] for r in out), Counter(r["target"] for r in out))
    return 0


def sheets(args: argparse.Namespace) -> int:
    """A reading sheet per language: each article whole, its sampled mentions marked
    ⟦item|surface⟧, the items listed below it. With --only, just the articles named in
    that file (one id a line), for annotating in waves."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    items = read_csv(ANNOTATION / "candidates.csv")
    if args.only:
        wanted = set(Path(args.only).read_text(encoding="utf-8").split())
        items = [i for i in items if i["article_id"] in wanted]
    by_article: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        by_article[item["article_id"]].append(item)
    pages: dict[str, list[str]] = defaultdict(list)
    for article, marked in sorted(by_article.items()):
        text = (RAW / f"{article}.txt").read_text(encoding="utf-8")
        pieces, last = [], 0
        for item in sorted(marked, key=lambda i: int(i["start"])):
            start, end = int(item["start"]), int(item["end"])
            if start < last:  # overlapping forms (a compound holding both targets): mark the first
                continue
            pieces += [text[last:start], f"⟦{item['item']}|{text[start:end]}⟧"]
            last = end
        pieces.append(text[last:])
        listing = "\n".join(f"- {i['item']}: {i['surface']} (target {i['target']})" for i in marked)
        pages[marked[0]["language"]].append(
            f"==================== ARTICLE {article} ====================\n{''.join(pieces)}\n\nItems:\n{listing}\n"
        )
    for lang, parts in pages.items():
        (out / f"sheet_{lang}.txt").write_text("\n".join(parts), encoding="utf-8")
        print(
            lang,
            len(parts),
            "articles",
            sum(len(by_article[a]) for a in by_article if by_article[a][0]["language"] == lang),
            "items",
        )
    return 0


PASS_COLUMNS = ["item", "is_mention", "stance", "speaker", "note"]
LABELS = ("favor", "against", "neutral")


def _passes() -> tuple[dict[str, dict], dict[str, dict]]:
    """The two independent passes (annotation/pass_a.csv, pass_b.csv), by item."""
    return tuple({r["item"]: r for r in read_csv(ANNOTATION / f"pass_{name}.csv")} for name in "ab")  # type: ignore[return-value]


def _stance(row: dict) -> str:
    """A pass's label of one item: its stance, or 'not a mention'."""
    return row["stance"] if row["is_mention"] == "yes" else "not a mention"


def collect(_: argparse.Namespace) -> int:
    """annotation/passes/a_*.csv and b_*.csv (one per chunk of articles) -> pass_a.csv and
    pass_b.csv, one row per item, sorted by item."""
    for name in "ab":
        rows: dict[str, dict] = {}
        for chunk in sorted((ANNOTATION / "passes").glob(f"{name}_*.csv")):
            for row in read_csv(chunk):
                row = {k: (v or "").strip() for k, v in row.items() if k in PASS_COLUMNS}
                if row["item"] in rows:
                    print(f"{chunk.name}: {row['item']} labelled twice in pass {name}; first kept", file=sys.stderr)
                    continue
                rows[row["item"]] = row
        write_csv(ANNOTATION / f"pass_{name}.csv", PASS_COLUMNS, [rows[i] for i in sorted(rows)])
        print(f"pass {name}: {len(rows)} items")
    return 0


def agreement(_: argparse.Namespace) -> int:
    """Cohen's kappa of the two passes: stance (with 'not a mention' as a fourth label) per
    language and overall, each stance label one-against-the-rest, and speaker agreement."""
    sys.path.insert(0, str(ROOT.parent.parent))
    from framing.evaluate import cohen_kappa
    from framing.evaluate.corpus_report import same_speaker

    first, second = _passes()
    items = read_csv(ANNOTATION / "candidates.csv")
    missing = [i["item"] for i in items if i["item"] not in first or i["item"] not in second]
    if missing:
        print(f"{len(missing)} items lack a label in a pass, e.g. {missing[:5]}", file=sys.stderr)
        return 1
    rows = []
    for language in ("all", "en", "de", "ru"):
        part = [i["item"] for i in items if language in ("all", i["language"])]
        a = [_stance(first[i]) for i in part]
        b = [_stance(second[i]) for i in part]
        observed, kappa = cohen_kappa(a, b)
        rows.append({"language": language, "label": "stance (all labels)", "n": len(part), "agreement": observed,
                     "kappa": kappa})  # fmt: skip
        for label in (*LABELS, "not a mention"):
            observed, kappa = cohen_kappa([x == label for x in a], [x == label for x in b])
            rows.append({"language": language, "label": label, "n": len(part), "agreement": observed, "kappa": kappa})
        both = [i for i in part if first[i]["is_mention"] == second[i]["is_mention"] == "yes"]
        same = sum(same_speaker(first[i]["speaker"], second[i]["speaker"]) for i in both)
        rows.append({"language": language, "label": "speaker (same person or role)", "n": len(both),
                     "agreement": same / len(both) if both else float("nan"), "kappa": float("nan")})  # fmt: skip
    for row in rows:
        row["agreement"] = f"{row['agreement']:.3f}"
        row["kappa"] = "" if row["kappa"] != row["kappa"] else f"{row['kappa']:.3f}"
    write_csv(ANNOTATION / "agreement.csv", ["language", "label", "n", "agreement", "kappa"], rows)
    for row in rows:
        print(
            f"{row['language']:<4} {row['label']:<30} n={row['n']:<5} agreement={row['agreement']} kappa={row['kappa']}"
        )
    return 0


def disagreements(args: argparse.Namespace) -> int:
    """A sheet of the items the passes disagree on (stance, is_mention or speaker), with both
    labels, for the adjudicator."""
    sys.path.insert(0, str(ROOT.parent.parent))
    from framing.evaluate.corpus_report import same_speaker

    first, second = _passes()
    lines = []
    for item in read_csv(ANNOTATION / "candidates.csv"):
        a, b = first[item["item"]], second[item["item"]]
        same_speakers = a["is_mention"] == "no" or same_speaker(a["speaker"], b["speaker"])
        if _stance(a) == _stance(b) and same_speakers:
            continue
        lines.append(
            f"{item['item']} [{item['article_id']}, {item['language']}] target {item['target']}, "
            f"surface '{item['surface']}'\n  sentence: {item['sentence']}\n"
            f"  A: {_stance(a)}, speaker {a['speaker']} ({a['note']})\n"
            f"  B: {_stance(b)}, speaker {b['speaker']} ({b['note']})\n"
        )
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(lines)} items to adjudicate -> {args.out}")
    return 0


def adjudicate(_: argparse.Namespace) -> int:
    """gold/mentions.csv: items both passes agree on keep that label; the others take the
    adjudicator's (annotation/adjudication.csv), marked debatable where it says so. Items
    that are not a mention of their target are left out (and counted)."""
    sys.path.insert(0, str(ROOT.parent.parent))
    from framing.evaluate.corpus_report import same_speaker

    first, second = _passes()
    decided = {r["item"]: r for r in read_csv(ANNOTATION / "adjudication.csv")}
    gold, dropped, undecided = [], 0, []
    for item in read_csv(ANNOTATION / "candidates.csv"):
        a, b = first[item["item"]], second[item["item"]]
        agree = _stance(a) == _stance(b) and (a["is_mention"] == "no" or same_speaker(a["speaker"], b["speaker"]))
        if agree:
            final = {**a, "debatable": "no", "note": a["note"] or b["note"]}
        elif item["item"] in decided:
            final = decided[item["item"]]
        else:
            undecided.append(item["item"])
            continue
        if final["is_mention"] != "yes":
            dropped += 1
            continue
        gold.append(
            {
                **item,
                "speaker": final["speaker"],
                "stance": final["stance"],
                "debatable": final.get("debatable", "no") or "no",
                "stance_a": _stance(a),
                "stance_b": _stance(b),
                "speaker_a": a["speaker"],
                "speaker_b": b["speaker"],
                "note": final.get("note", ""),
            }
        )
    if undecided:
        print(f"{len(undecided)} disagreements not adjudicated, e.g. {undecided[:5]}", file=sys.stderr)
        return 1
    columns = [*CANDIDATE_COLUMNS, "speaker", "stance", "debatable", "stance_a", "stance_b", "speaker_a", "speaker_b"]
    (ROOT / "gold").mkdir(exist_ok=True)
    write_csv(ROOT / "gold" / "mentions.csv", [*columns, "note"], gold)
    print(f"{len(gold)} gold mentions; {dropped} candidates are not mentions of their target")
    print(Counter(g["stance"] for g in gold), Counter(g["debatable"] for g in gold))
    return 0


def overlap(args: argparse.Namespace) -> int:
    """Runs of N or more words an article shares with the page excerpt it was written from
    (PAGES/<id>.txt, kept outside the repository); prints each run for a reader to judge
    (names, titles and dateline formulas are allowed)."""
    pages = Path(args.pages)
    worst = 0
    for path in sorted(RAW.glob("*.txt")):
        page = pages / path.name
        if not page.is_file():
            print(f"{path.stem}: no page excerpt")
            continue
        words = re.findall(r"\w+", path.read_text(encoding="utf-8").casefold())
        page_words = re.findall(r"\w+", page.read_text(encoding="utf-8").casefold())
        grams = {tuple(page_words[i : i + args.n]) for i in range(len(page_words) - args.n + 1)}
        runs, i = [], 0
        while i <= len(words) - args.n:
            if tuple(words[i : i + args.n]) in grams:
                j = i + args.n
                while j < len(words) and tuple(words[j - args.n + 1 : j + 1]) in grams:
                    j += 1
                runs.append(" ".join(words[i:j]))
                i = j
            else:
                i += 1
        worst = max([worst, *(len(r.split()) for r in runs)])
        for run in runs:
            print(f"{path.stem}: {len(run.split())} words: {run}")
    print(f"longest shared run: {worst} words")
    return 0


def stats(_: argparse.Namespace) -> int:
    """The data card's tables (markdown): articles per outlet and language with their folds,
    per year, and gold mentions per language, target and stance."""
    rows = read_csv(ROOT / "provenance.csv")
    fold = {r["id"]: r["fold"] for r in read_csv(ROOT / "folds.csv")}
    by_type: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        by_type[r["outlet_type"]].update([r["language"], fold[r["id"]], "articles"])
        by_type[r["outlet_type"]]["outlets"] = len({x["outlet"] for x in rows if x["outlet_type"] == r["outlet_type"]})
    print("| outlet type | outlets | articles | en | de | ru | dev | test |\n" + "|---" * 8 + "|")
    for kind, n in sorted(by_type.items(), key=lambda kv: -kv[1]["articles"]):
        cells = " | ".join(str(n[k]) for k in ("outlets", "articles", "en", "de", "ru", "dev", "test"))
        print(f"| {kind} | {cells} |")
    print("\n| outlet | type | en | de | ru | dev | test |\n|---|---|---|---|---|---|---|")
    by_outlet: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        by_outlet[(r["outlet"], r["outlet_type"])].update([r["language"], fold[r["id"]]])
    for (outlet, kind), n in sorted(by_outlet.items(), key=lambda kv: (-kv[1]["dev"] - kv[1]["test"], kv[0])):
        print(f"| {outlet} | {kind} | {n['en']} | {n['de']} | {n['ru']} | {n['dev']} | {n['test']} |")
    total = Counter()
    for r in rows:
        total.update([r["language"], fold[r["id"]]])
    print(f"| **all** | | {total['en']} | {total['de']} | {total['ru']} | {total['dev']} | {total['test']} |")
    years = Counter(r["published"][:4] if r["published"] else "undated" for r in rows)
    print("\n| year | " + " | ".join(sorted(years)) + " |\n|---|" + "---|" * len(years))
    print("| articles | " + " | ".join(str(years[y]) for y in sorted(years)) + " |")
    gold_path = ROOT / "gold" / "mentions.csv"
    if gold_path.is_file():
        gold = read_csv(gold_path)
        print("\n| language | target | favor | against | neutral | debatable | dev | test |\n" + "|---" * 8 + "|")
        groups: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for g in gold:
            groups[(g["language"], g["target"])].update(
                [g["stance"], fold[g["article_id"]], "debatable" if g["debatable"] == "yes" else ""]
            )
        for (lang, target), n in sorted(groups.items()):
            cells = " | ".join(str(n[k]) for k in ("favor", "against", "neutral", "debatable", "dev", "test"))
            print(f"| {lang} | {target} | {cells} |")
        print(f"| **all** | | {len(gold)} mentions | | | | | |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("merge").set_defaults(run=merge)
    commands.add_parser("folds").set_defaults(run=folds)
    candidate = commands.add_parser("candidates")
    candidate.add_argument("--no-provenance", dest="provenance", action="store_false", help="guess languages")
    candidate.set_defaults(run=candidates)
    sheet = commands.add_parser("sheets")
    sheet.add_argument("out")
    sheet.add_argument("--only", default=None, help="file of article ids to include")
    sheet.set_defaults(run=sheets)
    commands.add_parser("collect").set_defaults(run=collect)
    commands.add_parser("agreement").set_defaults(run=agreement)
    commands.add_parser("stats").set_defaults(run=stats)
    shared = commands.add_parser("overlap")
    shared.add_argument("pages", help="folder of the page excerpts, one <id>.txt per article")
    shared.add_argument("-n", type=int, default=6, help="shortest run reported, in words")
    shared.set_defaults(run=overlap)
    sheet = commands.add_parser("disagreements")
    sheet.add_argument("out")
    sheet.set_defaults(run=disagreements)
    commands.add_parser("adjudicate").set_defaults(run=adjudicate)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

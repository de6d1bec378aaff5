"""`python -m framing lesson DATA_DIR -o OUT_DIR`: a printable lesson site for teachers.

Three static pages with no script, no external font and no network request (a
Content-Security-Policy forbids them, so nothing in an article can run): `index.html`,
`student.html` (each article's text without outlet name or id, tasks and space for
answers) and `teacher.html` (the outlet evidence, every highlighted mention with its
speaker, stance and cue words written inline, and where the tags can be wrong). Frame
highlights are off until the teacher ticks a box (pure CSS). Print CSS lays the pages
out on A4; on screen the font is projector-sized. Article text is escaped (see `render`).
"""

from __future__ import annotations

import html
from pathlib import Path

from framing import lesson, paths
from framing.corpus import load_corpus
from framing.pipeline import tag
from framing.types import Corpus, Tags

PAGES = ("index.html", "student.html", "teacher.html")

CSS = """
:root { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
body { font-size: 22px; line-height: 1.45; max-width: 60em; margin: 1em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-top: 2px solid #444; padding-top: .5em; }
.framing-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.framing-highlight-note { font-size: .75em; color: #333; }
.answer { border: 1px solid #777; min-height: 5em; margin: .3em 0 1em; }
.tasks li { margin-bottom: .3em; }
.caveats { background: #f4f4f4; padding: .5em 1em; }
nav a { margin-right: 1.5em; }
mark.framing-highlight-frame { background: none; text-decoration: none !important; }
#show-frames:checked ~ main mark.framing-highlight-frame { text-decoration: underline dotted #009E73 2px !important; }
#show-frames:not(:checked) ~ main .framing-highlight-frame + .framing-highlight-note { display: none; }
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  nav, label[for=show-frames], #show-frames { display: none; }
  article { break-before: page; }
  h2, .answer { break-inside: avoid; }
}
"""

STUDENT_TASKS = [
    "Who published this page? Write down every clue in the text (a dateline, a signature, a copyright line, "
    "the layout) that tells you.",
    "Who speaks about NATO and about Russia? List each voice: the outlet's own narrator, officials quoted, "
    "people reported.",
    "Find one sentence that is for or against NATO or Russia. Which words make it so? Whose view is it?",
    "Who is missing? Name a voice the article does not give room to.",
]


def _page(title: str, body: str, *, frame_switch: bool = False) -> str:
    switch = (
        '<input type="checkbox" id="show-frames"> <label for="show-frames">show frame cue words</label>'
        if frame_switch
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{CSS}</style></head><body>"
        '<nav><a href="index.html">Lesson</a><a href="student.html">Student sheet</a>'
        '<a href="teacher.html">Teacher notes</a></nav>'
        f"{switch}<main><h1>{html.escape(title)}</h1>{body}</main></body></html>\n"
    )


def _articles(tags: Tags) -> list[str]:
    return tags.articles.loc[tags.articles["status"] == "ok", "id"].tolist()


NO_ARTICLES = "<p>This corpus has no readable article yet.</p>"


def _student(tags: Tags, texts: dict[str, str]) -> str:
    if not _articles(tags):
        return NO_ARTICLES
    parts = ["<p>Read each article. Answer the tasks in the boxes. Do not look anything up yet.</p>"]
    for number, article_id in enumerate(_articles(tags), 1):
        tasks = "".join(f'<li>{html.escape(task)}<div class="answer"></div></li>' for task in STUDENT_TASKS)
        text = html.escape(texts[article_id].strip())
        parts.append(
            f'<article><h2>Article {number}</h2><div class="framing-text">{text}</div>'
            f'<ol class="tasks">{tasks}</ol></article>'
        )
    return "".join(parts)


def _teacher(tags: Tags, corpus: Corpus) -> str:
    if not _articles(tags):
        return NO_ARTICLES
    parts = [
        "<p>What the tagger says about each article, with its reasons written beside each highlight: "
        "mentions of NATO and Russia are coloured by stance (blue favor, orange against, grey neutral) and "
        "followed by the stance, the speaker and the cue words that decided. <b>The tags are a starting "
        "point for discussion, not answers</b>: the box under each article says where they can be wrong.</p>"
    ]
    for number, article_id in enumerate(_articles(tags), 1):
        questions = "".join(f"<li>{html.escape(q)}</li>" for q in lesson.questions(tags, article_id))
        caveats = "".join(f"<li>{html.escape(c)}</li>" for c in lesson.caveats(tags, article_id))
        parts.append(
            f"<article><h2>Article {number}: {html.escape(article_id)}</h2>"
            + lesson.article_card(tags, article_id, corpus=corpus, frames=True)
            + f"<h3>Questions for the group</h3><ol>{questions}</ol>"
            f'<div class="caveats"><h3>Where the tags can be wrong</h3><ul>{caveats}</ul></div></article>'
        )
    return "".join(parts)


def _index(tags: Tags, data: Path) -> str:
    n = len(_articles(tags))
    failed = int((tags.articles["status"] != "ok").sum())
    if n == 0:
        return (
            f"<p>The corpus in <code>{html.escape(str(data))}</code> has no readable article "
            f"({failed} file(s) could not be read), so there is nothing to teach from yet. Add article files "
            "(plain text or HTML) and run <code>python -m framing lesson</code> again.</p>"
        )
    return (
        f"<p>{n} {'article' if n == 1 else 'articles'} about NATO and Russia from <code>{html.escape(data.name)}</code>"
        + (f" ({failed} file(s) could not be read and are left out)" if failed else "")
        + ". One or two school periods: students read the articles on the "
        '<a href="student.html">student sheet</a> and answer its tasks; then the class compares its '
        'answers with what an automatic tagger says, from the <a href="teacher.html">teacher notes</a>, '
        "and looks for where the tagger is wrong.</p>"
        "<p>Print either page on A4 (each article starts a new page), or show it on a projector.</p>"
    )


def write_site(data: str | Path, out_dir: str | Path) -> list[Path]:
    """Tag corpus directory `data` (or one article file) and write the lesson pages to
    `out_dir`; returns the pages written. An empty corpus gives an index page that says so."""
    data = Path(data)
    if not data.is_dir() and not data.is_file():
        raise NotADirectoryError(f"no corpus directory or article file at {data}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)  # before tagging: an unwritable folder fails at once
    articles_at = paths.article_dir(data)
    corpus = load_corpus(articles_at)
    tags = tag(corpus, cache_dir=paths.cache_dir_for(data))
    texts = {article.id: article.text for article in corpus.articles if article.text is not None}
    pages = {
        "index.html": _page("Who is speaking, and how do we know?", _index(tags, data)),
        "student.html": _page("Student sheet", _student(tags, texts)),
        "teacher.html": _page("Teacher notes", _teacher(tags, corpus), frame_switch=True),
    }
    written = []
    for name, content in pages.items():
        (out / name).write_text(content, encoding="utf-8")
        written.append(out / name)
    return written

"""Copy grouping, scored on syndicated variants of a folder of articles.

No public gold standard records which news pages are copies of which, so this task makes
one from any folder of articles (the project's own `examples/` by default): each article is
re-published `VARIANTS` times the way syndication changes a story — another headline, a
dateline, site boilerplate (share buttons, newsletter and copyright lines), the ending cut
(down to 40% of the paragraphs), and light edits (numbers written out, words swapped). Every
page, originals and variants shuffled, then goes through the real cleaner and the stories
stage's copy index. An article and its variants form one gold group; the other articles,
several of them on the same subject (summits of the same leaders, sanctions on the same
country), must stay apart.

Scores are pairwise precision, recall and F1 over pages put in one group, and B-cubed.
The variants are drawn with a fixed seed, so a run is reproducible.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from tidings.clean import clean
from tidings.evaluate.stories import score
from tidings.ingest import iter_inputs
from tidings.model import RawArticle
from tidings.stories.copies import CopyIndex, fingerprint

VARIANTS = 5
SEED = 7
DATELINES = ("WASHINGTON (Example Wire) - ", "LONDON, {day} (Example News) - ",
             "By Example Staff Writer | ", "BEIJING - ", "(Example Press) ")
BOILERPLATE = ("Share this article", "Advertisement", "Sign up for our daily newsletter",
               "Copyright 2024 Example Media Group. All rights reserved.",
               "Follow us on social media for the latest updates.", "Related: More world news",
               "This story has been corrected.")
EDITS = {"said": "told reporters", "percent": "per cent", "two": "2", "three": "3",
         "meeting": "talks", "United States": "U.S.", "president": "leader",
         "Thursday": "on Thursday"}


def variant(raw: RawArticle, rng: random.Random) -> RawArticle:
    """The article as another site might run it."""
    paragraphs = [p for p in re.split(r"\n\s*\n", raw.text.strip()) if p.strip()]
    headline, body = paragraphs[0], paragraphs[1:] or paragraphs
    if len(body) > 2 and rng.random() < 0.6:  # a cut ending: as little as 40% is kept
        body = body[:max(1, round(len(body) * rng.uniform(0.4, 0.9)))]
    if rng.random() < 0.7:
        body[0] = rng.choice(DATELINES).format(day="March 3") + body[0]
    edited = []
    for p in body:
        for old, new in rng.sample(sorted(EDITS.items()), 3):
            p = re.sub(rf"\b{re.escape(old)}\b", new, p, count=1)
        edited.append(p)
        if rng.random() < 0.15:
            edited.append(rng.choice(BOILERPLATE))
    words = headline.split()
    title = " ".join(rng.sample(words, len(words))) if rng.random() < 0.5 else (
        "UPDATE: " + headline)
    tail = rng.sample(BOILERPLATE, 2)
    return RawArticle("\n\n".join([title, *edited, *tail]), title=title,
                      published=raw.published, origin=f"{raw.origin} (variant)")


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Group originals and variants into copies; score against who was copied from whom."""
    rng = random.Random(SEED)
    originals = [r for r in iter_inputs([str(path)]) if isinstance(r, RawArticle)][:limit]
    pages = [(i, raw) for i, raw in enumerate(originals)]
    pages += [(i, variant(raw, rng)) for i, raw in enumerate(originals)
              for _ in range(VARIANTS)]
    rng.shuffle(pages)
    index = CopyIndex()
    predicted = []
    for n, (_, raw) in enumerate(pages):
        copy_of = index.add(str(n), fingerprint(clean(raw.text, raw.title).text))
        predicted.append(copy_of or str(n))
    gold = [str(i) for i, _ in pages]
    metrics = {k.replace("_macro", ""): v for k, v in score([(gold, predicted)]).items()
               if "_macro_" in k}
    wrong = sorted({f"{pages[a][1].origin} ~ {pages[b][1].origin}"
                    for a in range(len(pages)) for b in range(a)
                    if predicted[a] == predicted[b] and gold[a] != gold[b]})
    details = {"articles": len(originals), "pages": len(pages), "variants": VARIANTS,
               "seed": SEED, "groups_found": len(set(predicted)), "merged_wrongly": wrong}
    return len(pages), metrics, details

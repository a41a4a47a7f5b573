"""Benchmark: the stories stage on a stream of synthetic articles (100,000 by default).

The articles are analyses made up on the spot: a year of news, about 270 articles a day,
each reporting one of a few thousand happenings (its own words, actors, places and events
on top of a shared vocabulary), a fifth of them syndicated copies of an earlier article.
Each is added to a `StoryIndex` in date order and the changes are flushed every 500
articles, into a DuckDB store with `--store`. Printed per checkpoint: articles per second,
the articles and stories held in memory (which follow the time window, not the archive),
and peak memory; then the stage's cost against a baseline measured in the same run, the
MinHash fingerprints of the same texts alone.

    python bench/stories_scale.py [--articles N] [--store]
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from tidings.model import ActorRef, Analysis, Event, Mention, Span
from tidings.stories import StoryIndex
from tidings.stories.copies import fingerprint

VOCAB = [f"w{i}" for i in range(20000)]
ROOTS = ["01", "02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "14",
         "17", "18", "19"]


def happening(rng: random.Random, n: int, day: date) -> dict:
    return {"words": rng.sample(VOCAB[2000:], 40), "actors": [f"A{rng.randrange(5000)}"
                                                               for _ in range(3)],
            "root": rng.choice(ROOTS), "day": day, "id": n}


def article(rng: random.Random, n: int, h: dict, day: date) -> Analysis:
    common = rng.choices(VOCAB[:2000], k=90)  # the words of any story
    own = rng.choices(h["words"], k=60)
    words = common + own
    rng.shuffle(words)
    text = " ".join(words)
    src, tgt = h["actors"][0], h["actors"][1]
    refs = [ActorRef(a, f"person:{a.lower()}", "XXX", "GOV", a, 0, 1) for a in (src, tgt)]
    mentions = [Mention(a, 0, 1, "PERSON", a, f"person:{a.lower()}", "XXX", "GOV")
                for a in h["actors"]]
    event = Event(f"e{n}", f"a{n}", 0, text[:60], Span("x", 0, 1), refs[:1], refs[1:],
                  h["root"] + "0", h["root"], 1, 0.0, None, None, False, "asserted",
                  h["day"].isoformat(), "day", "publication", None, "bench")
    return Analysis(f"a{n}", None, None, day.isoformat(), f"outlet{rng.randrange(300)}",
                    None, [], "bench", text, mentions=mentions, events=[event])


def stream(total: int, seed: int = 1):
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    per_day = max(1, total // 365)
    live: list[dict] = []
    published: list[Analysis] = []
    for n in range(total):
        day = start + timedelta(days=n // per_day)
        if not live or rng.random() < 0.12:
            live.append(happening(rng, n, day))
        live = [h for h in live if (day - h["day"]).days <= 5][-400:]
        if published and rng.random() < 0.2:  # a syndicated copy of a recent article
            orig = rng.choice(published[-200:])
            words = orig.text.split()
            cut = words[: int(len(words) * rng.uniform(0.6, 1.0))]
            a = Analysis(f"a{n}", None, None, day.isoformat(), f"outlet{rng.randrange(300)}",
                         None, [], "bench", " ".join(cut), mentions=orig.mentions,
                         events=orig.events)
        else:
            a = article(rng, n, rng.choice(live), day)
        published.append(a)
        if len(published) > 400:
            published = published[-200:]
        yield a


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--store", action="store_true", help="flush into a DuckDB store")
    args = parser.parse_args()
    checkpoints = {args.articles * k // 10 for k in (1, 2, 5, 10)}

    texts = [a.text for a, _ in zip(stream(args.articles), range(min(args.articles, 20000)),
                                    strict=False)]
    t0 = time.perf_counter()
    for text in texts:
        fingerprint(text)
    baseline = len(texts) / (time.perf_counter() - t0)

    store = None
    if args.store:
        from tidings.store import Store

        store = Store(Path(tempfile.mkdtemp()) / "bench.duckdb")
    index = StoryIndex()
    t0 = time.perf_counter()
    copies = stories = 0
    print(f"{'articles':>9} {'articles/s':>11} {'in memory':>10} {'open stories':>13} "
          f"{'peak MB':>8}")
    for n, a in enumerate(stream(args.articles), 1):
        placed = index.add(a)
        copies += placed.copy_of is not None
        stories += placed.new_story
        if n % 500 == 0:
            changes = index.flush()
            if store:
                store.save_stories(changes)
        if n in checkpoints:
            rate = n / (time.perf_counter() - t0)
            print(f"{n:>9,} {rate:>11,.0f} {len(index.members):>10,} {len(index.stories):>13,}"
                  f" {peak_mb():>8,.0f}")
    rate = args.articles / (time.perf_counter() - t0)
    print(f"\n{args.articles:,} articles, {copies:,} placed as copies, {stories:,} stories "
          f"started{' (DuckDB store)' if store else ''}")
    print(f"baseline: MinHash fingerprints alone {baseline:,.0f} articles/s; stories stage "
          f"{rate:,.0f} articles/s; ratio {rate / baseline:.2f}")


if __name__ == "__main__":
    main()

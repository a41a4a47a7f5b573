"""Scoring helpers every evaluation shares."""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]  # character offsets, end exclusive


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts; 0 where undefined."""
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match_spans(gold: Sequence[Span], pred: Sequence[Span], exact: bool) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: equal spans, or overlaps largest first."""
    if exact:
        free: dict[Span, list[int]] = {}
        for j, span in enumerate(pred):
            free.setdefault(span, []).append(j)
        return [(i, free[span].pop(0)) for i, span in enumerate(gold) if free.get(span)]
    candidates = sorted(
        ((min(ge, pe) - max(gs, ps), -abs(gs - ps), -i, -j)
         for i, (gs, ge) in enumerate(gold) for j, (ps, pe) in enumerate(pred)
         if min(ge, pe) > max(gs, ps)), reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if -i not in used_gold and -j not in used_pred:
            used_gold.add(-i)
            used_pred.add(-j)
            pairs.append((-i, -j))
    return sorted(pairs)

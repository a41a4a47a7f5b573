"""CAMEO and PLOVER: codes, names, Goldstein weights, quad classes, PLOVER types and modes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tidings.data import load_tsv

# Quad classes by CAMEO root: 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict.
QUAD_BY_ROOT = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 10), 2),
                **dict.fromkeys(range(10, 15), 3), **dict.fromkeys(range(15, 21), 4)}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    goldstein: float
    plover: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return QUAD_BY_ROOT[int(self.root)]


@cache
def codes() -> dict[str, Code]:
    return {r["code"]: Code(r["code"], r["name"], float(r["goldstein"] or 0),
                            r["plover"] or None, r["plover_mode"] or None)
            for r in load_tsv("cameo.tsv")}


def code(value: str) -> Code:
    """The CAMEO code `value`; KeyError names it when it is not in the codebook."""
    try:
        return codes()[value]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {value!r}") from None

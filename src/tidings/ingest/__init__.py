"""Readers that turn files, directories, globs and standard input into `RawArticle`s.

A run over many inputs must not stop at the first bad one: every problem becomes an
`IngestFailure` naming the input, and the iteration goes on with the next.
"""

from __future__ import annotations

import glob
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.ingest.fetch import Fetcher, FetchError
from tidings.ingest.formats import (
    IngestFailure,
    decode,
    normalise_date,
    read_html,
    read_json,
    read_records,
    read_text,
    size_error,
    sniff,
)
from tidings.ingest.warc import Skipped, is_warc, read_warc
from tidings.model import RawArticle, TidingsError

DEFAULT_MAX_BYTES = 20_000_000
STDIN = "<stdin>"
# Files a directory walk picks up (README.md and notes are not articles; name one to read it).
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
_GLOB_CHARS = frozenset("*?[")
_CHUNK = 1 << 20
# Formats of a fetched URL by its Content-Type; others are sniffed.
MEDIA_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}

Item = RawArticle | IngestFailure | Skipped


def iter_inputs(
    inputs: Iterable[str], published: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Every article in the inputs, in order; `published` is the date of those without one."""
    default = normalise_date(published)
    for name in inputs:
        if is_url(name):
            with Fetcher(max_bytes=max_bytes) as fetcher:
                yield from read_url(name, default, fetcher)
            continue
        for source in _expand(name):
            if isinstance(source, IngestFailure):
                yield source
            else:
                yield from _read(*source, default, max_bytes)


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def read_url(url: str, published: str | None, fetcher: Fetcher) -> Iterator[Item]:
    """The articles at a URL, read by their Content-Type; a page (HTML or text) is one
    article whose url is where it was fetched from, whatever the page calls itself."""
    try:
        response = fetcher.get(url)
    except FetchError as e:
        yield IngestFailure(url, e.reason)
        return
    for item in read_bytes(response.data, MEDIA_TYPES.get(response.content_type or ""),
                           url, published):
        if isinstance(item, RawArticle) and item.format in ("html", "text"):
            item.url = response.url
        yield item


def article_id(raw: RawArticle) -> str:
    """A stable id: the record's own, else a hash of the url, else of the headline and text."""
    if raw.id:
        return raw.id
    basis = raw.url or " ".join(f"{raw.title or ''} {raw.text}".split())
    return "a" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:15]


def sources(inputs: Iterable[str]
            ) -> Iterator[tuple[str, Path | None, str | None] | IngestFailure]:
    """What each input names: (origin, path — None for standard input and URLs — and
    format, None to sniff), or why it names nothing."""
    for name in inputs:
        if is_url(name):
            yield name, None, None
        else:
            yield from _expand(name)


def _expand(name: str) -> Iterator[tuple[str, Path | None, str | None] | IngestFailure]:
    """(origin, path or None for stdin, format or None to sniff) for each input named."""
    if name == "-":
        yield STDIN, None, None
        return
    path = Path(name)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield name, path, _format(path)
    elif _GLOB_CHARS & set(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield IngestFailure(name, "no files match the pattern")
        for match in matches:
            found = Path(match)
            if found.is_dir():
                yield from _walk(found)
            elif _format(found):
                yield match, found, _format(found)
    else:
        yield IngestFailure(name, "no such file or directory")


def _walk(root: Path) -> Iterator[tuple[str, Path, str]]:
    """Files with a known suffix under a directory, sorted; hidden files and folders skipped."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            fmt = _format(Path(file))
            if fmt and not file.startswith("."):
                path = Path(folder, file)
                yield str(path), path, fmt


def _format(path: Path) -> str | None:
    return "warc" if is_warc(path) else SUFFIXES.get(path.suffix.lower())


def _read(
    origin: str, path: Path | None, fmt: str | None, published: str | None, max_bytes: int
) -> Iterator[Item]:
    if fmt == "warc" and path is not None:
        yield from read_warc(path, published, max_bytes)
        return
    try:
        data = _stdin_bytes(max_bytes) if path is None else _file_bytes(path, max_bytes)
    except TidingsError as e:
        yield IngestFailure(origin, str(e))
        return
    except OSError as e:
        yield IngestFailure(origin, (e.strerror or str(e)).lower())
        return
    yield from read_bytes(data, fmt, origin, published)


def read_bytes(data: bytes, fmt: str | None, origin: str, published: str | None
               ) -> Iterator[Item]:
    """Articles in `data` (text, html, json, jsonl; None: sniffed), or why not."""
    try:
        if fmt == "html":
            yield read_html(_html_text(data), origin, published)
            return
        text = decode(data)
        fmt = fmt or sniff(text)
        if fmt == "text":
            yield read_text(text, origin, published)
        elif fmt == "html":
            yield read_html(text, origin, published)
        elif fmt == "json":
            yield from read_json(text, origin, published)
        else:
            yield from read_records(text, origin, published)
    except TidingsError as e:
        yield IngestFailure(origin, str(e))


def _html_text(data: bytes) -> str | bytes:
    """A page as text, or as bytes for trafilatura to decode when it declares a legacy charset."""
    try:
        return decode(data)
    except TidingsError as e:
        if str(e).startswith("not valid UTF-8"):
            return data
        raise


def _file_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise size_error(size, max_bytes)
    return path.read_bytes()


def _stdin_bytes(max_bytes: int) -> bytes:
    """Standard input up to the limit; the rest is counted, not kept, to report its size."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        data = sys.stdin.read().encode("utf-8")
        if len(data) > max_bytes:
            raise size_error(len(data), max_bytes)
        return data
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size <= max_bytes:
            chunks.append(chunk)
    if size > max_bytes:
        raise size_error(size, max_bytes)
    return b"".join(chunks)


__all__ = ["IngestFailure", "Skipped", "article_id", "iter_inputs", "normalise_date",
           "read_bytes", "sources"]

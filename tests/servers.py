"""A real `tidings serve` process on 127.0.0.1 for the API, UI, security and fuzz tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(db: Path, *args: str) -> Iterator[str]:
    """`tidings serve` in its own process on a free port of 127.0.0.1; its log goes to a file
    (a pipe nobody reads fills up and stalls a busy server)."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db", str(db),
                             "--port", str(port), *args], stdout=log, stderr=subprocess.STDOUT,
                            text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{url}/api/stats", timeout=5)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    raise RuntimeError(Path(log.name).read_text()) from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()
        Path(log.name).unlink()


TOKEN = "test-token-123"


@contextmanager
def example_server(folder: Path) -> Iterator[str]:
    """The example corpus in a fresh store under `folder`, served with `TOKEN`."""
    from tidings.run import example_overrides, examples_dir, ingest

    db = folder / "examples.duckdb"
    ingest([str(examples_dir())], db=db, overrides=example_overrides(examples_dir()))
    with running(db, "--token", TOKEN) as url:
        yield url

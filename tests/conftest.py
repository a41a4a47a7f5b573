from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from tidings.pipeline import default

    return default()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The workplace's shared folder (evaluation data, examples); absent on other machines."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED

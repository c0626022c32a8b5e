"""Shared pytest setup and fixtures."""

from __future__ import annotations

import pytest

from interviewpal.storage import Repositories


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "repos(subfolder=None, **open_kw): how the shared `repos` fixture opens its store, e.g. "
        "pytestmark = pytest.mark.repos(daily_backup=False) or pytest.mark.repos(now=NOW)",
    )


@pytest.fixture
def repos(request, tmp_path):
    """A fresh store in this test's own folder, closed after the test.

    A module or test marked ``@pytest.mark.repos(subfolder=..., **kw)`` gets
    ``Repositories.open(tmp_path / subfolder, **kw)`` instead (``daily_backup=False``, ``now=...``)."""
    marker = request.node.get_closest_marker("repos")
    kw = dict(marker.kwargs) if marker else {}
    subfolder = kw.pop("subfolder", None)
    r = Repositories.open(tmp_path / subfolder if subfolder else tmp_path, **kw)
    yield r
    r.db.close()


@pytest.fixture
def repos_no_backup(tmp_path):
    """A fresh store without the daily snapshot (for tests that count files or time writes)."""
    r = Repositories.open(tmp_path, daily_backup=False)
    yield r
    r.db.close()


def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: their Playwright session keeps an event loop running
    in the main thread, which would break unit tests that call asyncio.run()."""
    items.sort(key=lambda item: "/e2e/" in str(item.fspath).replace("\\", "/"))

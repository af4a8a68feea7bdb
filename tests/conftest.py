from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from chaptercli.cli import app
from chaptercli.render.env import Environment

if TYPE_CHECKING:
    from feedserver import FeedServer

# Bounded and repeatable by default, so CI is fast and its coverage steady;
# `pytest --hypothesis-profile=long` digs deeper, with fresh examples each run.
settings.register_profile("default", max_examples=200, deadline=None, derandomize=True)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("default")  # --hypothesis-profile overrides it

Invoke = Callable[..., Result]


def run_in(
    *args: str, terminal: bool, width: int | None = None, colour: bool = True
) -> tuple[int, str, str]:
    """Run the command in an injected environment (a terminal of `width` columns,
    or a pipe): its exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, stdout_terminal=terminal,
                      stderr_terminal=terminal, colour=colour, width=width)  # fmt: skip
    result = CliRunner().invoke(app, list(args), obj=env)
    # Nothing bypasses the environment: the runner's own streams stay empty.
    assert (result.stdout, result.stderr) == ("", ""), result.output
    return result.exit_code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests see neither the developer's CHAPTERS_PATH, colour settings, index nor
    library, and run in a scratch directory: `python -m chaptercli` from the checkout would import
    the source tree instead of the installed package under test."""
    for name in ("CHAPTERS_PATH", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    # The loopback test servers are reached directly, never through a proxy.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    # The user's library (`chapters feed`'s default, read when no file is named) is an
    # empty scratch directory: the developer's own is never read or written.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def invoke() -> Invoke:
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def make(text: str, name: str = "episode.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """An HTTP server on 127.0.0.1 (tests/feedserver.py); the client is made
    impatient, so injected faults cost little time."""
    monkeypatch.setenv("CHAPTERS_HTTP_TIMEOUT", "0.5")
    monkeypatch.setenv("CHAPTERS_HTTP_MAX_WAIT", "0.05")
    # Imported when a test asks for a server: most tests never need http.server.
    from feedserver import FeedServer

    started = FeedServer()
    yield started
    started.close()


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of small real media files (tests/media_files.py), made once."""
    from media_files import make_all

    return make_all(tmp_path_factory.mktemp("media"))

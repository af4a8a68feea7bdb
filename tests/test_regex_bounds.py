"""`search --regex` within bounds: a pattern that would expand into gigabytes is
refused before it is compiled, and one search has one time limit in all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from chaptercli import regexes
from chaptercli.regexes import expanded_size

Write = Callable[..., Path]


@pytest.mark.parametrize(
    ("pattern", "size"),
    [("abc", 3), ("a{3}", 3), ("(ab){3}", 6), ("(?:ab){2,4}c", 13), ("a{,5}", 5), ("a{2,}", 2),
     ("[a{]{5}", 5), ("\\{5}", 3), ("[]a]{4}", 4), ("(a|b)*", 2), ("((a){10}){10}", 100),
     ("x{}", 1)],
)  # fmt: skip
def test_expanded_size(pattern: str, size: int) -> None:
    # An over-estimate by design: the "?:" of a group counts as an atom, "|" does not.
    assert expanded_size(pattern) == size


@pytest.mark.timeout(20)
@pytest.mark.parametrize("pattern", ["(?:a{9999}){9999}", "(?i)(\\w{9999}){9999}",
                                     "((a{100}){100}){100}"])  # fmt: skip
def test_a_pattern_that_expands_into_gigabytes_is_refused(invoke: Invoke, pattern: str) -> None:
    result = invoke("search", "--regex", pattern)
    assert result.exit_code == 2
    assert result.stderr == (
        f"chapters: bad regular expression {pattern!r}: too large once its repeats are "
        "expanded (over 100,000 parts): make the counts smaller\n"
    )


@pytest.mark.timeout(30)
def test_one_time_limit_for_the_whole_search(
    invoke: Invoke, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 100 bullets each costing the pattern far more than the limit: with a limit per
    # text this took 100 times the limit; with one limit in all it stops at it.
    bullets = "".join(f"  - '{'a' * 40}!'\n" for _ in range(100))
    path = write(f"title: T\nchapters:\n- start: '0:00'\n  title: t\n  bullets:\n{bullets}")
    monkeypatch.setattr(regexes, "TIME_BUDGET_S", 0.5)
    result = invoke("search", "--regex", "(a|aa)+$", "-f", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "chapters: the regular expression '(a|aa)+$' takes too long (over 0.5 s in all): "
        "make it simpler\n"
    )


def test_an_ordinary_pattern_still_finds(invoke: Invoke) -> None:
    result = invoke("search", "--regex", "deep(seek|mind)", "--in", "title")
    assert result.exit_code == 0
    assert result.stdout.startswith("8 35:55 title DeepSeek, China, and the power bottleneck")

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chaptercli.errors import TimeSyntaxError
from chaptercli.times import (
    format_fixed,
    format_seconds,
    format_time,
    looks_like_clock,
    ms_to_seconds,
    parse_time,
    seconds_to_ms,
)


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("0", 0),
        ("45", 45_000),
        ("0:00", 0),
        ("4:01", 241_000),
        ("09:21", 561_000),
        ("1:02:45", 3_765_000),
        ("01:02:45", 3_765_000),
        ("100:00:00", 360_000_000),
        ("24:00:00", 86_400_000),
        ("90:00", 5_400_000),
        ("1:02.5", 62_500),  # a decimal fraction, not 62.005 s
        ("1:02.05", 62_050),
        ("1.005", 1005),
        ("0.0005", 1),  # rounded half up, never truncated
        ("0.0004", 0),
        ("3765s", 3_765_000),
        ("1h2m45s", 3_765_000),
        ("1H2M45S", 3_765_000),
        ("90m", 5_400_000),
        ("2h", 7_200_000),
        ("1.5h", 5_400_000),
        ("1m30.25s", 90_250),
        ("  4:01  ", 241_000),
    ],
)
def test_parse_time(text: str, ms: int) -> None:
    assert parse_time(text) == ms


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1:75",  # a later field over 59
        "1:99:00",
        "1:00:60",
        "1h75m",
        "1m60s",
        "1.5h30m",  # only the last part may have a fraction
        "-5",
        "+5",
        "1:2:3:4",
        "abc",
        "1:",
        ":30",
        "1.2.3",
        "12 34",
        "٣:٠٠",  # non-ASCII digits are not times
        "9" * 41,
    ],
)
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(TimeSyntaxError):
        parse_time(text)


def test_error_message_says_what_is_expected() -> None:
    with pytest.raises(TimeSyntaxError, match=r"expected SS, M:SS, H:MM:SS"):
        parse_time("soon")
    with pytest.raises(TimeSyntaxError, match="0-59"):
        parse_time("1:75")


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "0:00"),
        (241_000, "4:01"),
        (3_599_999, "59:59.999"),
        (3_600_000, "1:00:00"),
        (3_765_000, "1:02:45"),
        (62_500, "1:02.5"),
        (62_050, "1:02.05"),
        (1005, "0:01.005"),
        (86_400_000, "24:00:00"),  # never wraps at a day
        (360_000_000, "100:00:00"),
    ],
)
def test_format_time(ms: int, text: str) -> None:
    assert format_time(ms) == text


def test_format_time_rejects_negative() -> None:
    with pytest.raises(ValueError):
        format_time(-1)


@given(st.integers(min_value=0, max_value=10**12))
def test_format_then_parse_is_identity(ms: int) -> None:
    assert parse_time(format_time(ms)) == ms


@given(st.integers(min_value=0, max_value=10**12))
def test_seconds_forms_round_trip(ms: int) -> None:
    assert parse_time(format_seconds(ms)) == ms
    assert seconds_to_ms(ms_to_seconds(ms)) == ms


@given(st.integers(min_value=0, max_value=10**9))
def test_boundaries_of_each_field(ms: int) -> None:
    # Fields carry at exactly 60 s and 60 min, whatever the rest of the value.
    text = format_time(ms)
    parts = text.split(".")[0].split(":")
    assert all(0 <= int(p) <= 59 for p in parts[1:])


@pytest.mark.parametrize(
    ("seconds", "ms"),
    [(1.005, 1005), (0.001, 1), (2.675, 2675), (4.35, 4350), (241, 241_000), (0, 0), (1e-4, 0)],
)
def test_seconds_to_ms_rounds_through_decimal(seconds: float, ms: int) -> None:
    assert seconds_to_ms(seconds) == ms


@pytest.mark.parametrize("bad", [-1, -0.5, float("nan"), float("inf"), True, "5", None])
def test_seconds_to_ms_rejects(bad: object) -> None:
    with pytest.raises(TimeSyntaxError):
        seconds_to_ms(bad)  # type: ignore[arg-type]


def test_ms_to_seconds_is_int_when_whole() -> None:
    assert ms_to_seconds(3_765_000) == 3765
    assert isinstance(ms_to_seconds(3_765_000), int)
    assert ms_to_seconds(1005) == 1.005


@pytest.mark.parametrize(
    ("text", "clock"),
    [("45:00", True), ("90s", True), ("1h", True), ("45", False), ("45.5", False), ("", False)],
)
def test_looks_like_clock(text: str, clock: bool) -> None:
    assert looks_like_clock(text) is clock


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty time"),
        ("  ", "empty time"),
        ("9" * 41, "time too long: " + "9" * 40 + "…"),
        ("-5", "time cannot be signed: '-5'"),
        ("+1:00", "time cannot be signed: '+1:00'"),
        ("X1", "not a time: 'X1' (expected SS, M:SS, H:MM:SS, 3765s or 1h2m45s)"),
        ("1:75", "minutes and seconds must be 0-59 in '1:75'"),
        ("1h60m", "minutes and seconds must be 0-59 in '1h60m'"),
        ("1m60s", "minutes and seconds must be 0-59 in '1m60s'"),
        ("1.5h30m", "only the last part may have a fraction in '1.5h30m'"),
    ],
)
def test_parse_time_says_exactly_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(TimeSyntaxError) as caught:
        parse_time(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("0" * 39 + "1", 1000),  # the longest time accepted: 40 characters
        ("1m59s", 119_000),  # 59 is the last minute or second, not the first refused
        ("1h59m59s", 7_199_000),
        ("59:59", 3_599_000),
    ],
)
def test_parse_time_at_its_limits(text: str, ms: int) -> None:
    assert parse_time(text) == ms


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("5", "not a number of seconds: '5'"),
        (True, "not a number of seconds: True"),
        (float("nan"), "not a finite number of seconds: nan"),
        (-0.5, "time cannot be negative: -0.5"),
    ],
)
def test_seconds_to_ms_says_exactly_what_is_wrong(bad: object, message: str) -> None:
    with pytest.raises(TimeSyntaxError) as caught:
        seconds_to_ms(bad)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(("seconds", "ms"), [(0.0005, 1), (0.0025, 3), (1.0045, 1005)])
def test_seconds_to_ms_rounds_halves_up_not_to_even(seconds: float, ms: int) -> None:
    assert seconds_to_ms(seconds) == ms


def test_format_time_names_the_negative_time() -> None:
    with pytest.raises(ValueError, match=r"^negative time: -1 ms$"):
        format_time(-1)


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "00:00:00.000"),
        (1005, "00:00:01.005"),
        (62_500, "00:01:02.500"),
        (3_599_999, "00:59:59.999"),
        (3_661_001, "01:01:01.001"),
        (86_399_999, "23:59:59.999"),
        (360_000_000, "100:00:00.000"),  # hours grow, never wrap
    ],
)
def test_format_fixed(ms: int, text: str) -> None:
    assert format_fixed(ms) == text


@pytest.mark.parametrize(
    ("ms", "seconds", "text"),
    [(0, 0, "0"), (3_765_000, 3765, "3765"), (62_500, 62.5, "62.5"), (1005, 1.005, "1.005"),
     (10, 0.01, "0.01"), (100_001, 100.001, "100.001")],
)  # fmt: skip
def test_seconds_forms(ms: int, seconds: float, text: str) -> None:
    assert ms_to_seconds(ms) == seconds
    assert format_seconds(ms) == text

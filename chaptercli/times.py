"""Reading and writing chapter times. Every time is an int of milliseconds.

Going through integers and rounding (never truncating) is what keeps
1.005 s at 1005 ms and 1:02.5 at 62.5 s, the two mistakes other tools make.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from chaptercli.errors import TimeSyntaxError

MS_PER_SECOND = 1000
# A million hours: longer than any recording, short enough that every time fits
# SQLite's integers, JSON's exact numbers and every format's fields.
MAX_MS = 1_000_000 * 3_600_000
_UNIT_MS = {"h": 3_600_000, "m": 60_000, "s": 1000}
# Long enough for any real time; short enough that no digit string is costly.
_MAX_TIME_CHARS = 40

_NUMBER = r"\d+(?:\.\d+)?"
_CLOCK_RE = re.compile(r"(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?(?:\.(\d+))?", re.ASCII)
_UNITS_RE = re.compile(rf"(?:({_NUMBER})h)?(?:({_NUMBER})m)?(?:({_NUMBER})s)?", re.ASCII)


def parse_time(text: str) -> int:
    """Milliseconds for `SS`, `M:SS`, `H:MM:SS` (any hour digits, a fraction
    on the last field), or unit forms such as `3765s` and `1h2m45s`."""
    cleaned = text.strip()
    if not cleaned:
        raise TimeSyntaxError("empty time")
    if len(cleaned) > _MAX_TIME_CHARS:
        raise _too_long(cleaned)
    if cleaned[0] in "+-":
        raise TimeSyntaxError(f"time cannot be signed: {cleaned!r}")
    clock = _CLOCK_RE.fullmatch(cleaned)
    if clock:
        return in_range(_clock_ms(cleaned, clock))
    units = _UNITS_RE.fullmatch(cleaned.lower())
    if units and any(units.groups()):
        return in_range(_units_ms(cleaned, units.groups()))
    raise TimeSyntaxError(f"not a time: {cleaned!r} (expected SS, M:SS, H:MM:SS, 3765s or 1h2m45s)")


def in_range(ms: int) -> int:
    """ms, if it is a time this tool keeps; else a TimeSyntaxError."""
    if ms > MAX_MS:
        raise TimeSyntaxError(f"time too large: over a million hours ({format_time(MAX_MS)})")
    return ms


def _too_long(text: str) -> TimeSyntaxError:
    return TimeSyntaxError(f"time too long: {text[:_MAX_TIME_CHARS]}…")


def looks_like_clock(text: str) -> bool:
    """True for a time written with a colon or a unit, as opposed to a bare number."""
    cleaned = text.strip().lower()
    return bool(cleaned) and (":" in cleaned or cleaned[-1] in _UNIT_MS)


def _clock_ms(text: str, match: re.Match[str]) -> int:
    first, second, third, fraction = match.groups()
    fields = [int(first)] + [int(f) for f in (second, third) if f is not None]
    for later in fields[1:]:
        if later > 59:
            raise TimeSyntaxError(f"minutes and seconds must be 0-59 in {text!r}")
    seconds = 0
    for value in fields:
        seconds = seconds * 60 + value
    return seconds * MS_PER_SECOND + _fraction_ms(fraction, MS_PER_SECOND)


def _units_ms(text: str, parts: tuple[str | None, ...]) -> int:
    present = [(value, unit) for value, unit in zip(parts, "hms", strict=True) if value is not None]
    total = 0
    for index, (value, unit) in enumerate(present):
        whole, _, fraction = value.partition(".")
        if fraction and index != len(present) - 1:
            raise TimeSyntaxError(f"only the last part may have a fraction in {text!r}")
        if index > 0 and int(whole) > 59:
            raise TimeSyntaxError(f"minutes and seconds must be 0-59 in {text!r}")
        total += int(whole) * _UNIT_MS[unit] + _fraction_ms(fraction or None, _UNIT_MS[unit])
    return total


def _fraction_ms(digits: str | None, unit_ms: int) -> int:
    """A decimal fraction of a unit, rounded half up to whole milliseconds."""
    if not digits:
        return 0
    exact = Decimal(f"0.{digits}") * unit_ms
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def seconds_to_ms(seconds: float | int) -> int:
    """Milliseconds for a number of seconds, rounded, not truncated.

    A float goes through its shortest decimal form, so 1.005 is 1005 ms
    although 1.005 * 1000 is 1004.999… in binary."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TimeSyntaxError(f"not a number of seconds: {seconds!r}")
    if isinstance(seconds, float) and not math.isfinite(seconds):
        raise TimeSyntaxError(f"not a finite number of seconds: {seconds!r}")
    if seconds < 0:
        raise TimeSyntaxError(f"time cannot be negative: {seconds!r}")
    if isinstance(seconds, int):
        return in_range(seconds * MS_PER_SECOND)
    exact = Decimal(repr(seconds)) * MS_PER_SECOND
    return in_range(int(exact.to_integral_value(rounding=ROUND_HALF_UP)))


def format_time(ms: int) -> str:
    """`M:SS` under an hour, `H:MM:SS` from an hour on (hours never wrap),
    with a fraction only when there is one (`1:02.5`)."""
    if ms < 0:
        raise ValueError(f"negative time: {ms} ms")
    seconds, millis = divmod(ms, MS_PER_SECOND)
    minutes, sec = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    text = f"{hours}:{minute:02d}:{sec:02d}" if hours else f"{minute}:{sec:02d}"
    if millis:
        text += "." + f"{millis:03d}".rstrip("0")
    return text


def format_fixed(ms: int) -> str:
    """`HH:MM:SS.mmm`, every field present (hours two digits or more), as the
    WebVTT, Podlove and mkvmerge formats write times."""
    seconds, millis = divmod(ms, MS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}.{millis:03d}"


def ms_to_seconds(ms: int) -> int | float:
    """Seconds as a JSON-friendly number: an int when whole (3765), else the
    shortest float that reads back to the same milliseconds (62.5, 1.005)."""
    whole, millis = divmod(ms, MS_PER_SECOND)
    return whole if not millis else ms / MS_PER_SECOND


def format_seconds(ms: int) -> str:
    """Seconds as text without float noise: `3765`, `62.5`, `1.005`."""
    whole, millis = divmod(ms, MS_PER_SECOND)
    return str(whole) if not millis else f"{whole}." + f"{millis:03d}".rstrip("0")

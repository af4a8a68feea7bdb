"""The platforms whose rules `chapters check --for` applies (the rules are in `rules`).

Apart, and light, because the command line offers them as choices as it starts."""

from __future__ import annotations

from typing import Literal, get_args

from chaptercli.errors import ChapterError

Platform = Literal["youtube", "spotify", "podcast2", "webvtt"]
PLATFORMS: tuple[Platform, ...] = get_args(Platform)


def resolve_platform(name: str) -> Platform:
    """The platform a person named, in any case; else an error listing them."""
    for platform in PLATFORMS:
        if platform == name.strip().lower():
            return platform
    raise ChapterError(f"unknown platform {name!r}: choose one of {', '.join(PLATFORMS)}")

"""The platforms whose rules `chapters check --for` applies (the rules are in `rules`).

Apart, and light, because the command line offers them as choices as it starts."""

from __future__ import annotations

from typing import Literal, get_args

Platform = Literal["youtube", "spotify", "podcast2", "webvtt"]
PLATFORMS: tuple[Platform, ...] = get_args(Platform)

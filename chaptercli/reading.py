"""A chapters file's bytes into its episodes: the file's one episode, or each of
its `episodes:`. Below both the library and the index, which read files alike."""

from __future__ import annotations

from typing import Any

from chaptercli.errors import DataError
from chaptercli.model import Episode


def episodes_from_data(
    data: Any, source: str, strict: bool = True, warnings: list[str] | None = None
) -> tuple[list[Episode], list[DataError]]:
    """The episodes of one parsed file: itself, or each of its `episodes:`. Not strict,
    structural problems are let through for `check` to report; keys the schema does
    not have go into `warnings`, when given."""
    # The loader only when a file is read: commands served from the index never need it.
    from chaptercli.loader import episode_from_data

    if isinstance(data, dict) and "episodes" in data and "chapters" not in data:
        items = data["episodes"]
        if not isinstance(items, list) or not items:
            return [], [DataError(source, ["'episodes' must be a non-empty list of episodes"])]
        episodes, errors = [], []
        for number, item in enumerate(items, 1):
            try:
                where = f"{source}: episode {number}"
                episodes.append(episode_from_data(item, where, strict, warnings))
            except DataError as error:
                errors.append(error)
        return episodes, errors
    return [episode_from_data(data, source, strict, warnings)], []


def parse_file(raw: bytes, source: str) -> tuple[list[Episode], list[DataError]]:
    """The episodes of a file's bytes; its problems instead of an exception."""
    from chaptercli.loader import parse_yaml

    try:
        return episodes_from_data(parse_yaml(raw, source), source)
    except DataError as error:
        return [], [error]

"""A chapters file's bytes into its episodes: the file's one episode, or each of
its `episodes:`. Below both the library and the index, which read files alike."""

from __future__ import annotations

from typing import Any

from chaptercli.errors import ChapterError, DataError
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


YAML_SUFFIXES = (".yaml", ".yml")


def parse_file(
    raw: bytes, source: str, warnings: list[str] | None = None
) -> tuple[list[Episode], list[DataError]]:
    """The episodes of a file's bytes; its problems instead of an exception. A file
    not named *.yaml or *.yml (a WebVTT track, a description, a feed) is read in
    whichever registered format it is in: every reader is a way in. Keys YAML has
    that the schema does not go into `warnings`, when given."""
    from chaptercli.loader import parse_yaml
    from chaptercli.media.kinds import kind_of

    try:
        kind = kind_of(raw[:16])
        if kind is not None:
            return [_media(source, kind)], []
        if not source.lower().endswith(YAML_SUFFIXES):
            other = _other_format(raw, source)
            if other is not None:
                return [other], []
        return episodes_from_data(parse_yaml(raw, source), source, warnings=warnings)
    except DataError as error:
        return [], [error]
    except ChapterError as error:  # a reader's refusal: the file's problem, named
        return [], [DataError(source, [_without_source(error.message, source)])]


def _other_format(raw: bytes, source: str) -> Episode | None:
    """The episode in a file of another format than this project's YAML; None when
    it is YAML after all (then read as such, several episodes included)."""
    from chaptercli import formats
    from chaptercli.loader import decode_text

    text = decode_text(raw, source)
    try:
        name = formats.detect(text, source)
    except ChapterError:  # its listing of every format is import's to show
        raise DataError(source, ["cannot tell which chapter format this is (`chapters import "
                                 "FILE` lists the formats it reads)"]) from None  # fmt: skip
    return None if name == "yaml" else formats.read(text, source, name).episode


def _media(source: str, kind: str) -> Episode:
    """The episode in a media file, read from its path (its bytes may be gigabytes)."""
    if source == "<stdin>":
        raise DataError(source, ["media cannot be read from standard input: name the file "
                                 "with -f"])  # fmt: skip
    from chaptercli.media.read import read_media

    return read_media(source, kind).episode


def _without_source(message: str, source: str) -> str:
    prefix = f"{source}: "
    return message[len(prefix) :] if message.startswith(prefix) else message

"""`chapters check`: every chapters file read on its own, its episodes held to the
structural rules and, if asked, a platform's. A file that cannot be loaded is
checked too: its problems are reported like the rest, with its name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chaptercli import rules
from chaptercli.discovery import files_under
from chaptercli.errors import DataError
from chaptercli.filebytes import read_bytes
from chaptercli.loader import parse_yaml
from chaptercli.media.kinds import kind_of
from chaptercli.model import Episode
from chaptercli.platforms import Platform
from chaptercli.reading import episodes_from_data
from chaptercli.results import Checked, CheckResult

LOAD_RULE = "load"  # what a problem that keeps a file from loading is filed under


def check_files(paths: Sequence[Path], platform: Platform | None) -> CheckResult:
    """Every problem of every episode in every file under paths, and every file
    that cannot be read (a directory that cannot be listed, a FIFO)."""
    found = files_under(paths)
    checked: list[Checked] = [_unloadable(error) for error in found.unreadable]
    for path, _ in found.files:
        source = str(path)
        try:
            raw = read_bytes(path)
            if (kind := kind_of(raw[:16])) is not None:
                from chaptercli.media.checks import check_media

                checked.append(check_media(path, kind))
                continue
            data = parse_yaml(raw, source)
        except DataError as error:
            checked.append(_unloadable(error))
            continue
        unknown: list[str] = []
        episodes, broken = _episodes(data, source, unknown)
        checked += [_unloadable(error) for error in broken]
        typos = [rules.Problem(rules.WARNING, "unknown-key", warning) for warning in unknown]
        for episode in episodes:
            problems = [*typos, *rules.structural(episode.chapters, episode.duration_ms)]
            typos = []  # said once, with the file's first episode
            if platform is not None:
                problems += rules.platform(platform, episode.chapters)
            checked.append(Checked(episode.source, episode, problems))
    return CheckResult(checked=checked, platform=platform)


def _episodes(
    data: object, source: str, unknown: list[str]
) -> tuple[list[Episode], list[DataError]]:
    """Not strict, so that order and overlap come back as the rules' problems, with
    their chapters; what does not load even so is named as strictly as `list`
    names it (order and overlap included)."""
    try:
        episodes, broken = episodes_from_data(data, source, strict=False, warnings=unknown)
    except DataError as error:
        episodes, broken = [], [error]
    if broken:
        wanted = {error.source for error in broken}
        try:
            strict = episodes_from_data(data, source, strict=True)[1]
        except DataError as error:
            strict = [error]
        broken = [error for error in strict if error.source in wanted] or broken
    return episodes, broken


def _unloadable(error: DataError) -> Checked:
    problems = [rules.Problem(rules.ERROR, LOAD_RULE, problem) for problem in error.problems]
    return Checked(error.source, None, problems)

"""`chapters check`: every chapters file read on its own, its episodes held to the
structural rules and, if asked, a platform's. A file that cannot be loaded is
checked too: its problems are reported like the rest, with its name.

Through the index, a file unchanged since it was stored is not read again: what
the rules say of each of its episodes was stored with it (chaptercli.index.rows).
A file with problems of loading is always read, since check reports them less
strictly than loading it for the other commands does; so is a file of another
format, which check reads as YAML. Keys the schema does not have were stored as
warnings of the file's first episode, where check says them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from chaptercli import rules
from chaptercli.discovery import FilesFound, files_under
from chaptercli.errors import DataError
from chaptercli.filebytes import read_bytes
from chaptercli.loader import parse_yaml
from chaptercli.media.kinds import kind_of
from chaptercli.model import Episode
from chaptercli.platforms import Platform
from chaptercli.progress import SILENT, Progress
from chaptercli.reading import YAML_SUFFIXES, episodes_from_data
from chaptercli.results import Checked, CheckResult

LOAD_RULE = "load"  # what a problem that keeps a file from loading is filed under


def check_files(
    paths: Sequence[Path],
    platform: Platform | None,
    use_index: bool = True,
    progress: Progress = SILENT,
) -> CheckResult:
    """Every problem of every episode in every file under paths, and every file
    that cannot be read (a directory that cannot be listed, a FIFO)."""
    found = files_under(paths)
    checked: list[Checked] = [_unloadable(error) for error in found.unreadable]
    stored = _from_index(found, platform, progress) if use_index else {}
    for file in found.files:
        known = stored.get(file.path)
        checked += _check_file(file.path, platform) if known is None else known
    return CheckResult(checked=checked, platform=platform)


def _from_index(
    found: FilesFound, platform: Platform | None, progress: Progress
) -> dict[str, list[Checked]]:
    """What the rules say of each file that loads whole, as the index (brought up
    to date first) holds it; nothing when the index cannot be used."""
    from chaptercli.index import open_index

    index, _ = open_index()  # a note on why not is for the commands that read the index
    if index is None:
        return {}
    try:
        present = index.update(found.files, found.walked, progress).present
        stored = index.said(file_id for _, file_id in present)
        said = {file_id: [(place, count, first, _problems(problems, platforms, platform))
                          for place, count, first, problems, platforms in episodes]
                for file_id, episodes in stored.items()}  # fmt: skip
        chapters = index.chapters(first + problem[3] - 1 for episodes in said.values()
                                  for _, _, first, problems in episodes
                                  for problem in problems if problem[3])  # fmt: skip
    except sqlite3.Error as error:
        index.abandon(error)
        return {}
    index.close()
    return {
        path: [Checked(path + place, count,
                       [rules.Problem(severity, rule, message,
                                      chapters[first + number - 1] if number else None)
                        for severity, rule, message, number in problems])
               for place, count, first, problems in said[file_id]]
        for path, file_id in present
        # Another format is read as check reads it (as YAML), not as its reader did.
        if file_id in said and path.lower().endswith(YAML_SUFFIXES)
    }  # fmt: skip


def _problems(structural: str, platforms: str, platform: Platform | None) -> list[Any]:
    """The stored problems of an episode: the structural rules', and the platform's."""
    found = [] if structural == "[]" else json.loads(structural)
    return found + json.loads(platforms)[platform] if platform else found


def _check_file(path: str, platform: Platform | None) -> list[Checked]:
    try:
        raw = read_bytes(path)
        if (kind := kind_of(raw[:16])) is not None:
            from chaptercli.media.checks import check_media

            return [check_media(Path(path), kind)]
        data = parse_yaml(raw, path)
    except DataError as error:
        return [_unloadable(error)]
    unknown: list[str] = []
    episodes, broken = _episodes(data, path, unknown)
    checked = [_unloadable(error) for error in broken]
    typos = [rules.Problem(rules.WARNING, "unknown-key", warning) for warning in unknown]
    for episode in episodes:
        problems = [*typos, *rules.structural(episode.chapters, episode.duration_ms)]
        typos = []  # said once, with the file's first episode
        if platform is not None:
            problems += rules.platform(platform, episode.chapters)
        checked.append(Checked(episode.source, len(episode.chapters), problems))
    return checked


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

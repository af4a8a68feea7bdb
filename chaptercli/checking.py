"""`chapters check`: each chapters file read on its own, and its episodes held to
the structural rules and, if asked, a platform's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chaptercli import rules
from chaptercli.discovery import files_under
from chaptercli.filebytes import read_bytes
from chaptercli.loader import parse_yaml
from chaptercli.model import Episode
from chaptercli.platforms import Platform
from chaptercli.reading import episodes_from_data
from chaptercli.results import CheckResult


def check_files(paths: Sequence[Path], platform: Platform | None) -> CheckResult:
    """Every problem of every episode in the files under paths. A file that cannot
    be read at all is an error (a DataError naming it)."""
    checked: list[tuple[Episode, list[rules.Problem]]] = []
    files, unreadable = files_under(paths)
    if unreadable:
        raise unreadable[0]
    for path, _ in files:
        episodes, broken = episodes_from_data(parse_yaml(read_bytes(path), str(path)), str(path),
                                              strict=False)  # fmt: skip
        if broken:
            raise broken[0]
        for episode in episodes:
            problems = rules.structural(episode.chapters, episode.duration_ms)
            if platform is not None:
                problems += rules.platform(platform, episode.chapters)
            checked.append((episode, problems))
    return CheckResult(checked=checked, platform=platform)

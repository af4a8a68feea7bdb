"""Which files make a library: the episode bundled with chaptercli, and the
chapters files named or found below directories, each with the resolved path
that tells it apart from every other file however it was named, and its status
(looked at once, in the same pass: the index needs nothing more to know
whether the file changed)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from chaptercli.errors import DataError
from chaptercli.media.kinds import SUFFIXES as MEDIA_SUFFIXES

# Chapters files, and media files with chapters inside (told apart by content when read).
SUFFIXES = (".yaml", ".yml", *MEDIA_SUFFIXES)
BUNDLED_NAME = "chapters.yaml"


class LibraryFile(NamedTuple):
    """A chapters file as named or found (what messages show), its resolved path:
    absolute, through every symbolic link (what identifies it), and what the walk
    saw of it (None: it could not be looked at; reading it says why). Plain
    strings: a library of 10,000 files builds no Path for each."""

    path: str
    real: str
    status: Seen | None = None


class Seen(NamedTuple):
    """What a look at a file says: whether it is a regular file, its size, its
    stamp and when it last changed. Kept in place of its whole status, a tenth
    of the size: a library of 10,000 files holds 10,000 of them."""

    regular: bool
    size: int
    stamp: str
    changed_ns: int


def seen(status: os.stat_result) -> Seen:
    # The change time, or on Windows (where st_ctime is the creation) the modification.
    changed = max(status.st_mtime_ns, status.st_ctime_ns)
    return Seen(stat.S_ISREG(status.st_mode), status.st_size, stamp(status), changed)


def stamp(status: os.stat_result) -> str:
    """What moves when a file is replaced or changed: its device and inode (another
    file, as `cp -p` or a switched link make), its size and times, the change time
    included (set by the kernel on any write, chmod or utime; nothing sets it back).
    Text, because SQLite's integers stop at 2^63 and inodes and times need not."""
    return (f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}:"
            f"{status.st_ctime_ns}")  # fmt: skip


def bundled_path() -> Path:
    """The episode shipped with chaptercli, inside an installed wheel or in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / BUNDLED_NAME
    return installed if installed.is_file() else package.parent / "data" / BUNDLED_NAME


def user_library() -> Path:
    """The user's own library, which `chapters feed` fills: the platform's user data
    directory (`~/.local/share/chaptercli/library` on Linux, `$XDG_DATA_HOME` first)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("chaptercli", appauthor=False)) / "library"


def default_paths() -> tuple[list[Path], bool]:
    """What commands read when no file is named: the user's library if it holds any
    chapters file, else the bundled episode; and whether it is the user's library."""
    library = user_library()
    if _walk(str(library), os.path.realpath(library), []):
        return [library], True
    return [bundled_path()], False


class FilesFound(NamedTuple):
    """The chapters files under some paths, the directories that could not be read,
    and the resolved directories walked (every file the index holds below one of
    them and not found now has gone)."""

    files: list[LibraryFile]
    unreadable: list[DataError]
    walked: list[str]


def files_under(paths: Sequence[Path | str]) -> FilesFound:
    """Every chapters file named or found below the given paths, in order, each once
    however often and by whatever names (symbolic links, relative paths) it comes; and
    each directory below them that could not be read, so that no answer is silently
    short of its files."""
    found: list[LibraryFile] = []
    unreadable: list[DataError] = []
    walked: list[str] = []
    for path in (str(Path(given)) for given in paths):  # "a/./b/" is "a/b", as it was
        if os.path.isdir(path):
            top = os.path.realpath(path)
            walked.append(top)
            found += _walk(path, top, unreadable)
        else:
            found.append(LibraryFile(path, os.path.realpath(path), _status(path)))
    unique: dict[str, LibraryFile] = {}
    for file in found:
        unique.setdefault(file.real, file)
    return FilesFound(list(unique.values()), unreadable, walked)


def _status(path: str) -> Seen | None:
    try:
        return seen(os.stat(path))
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None


def _walk(top: str, top_real: str, unreadable: list[DataError]) -> list[LibraryFile]:
    """Chapters files below a directory, each with its resolved path and status, in
    the order of their paths' parts (each directory's names sorted, a directory's
    files at its place among them); hidden files and directories are passed over,
    and so are links to directories (so no loop). Iterative, so no depth of
    directories exhausts the stack; a file that is not a regular file is found
    too, to be refused by name when it is read."""
    found: list[LibraryFile] = []
    pending = [_listing(top, os.path.join(top_real, ""), unreadable)]
    while pending:
        for named, resolved, entry in pending[-1]:
            if entry.is_dir(follow_symlinks=False):
                pending.append(_listing(named, resolved + os.sep, unreadable))
                break  # its files first; then on in this directory, where it left off
            try:
                status: Seen | None = seen(entry.stat())
            except (OSError, ValueError):
                status = None
            real = os.path.realpath(entry.path) if entry.is_symlink() else resolved
            found.append(LibraryFile(named, real, status))
        else:
            pending.pop()
    return found


def _listing(
    directory: str, real: str, unreadable: list[DataError]
) -> Iterator[tuple[str, str, os.DirEntry[str]]]:
    """A directory's subdirectories and chapters files, by name: each as named (as
    pathlib would name it: "./a" is "a", as messages always have), resolved (for
    all but links), and its entry."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=_name)
    except OSError as error:
        unreadable.append(DataError(directory, [f"cannot read: {error.strerror or error}"]))
        return iter(())
    prefix = "" if directory == "." else directory.rstrip(os.sep) + os.sep
    return (
        (prefix + entry.name, real + entry.name, entry)
        for entry in entries
        if not entry.name.startswith(".")
        and (entry.name.lower().endswith(SUFFIXES) or entry.is_dir(follow_symlinks=False))
    )


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name

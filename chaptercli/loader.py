"""Chapters YAML in, a validated Episode out, or a DataError listing every problem.

Files are decoded and parsed here (chaptercli.filebytes reads them), and each
episode's mapping becomes a draft (with a problem for every field of the wrong
type) that `drafts.validate` checks.
"""

from __future__ import annotations

import codecs
import datetime
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from chaptercli.drafts import ChapterDraft, EpisodeDraft, validate
from chaptercli.errors import DataError, TimeSyntaxError
from chaptercli.filebytes import MAX_FILE_BYTES, read_bytes, too_large
from chaptercli.lined import line_of
from chaptercli.model import Episode
from chaptercli.rules import chapter_label
from chaptercli.times import parse_time, seconds_to_ms
from chaptercli.transcripts.place import transcript_path_problem


def read_stdin() -> bytes:
    """Standard input's bytes, up to the size limit of a chapters file."""
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DataError("<stdin>", [too_large(len(raw))])
    return raw


def read_source(name: str) -> str:
    """The text of a file, or of standard input for '-'."""
    if name == "-":
        return decode_text(read_stdin(), "<stdin>")
    return decode_text(read_bytes(Path(name)), name)


def load_episode(path: Path, strict: bool = True) -> Episode:
    return parse_episode(read_bytes(path), str(path), strict)


def parse_episode(raw: bytes, source: str, strict: bool = True) -> Episode:
    return episode_from_data(parse_yaml(raw, source), source, strict)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def _encoding(raw: bytes) -> str:
    """UTF-8 unless a byte-order mark, or the zero bytes of UTF-16 text, say otherwise."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 > len(head):  # ASCII in UTF-16: every other byte 0
        return "utf-16-le" if head[1] == 0 and head[0] != 0 else "utf-16-be"
    return "utf-8"


def decode_text(raw: bytes, source: str) -> str:
    """Text in UTF-8 (with or without a byte-order mark), or UTF-16 or UTF-32;
    otherwise a DataError naming the first bad byte and its offset."""
    encoding = _encoding(raw)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        bad = raw[error.start]
        name = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise DataError(
            source, [f"not {name} text: byte 0x{bad:02x} at offset {error.start}"]
        ) from None


def parse_yaml(raw: bytes, source: str) -> Any:
    import yaml  # here, not at the top: commands served from the index never need it

    from chaptercli import yamlchecks
    from chaptercli.yamlrules import Loader, load

    text = decode_text(raw, source)
    if not text.strip():
        raise DataError(source, ["file is empty"])
    # UTF-8 goes to the parser as the bytes it is: the text as well would more than
    # double the memory a large file takes (tests/test_library_bounds.py measures it).
    document = raw if _encoding(raw).startswith("utf-8") else text
    del text
    try:
        data = load(document)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = (error.problem or error.context or "invalid YAML") + _hint(error.problem)
        kind = "" if isinstance(error, yaml.constructor.ConstructorError) else "YAML syntax error: "
        raise DataError(source, [f"{where}{kind}{what}"]) from None
    except yaml.YAMLError as error:
        raise DataError(source, [f"YAML error: {error}"]) from None
    except RecursionError:
        raise DataError(source, ["nested too deeply to be chapters"]) from None
    except yamlchecks.BUILD_ERRORS:  # raised without a place: found again, with its line
        raise DataError(source, [yamlchecks.unbuildable(document, Loader)]) from None
    # Only aliases (*name) share data: without one, nothing can be repeated.
    problem = yamlchecks.expansion_problem(data, len(raw)) if b"*" in raw else None
    if problem:
        raise DataError(source, [problem])
    return data


EPISODE_KEYS = ("podcast", "title", "url", "duration", "transcript", "chapters")
CHAPTER_KEYS = ("start", "end", "title", "summary", "bullets", "url", "image", "hidden")


# What a person most likely did, for the syntax errors people make by hand.
_HINTS = {
    "mapping values are not allowed": " (a value with ': ' in it, such as a title, "
    'must be quoted: title: "Llama 4: what\'s new")',
    "found character that cannot start any token": " (a tab? YAML is indented with "
    "spaces, not tabs)",
    "found character '\\t' that cannot start any token": " (YAML is indented with spaces, "
    "not tabs)",
}


def _hint(problem: str | None) -> str:
    return next((hint for start, hint in _HINTS.items() if (problem or "").startswith(start)), "")


def episode_from_data(
    data: Any, source: str, strict: bool = True, warnings: list[str] | None = None
) -> Episode:
    """Validate one episode's mapping; report every problem at once, each with its
    line in the file when the YAML loader could say it.

    Not strict, chapters out of order or overlapping are let through, for
    `chapters check` to report alongside the rest. Keys this schema does not have
    (a typo such as `sumary:`) are said in `warnings`, with the closest known key."""
    if not isinstance(data, Mapping):
        raise DataError(
            source,
            [f"the top level must be a mapping with title and chapters, not {_kind(data)}"],
        )
    problems: list[str] = []
    title = _text(data, "title", "", problems, required=True)
    podcast = _text(data, "podcast", "", problems)
    url = _text(data, "url", "", problems)
    duration_ms = _time(data, "duration", "", problems)
    transcript = _text(data, "transcript", "", problems)
    if transcript is not None and (refused := transcript_path_problem(transcript)):
        problems.append(f"{_at(data, 'transcript')}'transcript' {refused}")
        transcript = None
    _unknown_keys(data, (*EPISODE_KEYS, "episodes"), "", warnings)

    raw_chapters = data.get("chapters")
    if "episodes" in data and "chapters" in data:
        problems.append(
            "both 'chapters' (one episode) and 'episodes' (several): a file holds one or "
            "the other, and one of them would be lost"
        )
    if "chapters" not in data:
        problems.append("missing 'chapters' (a list of chapters)")
        raw_chapters = []
    elif not isinstance(raw_chapters, list):
        problems.append(f"{_at(data, 'chapters')}'chapters' must be a list, not "
                        f"{_kind(raw_chapters)}")  # fmt: skip
        raw_chapters = []
    elif not raw_chapters:
        problems.append(f"{_at(data, 'chapters')}'chapters' is empty: an episode needs at least "
                        "one chapter")  # fmt: skip

    # A chapter whose start cannot be read stays out of the order and overlap
    # checks, so one bad field does not hide the other problems.
    chapters = [_chapter(number, item, problems, warnings)
                for number, item in enumerate(raw_chapters, 1)]  # fmt: skip
    draft = EpisodeDraft(title or "", chapters, podcast, url, duration_ms, transcript)
    return validate(draft, source, strict, problems)


def _chapter(
    number: int, item: Any, problems: list[str], warnings: list[str] | None
) -> ChapterDraft | None:
    if not isinstance(item, Mapping):
        problems.append(
            f"chapter {number}: must be a mapping with start and title, not {_kind(item)}"
        )
        return None
    where = chapter_label(number, item.get("title")) + ": "
    start = _time(item, "start", where, problems, required=True)
    end = _time(item, "end", where, problems)
    title = _text(item, "title", where, problems, required=True)
    summary = _text(item, "summary", where, problems)
    url = _text(item, "url", where, problems)
    image = _text(item, "image", where, problems)
    hidden = item.get("hidden", False)
    if not isinstance(hidden, bool):
        problems.append(f"{_at(item, 'hidden')}{where}'hidden' must be true or false, "
                        f"not {_kind(hidden)}")  # fmt: skip
        hidden = False
    _unknown_keys(item, CHAPTER_KEYS, where, warnings)
    bullets = item.get("bullets")
    if bullets is not None and not (
        isinstance(bullets, list) and all(isinstance(b, str) for b in bullets)
    ):
        problems.append(f"{_at(item, 'bullets')}{where}'bullets' must be a list of text lines")
        bullets = None
    if start is None:
        return None
    return ChapterDraft(start, title or "", end, summary, tuple(bullets or ()), line_of(item),
                        url, image, hidden)  # fmt: skip


def _at(data: Mapping[str, Any], key: str | None = None) -> str:
    """`line 12: `, where the key (or the mapping) is in the file, when known."""
    line = line_of(data, key)
    return f"line {line}: " if line else ""


def _unknown_keys(
    data: Mapping[str, Any], known: Sequence[str], where: str, warnings: list[str] | None
) -> None:
    if warnings is None:
        return
    import difflib

    for key in data:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1)
        guess = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(known)})"
        warnings.append(f"{_at(data, key)}{where}unknown key {str(key)[:60]!r}{guess}: ignored")


def _text(
    data: Mapping[str, Any], key: str, where: str, problems: list[str], required: bool = False
) -> str | None:
    value = data.get(key)
    if value is None:
        if required:  # a chapter's line helps find it; the whole file's would not
            problems.append(f"{_at(data) if where else ''}{where}missing '{key}'")
        return None
    if not isinstance(value, str):
        hint = " (quote it)" if isinstance(value, (int, float, datetime.date)) else ""
        problems.append(f"{_at(data, key)}{where}'{key}' must be text, not {_kind(value)}{hint}")
        return None
    return value


def _time(
    data: Mapping[str, Any], key: str, where: str, problems: list[str], required: bool = False
) -> int | None:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"{_at(data) if where else ''}{where}missing '{key}'")
        return None
    try:
        if isinstance(value, str):
            return parse_time(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 4:01 as the integer 241: plain seconds.
            return seconds_to_ms(value)
        raise TimeSyntaxError(f'expected a time such as "1:02:45", not {_kind(value)}')
    except TimeSyntaxError as error:
        problems.append(f"{_at(data, key)}{where}bad '{key}': {error}")
        return None


def _kind(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and value.bit_length() > 64:  # 0x… with thousands of digits
        return "a number too long to show"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value})"
    if isinstance(value, str):
        return "text"
    return type(value).__name__

"""Transcripts served by the index: a warm search parses none, finds what reading
the files finds (words, phrases across cues and across the index's rows of
cues, --word), and sees every change to a transcript: edited, gone, made bad."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import run_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chaptercli.index.cuerows import CUES_PER_ROW
from chaptercli.transcripts.cue import Cue

EPISODE = """title: Long talk
url: https://example.com/talk.mp3
transcript: talk.srt
chapters:
  - start: 0
    title: Start
  - start: "1:00"
    title: Later
"""
PAST = time.time() - 3600  # a transcript long settled: trusted on its stamp


def srt(texts: list[str]) -> str:
    """An SRT transcript, one cue a second."""
    return "".join(f"{n}\n00:{n // 60:02d}:{n % 60:02d},000 --> 00:{(n + 1) // 60:02d}:"
                   f"{(n + 1) % 60:02d},000\n{text}\n\n"
                   for n, text in enumerate(texts))  # fmt: skip


def write_transcript(text: str, settled: bool = True) -> None:
    path = Path("lib/talk.srt")
    path.write_text(text, encoding="utf-8")
    if settled:
        os.utime(path, (PAST, PAST))


@pytest.fixture
def talk() -> Path:
    Path("lib").mkdir()
    Path("lib/talk.yaml").write_text(EPISODE, encoding="utf-8")
    Path("lib/quiet.yaml").write_text("title: Quiet\nchapters: [{start: 0, title: a}]\n",
                                      encoding="utf-8")  # fmt: skip
    return Path("lib")


def search(*words: str, cache: bool = True) -> tuple[int, str, str]:
    extra = [] if cache else ["--no-cache"]
    return run_in("search", *words, "--in", "transcript", "-f", "lib", *extra, terminal=False)


def said_lines(out: str) -> list[str]:
    return [" ".join(line.split()) for line in out.splitlines() if " said " in line]


def test_a_warm_search_parses_no_transcript(talk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chaptercli.transcripts import read

    write_transcript(srt(["nothing here"] * 70 + ["the export word"]))
    assert said_lines(search("export")[1]) == ["1:10 said the export word"]
    parsed: list[str] = []
    real = read.parse_transcript

    def counted(text: str, source: str) -> list[Cue]:
        parsed.append(source)
        return real(text, source)

    monkeypatch.setattr(read, "parse_transcript", counted)
    assert said_lines(search("export")[1]) == ["1:10 said the export word"]
    assert parsed == []


def test_a_phrase_across_the_rows_of_cues_is_found(talk: Path) -> None:
    assert CUES_PER_ROW == 10  # the phrases below run from one row into the next
    words = ["filler"] * 9 + ["export", "rules", "and", "export"] + ["x"] * 60
    write_transcript(srt(words))
    for cache in (True, False):
        status, out, _ = search('"export rules and"', cache=cache)
        assert (status, said_lines(out)) == (0, ["0:09 said export rules and"])
        status, out, _ = search('"and export"', "--word", cache=cache)
        assert (status, said_lines(out)) == (0, ["0:11 said and export"])


def test_an_edited_transcript_is_read_again(talk: Path) -> None:
    write_transcript(srt(["first words", "export once"]))
    assert said_lines(search("export")[1]) == ["0:01 said export once"]
    write_transcript(srt(["export twice", "export now"]))  # the same size
    os.utime("lib/talk.srt", (PAST + 10, PAST + 10))  # changed later
    assert said_lines(search("export")[1]) == ["0:00 said export twice", "0:01 said export now"]
    write_transcript(srt(["export thrice"]), settled=False)  # just now, shorter
    assert said_lines(search("export")[1]) == ["0:00 said export thrice"]


def test_a_transcript_gone_or_made_bad_is_reported_as_without_the_index(talk: Path) -> None:
    write_transcript(srt(["export once"]))
    assert search("export")[0] == 0
    Path("lib/talk.srt").unlink()
    nothing = "chapters: nothing matches 'export'\n"
    gone = (3, "", f"{nothing}chapters: warning: transcript skipped: lib/talk.srt: no such file\n")
    assert search("export") == gone
    assert search("export", cache=False) == gone
    write_transcript("1\n00:00:00,000 --> 00:00:99,000\nexport\n")
    problem = "lib/talk.srt: line 2: minutes and seconds must be 0-59 in 00:99"
    bad = (3, "", f"{nothing}chapters: warning: transcript skipped: {problem}\n")
    assert search("export") == bad
    assert search("export") == bad
    assert search("export", cache=False) == bad
    write_transcript(srt(["export again"]))
    assert said_lines(search("export")[1]) == ["0:00 said export again"]


WORDS = st.sampled_from(["export", "Export", "exports", "rules", "and", "ex", "port", "é"])
QUERIES = st.sampled_from([["export"], ["ex"], ["export", "rules"], ['"export rules"'],
                           ['"rules and export"'], ['"port"'], ["é"], ['"and ex"']])  # fmt: skip
CHANGES = st.sampled_from(["none", "edit", "settled edit", "delete", "bad"])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    cues=st.lists(
        st.lists(WORDS, min_size=1, max_size=3).map(" ".join),
        min_size=1,
        max_size=CUES_PER_ROW * 2 + 5,
    ),
    edited=st.lists(
        st.lists(WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=CUES_PER_ROW + 5
    ),
    query=QUERIES,
    whole=st.booleans(),
    change=CHANGES,
)
def test_indexed_transcript_search_answers_as_reading_the_files(
    tmp_path_factory: pytest.TempPathFactory,
    cues: list[str],
    edited: list[str],
    query: list[str],
    whole: bool,
    change: str,
) -> None:
    os.chdir(tmp_path_factory.mktemp("case"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    Path("lib").mkdir()
    Path("lib/talk.yaml").write_text(EPISODE, encoding="utf-8")
    write_transcript(srt(cues))
    words = [*query, *(["--word"] if whole else [])]
    assert search(*words) == search(*words, cache=False)
    if change == "edit":
        write_transcript(srt(edited), settled=False)
    elif change == "settled edit":
        write_transcript(srt(edited))
    elif change == "delete":
        Path("lib/talk.srt").unlink()
    elif change == "bad":
        write_transcript("1\nexport rules\n")
    assert search(*words) == search(*words, cache=False)


def test_the_vocabulary_made_again_keeps_the_transcripts_words(
    talk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chaptercli.index import forget

    monkeypatch.setattr(forget, "TIDY_FROM", 0)
    write_transcript(srt(["zebras said", "llamas heard"]))
    many = "".join(f"  - {{start: {n}, title: c{n}}}\n" for n in range(6))
    Path("lib/gone.yaml").write_text(f"title: Gone\nchapters:\n{many}", "utf-8")
    assert said_lines(search("zebra")[1]) == ["0:00 said zebras said"]
    Path("lib/gone.yaml").unlink()  # more chapters forgotten than kept: the words are counted again
    assert said_lines(search("zebra")[1]) == ["0:00 said zebras said"]
    assert said_lines(search("eard")[1]) == ["0:01 said llamas heard"]


def test_without_narrowing_the_rows_are_scanned_and_spaced_words_read_from_files(
    talk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chaptercli.index import words

    write_transcript(srt(["export once", "nothing"]))
    monkeypatch.setattr(words, "MOST_TERMS", 0)  # every piece narrows nothing
    assert said_lines(search("xport")[1]) == ["0:00 said export once"]
    assert search("nowhere")[0] == 1
    assert said_lines(search("export once")[1]) == ["0:00 said export once"]  # one term, a space

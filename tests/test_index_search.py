"""The index finds instead of scanning, reads only its library's rows, forgets what
is gone, and answers `check` from what it stored: each seen through what a
person gets (the same answers as without the index) and through the index's own
parts where the promise is about them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from chaptercli import index
from chaptercli.checking import check_files
from chaptercli.index import Index, forget, ingest
from chaptercli.index.layout import chapter_from_row, row_spans, stored_bullets, stored_extras
from chaptercli.index.words import _pieces, match_expression
from chaptercli.model import Chapter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import generate


def episode_yaml(title: str, *chapters: str) -> str:
    lines = [f"title: {json.dumps(title)}", "chapters:"]
    for number, text in enumerate(chapters):
        lines.append(f'- {{start: "{number}:00", title: {json.dumps(text)}}}')
    return "\n".join(lines) + "\n"


# Finding: a search word's pieces, looked up as words, word beginnings or substrings.


def test_a_word_is_cut_where_the_full_text_table_cuts_texts() -> None:
    assert _pieces("distil") == [("distil", True, True)]
    assert _pieces("llama's") == [("llama", True, False), ("s", False, True)]
    assert _pieces("open-source model") == [
        ("open", True, False), ("source", False, False), ("model", False, True)]  # fmt: skip
    assert _pieces("naïve") == [("naïve", True, True)]  # letters beyond ASCII belong to words
    assert _pieces("—") == [("—", True, True)]  # so does all else beyond ASCII ("—" folds to "-")
    assert _pieces("- ...") == []


def test_the_query_the_index_makes_of_a_search() -> None:
    scratch = Index.in_memory()
    words = ["distillation", "distilled", "still", "s", "stop"]
    scratch.db.executemany("INSERT INTO terms VALUES (?)", [(word,) for word in words])
    assert match_expression(scratch.db, ["distil"]) == '("distillation" OR "distilled")'
    assert match_expression(scratch.db, ["still"]) == '("distillation" OR "distilled" OR "still")'
    assert match_expression(scratch.db, [" still "]) == '"still"'  # a whole word: looked up as one
    assert match_expression(scratch.db, [" st"]) == '("still" OR "stop")'  # a word's beginning
    assert match_expression(scratch.db, ["zebra"]) == ""  # no word holds it: nothing can match
    assert match_expression(scratch.db, ["-", "..."]) is None  # nothing to look up: read all
    assert match_expression(scratch.db, ["distil", "-"]) == '("distillation" OR "distilled")'


def test_a_piece_in_too_many_words_narrows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from chaptercli.index import words

    monkeypatch.setattr(words, "MOST_TERMS", 2)
    scratch = Index.in_memory()
    scratch.db.executemany("INSERT INTO terms VALUES (?)", [("ab",), ("abc",), ("xab",)])
    assert match_expression(scratch.db, ["ab"]) is None
    assert match_expression(scratch.db, ["ab", "xa"]) == '("xab")'


# Where a library's rows are: ranges of ids, one per run of its files.


def test_the_rows_of_a_set_of_files_are_a_few_ranges() -> None:
    def files(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [(low >> 32, (high + 1 >> 32) - 1) for low, high in spans]

    assert files(row_spans([1, 2, 3, 7, 8])) == [(1, 3), (7, 8)]
    assert row_spans([5]) == [(5 << 32, (6 << 32) - 1)]
    scattered = [1, 3, 5, *range(100, 120, 2), 500, 1000]  # 15 runs: no more than 16
    assert len(row_spans(scattered)) == 15
    many = [*range(1, 60, 2), 1000]  # 31 runs: cut into 16 at the widest gaps
    assert files(row_spans(many)) == [(1, 31), (33, 33), (35, 35), (37, 37), (39, 39), (41, 41),
                                      (43, 43), (45, 45), (47, 47), (49, 49), (51, 51), (53, 53),
                                      (55, 55), (57, 57), (59, 59), (1000, 1000)]  # fmt: skip


@given(bullets=st.lists(st.text(alphabet="ab\x00\x01 ", max_size=3), max_size=4))
def test_bullets_come_back_as_they_were_stored(bullets: list[str]) -> None:
    stored = stored_bullets(bullets)
    row = (1, 0, None, "title", None, stored, None)
    assert chapter_from_row(row) == Chapter(1, 0, None, "title", None, tuple(bullets))


def test_a_chapters_extras_come_back_as_they_were_stored() -> None:
    chapter = Chapter(2, 5, 9, "t", None, (), url="https://e.org/\x00", image="i.png", hidden=True)
    assert stored_extras(chapter) == '["https://e.org/\\u0000", "i.png", true]'
    assert chapter_from_row((2, 5, 9, "t", None, None, stored_extras(chapter))) == chapter
    assert stored_extras(Chapter(1, 0, None, "t")) is None


def test_the_other_library_in_the_index_is_not_read(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each library's episodes come from its own rows (ids of its own files), whatever
    else the index holds; files indexed together are one range."""
    generate(tmp_path / "big", 40)
    generate(tmp_path / "small", 5, seed=7)
    for name in ("big", "small"):
        assert invoke("episodes", "-f", str(tmp_path / name)).exit_code == 0
    db = sqlite3.connect(index.index_path())
    ranges = {
        name: db.execute("SELECT min(id), max(id) FROM files WHERE path LIKE ?",
                         (f"{tmp_path / name}%",)).fetchone()
        for name in ("big", "small")
    }  # fmt: skip
    assert ranges == {"big": (1, 40), "small": (41, 45)}
    seen: list[tuple[int, int]] = []

    def spans(file_ids: Iterable[int]) -> list[tuple[int, int]]:
        found = row_spans(file_ids)
        seen.extend(found)
        return found

    monkeypatch.setattr("chaptercli.index.queries.row_spans", spans)
    assert invoke("search", "distillation", "-f", str(tmp_path / "small")).exit_code == 0
    assert seen and all(low >> 32 >= 41 and high >> 32 <= 45 for low, high in seen)


# Bounded: what is gone is forgotten.


def test_files_gone_from_a_directory_are_forgotten(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    for name in ("a", "b", "c"):
        (root / f"{name}.yaml").write_text(episode_yaml(name.upper(), "Intro"), "utf-8")
    assert invoke("episodes", "-f", str(root)).exit_code == 0
    assert index.info()[3:5] == (3, 3)
    (root / "b.yaml").unlink()
    assert invoke("episodes", "-f", str(root)).exit_code == 0
    assert index.info()[3:5] == (2, 2)


def test_a_library_gone_is_forgotten_by_the_daily_look(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("kept", "gone"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "e.yaml").write_text(episode_yaml(name, "Intro"), "utf-8")
        assert invoke("episodes", "-f", str(tmp_path / name)).exit_code == 0
    (tmp_path / "gone" / "e.yaml").unlink()
    monkeypatch.setattr(ingest, "SWEEP_EVERY_NS", 0)
    assert invoke("episodes", "-f", str(tmp_path / "kept")).exit_code == 0
    assert index.info()[3] == 2  # nothing was stored: nothing was looked for
    (tmp_path / "kept" / "new.yaml").write_text(episode_yaml("New", "Intro"), "utf-8")
    assert invoke("episodes", "-f", str(tmp_path / "kept")).exit_code == 0
    db = sqlite3.connect(index.index_path())
    assert [Path(p).parent.name for (p,) in db.execute("SELECT path FROM files")] == ["kept"] * 2


def test_the_vocabulary_is_made_again_once_much_is_forgotten(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forget, "TIDY_FROM", 0)
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.yaml").write_text(episode_yaml("A", "Zebras", "Giraffes"), "utf-8")
    (root / "b.yaml").write_text(episode_yaml("B", "Llamas"), "utf-8")
    assert invoke("episodes", "-f", str(root)).exit_code == 0
    db = sqlite3.connect(index.index_path())
    assert [t for (t,) in db.execute("SELECT term FROM terms")] == ["giraffes", "llamas", "zebras"]
    (root / "a.yaml").unlink()  # 2 chapters forgotten, 1 kept: the words are counted again
    assert invoke("episodes", "-f", str(root)).exit_code == 0
    assert [t for (t,) in db.execute("SELECT term FROM terms")] == ["llamas"]


# check: unchanged files are not read again, and say what they said.


def check_library(root: Path) -> None:
    root.mkdir()
    (root / "fine.yaml").write_text(episode_yaml("Fine", "Intro", "Middle"), "utf-8")
    (root / "gap.yaml").write_text(
        'title: Gap\nchapters:\n- {start: "0:00", end: "0:30", title: A}\n'
        '- {start: "1:00", title: ""}\n', "utf-8")  # fmt: skip
    (root / "order.yaml").write_text(
        'title: Order\nchapters:\n- {start: "1:00", title: B}\n- {start: "0:00", title: A}\n',
        "utf-8",
    )
    (root / "two.yaml").write_text(
        'episodes:\n- {title: One, chapters: [{start: "0:00", title: X}]}\n'
        '- {title: Two, chapters: [{start: "0:00", title: Y}, {start: "0:05", title: Z}]}\n',
        "utf-8",
    )


@pytest.mark.parametrize("platform", [None, "youtube", "spotify"])
def test_check_through_the_index_says_what_reading_says(
    tmp_path: Path, platform: str | None
) -> None:
    check_library(tmp_path / "lib")
    direct = check_files([tmp_path / "lib"], platform, use_index=False)  # type: ignore[arg-type]
    for _ in range(2):  # building the index, then from it
        assert check_files([tmp_path / "lib"], platform) == direct  # type: ignore[arg-type]
    assert [(item.source[len(str(tmp_path)) :], item.chapters) for item in direct.checked] == [
        ("/lib/fine.yaml", 2), ("/lib/gap.yaml", 2), ("/lib/order.yaml", 2),
        ("/lib/two.yaml: episode 1", 1), ("/lib/two.yaml: episode 2", 2)]  # fmt: skip


def test_check_reads_again_only_the_files_that_need_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_library(tmp_path / "lib")
    check_files([tmp_path / "lib"], None)
    read: list[str] = []
    from chaptercli import checking

    real = checking.read_bytes

    def reading(path: str) -> bytes:
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(checking, "read_bytes", reading)
    check_files([tmp_path / "lib"], "youtube")
    assert read == ["order.yaml"]  # it does not load: check reports it less strictly


# Interrupted, the index stays as it was.


def test_ctrl_c_while_storing_leaves_the_previous_index(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    generate(root, 400)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "chaptercli", "search", "distillation", "-f", str(root)]
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=300)
    path = tmp_path / "cache" / "chaptercli" / index.FILE_NAME
    before = sqlite3.connect(path).execute("SELECT path, stamp FROM files ORDER BY id").fetchall()
    for file in sorted(root.rglob("*.yaml")):  # every file changed: all read again
        file.write_text(file.read_text("utf-8").replace("distillation", "distilling"), "utf-8")
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )  # fmt: skip
    time.sleep(0.8)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out, err) == (130, "", "\ninterrupted\n")
    after = sqlite3.connect(path).execute("SELECT path, stamp FROM files ORDER BY id").fetchall()
    assert after == before
    fresh = subprocess.run([*command, "--no-cache"], env=env, capture_output=True, text=True,
                           timeout=300, check=False)  # fmt: skip
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                           check=False)  # fmt: skip
    assert (again.returncode, again.stdout) == (fresh.returncode, fresh.stdout)


# Ranked: relevance weighed within the library asked about.


def test_another_library_never_changes_a_ranking(invoke: Invoke, tmp_path: Path) -> None:
    """In `one`, "energy" is everywhere and "optimize" rare, so the text that says
    optimize twice is the most relevant; in `other`, optimize is everywhere. Weighed
    over both (as one full-text table would), the order would turn round."""
    (tmp_path / "one").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "one" / "a.yaml").write_text(episode_yaml(
        "A", "optimize optimize energy", "optimize energy energy", *["energy"] * 3,
        *["intro"] * 4), "utf-8")  # fmt: skip
    (tmp_path / "other" / "b.yaml").write_text(episode_yaml("B", *["optimize"] * 50), "utf-8")

    def ranked(*extra: str) -> list[str]:
        found = invoke("search", "optimize", "energy", "--rank", "--in", "title", "-f",
                       str(tmp_path / "one"), "--json", *extra)  # fmt: skip
        return [match["text"] for match in json.loads(found.stdout)["matches"]]

    expected = ["optimize optimize energy", "optimize energy energy"]
    assert ranked("--no-cache") == expected
    assert ranked() == expected
    assert invoke("search", "optimize", "--rank", "-f", str(tmp_path / "other")).exit_code == 0
    assert ranked() == expected


def test_check_through_the_index_warns_of_unknown_keys_once_a_file(tmp_path: Path) -> None:
    """Keys the schema does not have are stored with the file's first episode, and
    said from the index as reading says them; a file of another format is checked
    as check reads it, not as its reader would."""
    root = tmp_path / "lib"
    root.mkdir()
    (root / "typos.yaml").write_text(
        'episodes:\n- {title: One, podcst: P, chapters: [{start: "0:00", title: X}]}\n'
        '- {title: Two, chapters: [{start: "0:00", title: Y, sumary: S}]}\n', "utf-8")  # fmt: skip
    vtt = tmp_path / "ep.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.000 --> 00:01:00.000\nIntro\n", "utf-8")
    direct = check_files([root, vtt], None, use_index=False)
    for _ in range(2):  # building the index, then from it
        assert check_files([root, vtt], None) == direct
    said = [(item.source[len(str(tmp_path)) :], item.chapters,
             [(p.severity, p.rule, p.message) for p in item.problems])
            for item in direct.checked]  # fmt: skip
    assert said[:2] == [
        ("/lib/typos.yaml: episode 1", 1, [
            ("warning", "unknown-key", "line 2: unknown key 'podcst' (did you mean 'podcast'?): "
             "ignored"),
            ("warning", "unknown-key", "line 3: chapter 1 \"Y\": unknown key 'sumary' (did you "
             "mean 'summary'?): ignored")]),
        ("/lib/typos.yaml: episode 2", 1, []),
    ]  # fmt: skip
    assert said[2][:2] == ("/ep.vtt", None)  # check reads it as YAML, which it is not


def test_ctrl_c_stays_ctrl_c_when_sqlite_has_already_rolled_back() -> None:
    """An interrupted statement can end SQLite's transaction itself; the ROLLBACK
    that follows then fails, and must not turn the Ctrl-C into an index failure
    (which commands answer by reading the files directly, exiting 0)."""
    from chaptercli.progress import SILENT

    index = Index.in_memory()

    def interrupted() -> Iterator[Any]:
        index.db.execute("ROLLBACK")  # as SQLite does when a statement is interrupted
        raise KeyboardInterrupt
        yield  # a generator, as the results of reading files are

    with pytest.raises(KeyboardInterrupt):
        ingest._store(index.db, interrupted(), [], set(), SILENT)
    assert not index.db.in_transaction
    assert index.db.execute("SELECT count(*) FROM files").fetchone() == (0,)

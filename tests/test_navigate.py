from __future__ import annotations

import pytest

from chaptercli.discovery import bundled_path
from chaptercli.errors import RefError
from chaptercli.loader import load_episode
from chaptercli.model import Chapter, Episode
from chaptercli.navigate import link_at, position_at, resolve_ref

EPISODE = load_episode(bundled_path())


@pytest.mark.parametrize(
    ("ref", "number"),
    [
        ("8", 8),
        ("1", 1),
        ("15", 15),
        ("45:00", 9),
        ("4:01", 2),  # exactly at a boundary: the chapter that starts there
        ("4:00.999", 1),
        ("90s", 1),
        ("1h5m", 14),
        ("deepseek", 8),
        ("DeepSeek china", 8),
        ("llama's license", 9),
        ("weirder funnier", 15),
    ],
)
def test_resolve_ref(ref: str, number: int) -> None:
    assert resolve_ref(EPISODE, ref).number == number


def test_bare_integer_is_always_a_chapter_number() -> None:
    with pytest.raises(RefError, match="no chapter 100: the episode has chapters 1 to 15"):
        resolve_ref(EPISODE, "100")  # although chapter 15's title starts "100×"


def test_ambiguous_title_lists_the_candidates() -> None:
    with pytest.raises(RefError) as caught:
        resolve_ref(EPISODE, "llama")
    assert caught.value.candidates == [
        "  1      0:00  Llama 4: what’s new, why efficiency matters, and the path to Behemoth",
        "  9     40:21  Open source AI strategy: Llama’s license, competitive positioning, "
        "and why Meta wants the ecosystem open",
    ]
    assert str(caught.value).startswith("2 chapters match 'llama'; add words or use a number:")


def test_unmatched_title_lists_every_chapter() -> None:
    with pytest.raises(RefError) as caught:
        resolve_ref(EPISODE, "bananas")
    assert len(caught.value.candidates) == 15
    assert "no chapter title contains 'bananas'" in str(caught.value)


def test_time_past_the_end() -> None:
    with pytest.raises(RefError, match=r"1:15:49 is past the end of the episode \(1:15:49\)"):
        resolve_ref(EPISODE, "1:15:49")


def test_exact_title_wins_over_longer_ones() -> None:
    episode = Episode(
        "T", (Chapter(1, 0, 10_000, "Intro"), Chapter(2, 10_000, 20_000, "Intro part two"))
    )
    assert resolve_ref(episode, "intro").number == 1


GAPPY = Episode(
    "T",
    (Chapter(1, 5_000, 60_000, "a"), Chapter(2, 120_000, 180_000, "b")),
    url="https://example.org/ep.mp3",
)


def test_position_in_a_chapter() -> None:
    position = position_at(EPISODE, 2_700_000)
    assert position.chapter is not None and position.chapter.number == 9
    assert position.offset_ms == 279_000
    assert position.remaining_ms == 178_000
    assert position.next is not None and position.next.number == 10
    assert position.link is None


def test_position_in_a_gap_and_before_the_first_chapter() -> None:
    gap = position_at(GAPPY, 90_000)
    assert gap.chapter is None and gap.next is GAPPY.chapters[1]
    assert gap.offset_ms is None and gap.remaining_ms == 30_000
    before = position_at(GAPPY, 0)
    assert before.chapter is None and before.next is GAPPY.chapters[0]
    assert gap.link == "https://example.org/ep.mp3#t=90"


def test_time_in_a_gap_is_no_chapter() -> None:
    with pytest.raises(RefError, match="no chapter is playing at 1:30") as caught:
        resolve_ref(GAPPY, "1:30")
    assert [c.split()[0] for c in caught.value.candidates] == ["1", "2"]


def test_last_chapter_and_open_end() -> None:
    last = position_at(EPISODE, 4_548_999)
    assert last.chapter is not None and last.chapter.number == 15 and last.next is None
    assert last.remaining_ms == 1
    open_ended = Episode("T", (Chapter(1, 0, None, "a"),))
    far = position_at(open_ended, 10**10)
    assert far.chapter is not None and far.remaining_ms is None


@pytest.mark.parametrize(
    ("url", "ms", "link"),
    [
        (
            "https://www.youtube.com/watch?v=abc",
            2_700_500,
            "https://www.youtube.com/watch?v=abc&t=2700",
        ),
        ("https://youtu.be/abc?t=5", 61_000, "https://youtu.be/abc?t=61"),
        ("https://example.org/a.mp3", 62_500, "https://example.org/a.mp3#t=62.5"),
        ("https://example.org/a.mp3#t=5", 1_000, "https://example.org/a.mp3#t=1"),
        ("file:///media/ep.mkv", 3_765_000, "file:///media/ep.mkv#t=3765"),
    ],
)
def test_link_at(url: str, ms: int, link: str) -> None:
    assert link_at(url, ms) == link


def test_a_time_at_the_end_of_a_chapter_before_a_gap_lists_both_sides() -> None:
    with pytest.raises(RefError) as caught:
        resolve_ref(GAPPY, "1:00")
    assert str(caught.value) == (
        "no chapter is playing at 1:00: it falls in a gap between chapters\n"
        "    1      0:05  a\n"
        "    2      2:00  b"
    )


def test_a_gap_lists_only_the_chapter_before_it_and_the_one_after() -> None:
    episode = Episode("T", (Chapter(1, 0, 30_000, "a"), Chapter(2, 30_000, 60_000, "b"),
                            Chapter(3, 120_000, 180_000, "c")))  # fmt: skip
    with pytest.raises(RefError) as caught:
        resolve_ref(episode, "1:30")
    assert caught.value.candidates == ["  2      0:30  b", "  3      2:00  c"]


def test_no_words_at_all() -> None:
    with pytest.raises(RefError) as caught:
        resolve_ref(EPISODE, "   ")
    assert str(caught.value) == "no chapter given: use a number, a time or words from a title"


def test_an_exact_title_of_several_words_wins() -> None:
    episode = Episode(
        "T", (Chapter(1, 0, 10_000, "Intro part"), Chapter(2, 10_000, 20_000, "Intro part two"))
    )
    assert resolve_ref(episode, "intro part").number == 1
    assert resolve_ref(episode, "INTRO   Part").number == 1


@pytest.mark.parametrize(
    ("url", "ms", "link"),
    [
        # The host is what follows the last @, without its port.
        ("https://user@www.youtube.com:443/watch?v=x", 61_000,
         "https://user@www.youtube.com:443/watch?v=x&t=61"),
        ("https://a@b@youtu.be/x", 61_000, "https://a@b@youtu.be/x?t=61"),
        ("https://youtube.com.evil.example/x", 61_000, "https://youtube.com.evil.example/x#t=61"),
        # Every other parameter is kept as it was, a blank one too.
        ("https://www.youtube.com/watch?v=abc&feature=&t=5", 61_000,
         "https://www.youtube.com/watch?v=abc&feature=&t=61"),
    ],
)  # fmt: skip
def test_link_at_reads_the_host_and_keeps_the_query(url: str, ms: int, link: str) -> None:
    assert link_at(url, ms) == link

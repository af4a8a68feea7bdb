from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chaptercli.discovery import bundled_path
from chaptercli.errors import ChapterError
from chaptercli.loader import load_episode
from chaptercli.model import Chapter, Episode
from chaptercli.search import Matcher, fold, fold_text, search, wanted_fields

EPISODE = load_episode(bundled_path())


def episode_of(*chapters: Chapter) -> Episode:
    return Episode(title="T", chapters=chapters)


def test_fold_keeps_offsets_into_the_original() -> None:
    folded, origins = fold("Llama’s naïve Straße")
    assert folded == "llama's naive strasse"
    assert len(origins) == len(folded)
    assert origins[-2:] == [18, 19]  # ß became "ss": both point at it, then "e"


@pytest.mark.parametrize(
    ("query", "text", "spans"),
    [
        (["Llama's"], "Meta’s Llama’s models", ((7, 14),)),
        (["naive"], "a naïve view", ((2, 7),)),
        (["NAÏVE"], "a naive view", ((2, 7),)),
        (["north star"], "Meta’s “north star” is", ((8, 18),)),
        (['"north'], "Meta’s “north star” is", ((7, 13),)),
        (["full-duplex"], "full‑duplex voice", ((0, 11),)),  # non-breaking hyphen
        (["strasse"], "Die Straße", ((4, 10),)),
        (["a", "b"], "ab ba", ((0, 2), (3, 5))),  # spans merged and sorted
        (["ai"], "AI ai Ai", ((0, 2), (3, 5), (6, 8))),
    ],
)
def test_spans(query: list[str], text: str, spans: tuple[tuple[int, int], ...]) -> None:
    assert Matcher(query).spans(text) == spans


def test_all_words_must_occur_in_the_same_text() -> None:
    assert Matcher(["deepseek", "chips"]).spans("DeepSeek and chips") is not None
    assert Matcher(["deepseek", "bananas"]).spans("DeepSeek and chips") is None


def test_case_sensitive_still_folds_typography() -> None:
    matcher = Matcher(["Llama's"], case_sensitive=True)
    assert matcher.spans("Llama’s") == ((0, 7),)
    assert matcher.spans("llama’s") is None


def test_regex() -> None:
    assert Matcher([r"llama \d"], regex=True).spans("Llama 4 Scout") == ((0, 7),)
    assert Matcher([r"Llama’s"], regex=True).spans("Llama’s") == ((0, 7),)
    assert Matcher([r"^meta"], regex=True, case_sensitive=True).spans("Meta") is None


def test_bad_regex_is_a_clear_error() -> None:
    with pytest.raises(ChapterError, match=r"bad regular expression '\(unclosed'"):
        Matcher(["(unclosed"], regex=True)


def test_nothing_to_search_for() -> None:
    with pytest.raises(ChapterError, match="nothing to search for"):
        Matcher(["  "])


def test_search_the_episode_in_chapter_order() -> None:
    matches = search(EPISODE, Matcher(["deepseek"]))
    assert [(m.chapter.number, m.field, m.bullet) for m in matches] == [
        (8, "title", None),
        (8, "bullet", 3),
        (8, "bullet", 4),
    ]
    assert matches[1].text.startswith("DeepSeek’s impressive")
    assert matches[1].spans == ((0, 8),)


def test_search_narrowed_to_fields() -> None:
    everywhere = search(EPISODE, Matcher(["distillation"]))
    titles = search(EPISODE, Matcher(["distillation"]), ["title"])
    bullets = search(EPISODE, Matcher(["distillation"]), ["bullets"])
    assert [m.chapter.number for m in titles] == [11]
    assert {m.field for m in bullets} == {"bullet"}
    assert len(everywhere) == len(titles) + len(bullets) + len(
        search(EPISODE, Matcher(["distillation"]), ["summary"])
    )


def test_search_finds_the_seed_typography_from_ascii() -> None:
    found = search(EPISODE, Matcher(["Llama's", "license"]))
    assert [(m.chapter.number, m.field) for m in found] == [(9, "title"), (9, "summary")]
    assert found[1].text[found[1].spans[0][0] : found[1].spans[0][1]] == "Llama’s"


def test_search_of_chapters_without_summary_or_bullets() -> None:
    episode = episode_of(Chapter(1, 0, None, "Intro"))
    assert [m.field for m in search(episode, Matcher(["intro"]))] == ["title"]
    assert search(episode, Matcher(["intro"]), ["summary", "bullets"]) == []


@given(st.text(max_size=60), st.booleans())
def test_fast_fold_is_the_same_folding(text: str, casefold: bool) -> None:
    folded, origins = fold(text, casefold)
    assert fold_text(text, casefold) == folded
    assert len(origins) == len(folded)
    assert origins == sorted(origins) and all(0 <= i < len(text) for i in origins)


def test_folding_lowercases_every_script_unless_asked_not_to() -> None:
    assert fold_text("ÀÉÎ Ça ÑANDÚ Straße") == "aei ca nandu strasse"
    # ß becomes "ss" by case folding only.
    assert fold_text("ÀÉÎ Ça ÑANDÚ Straße", casefold=False) == "AEI Ca NANDU Straße"
    assert Matcher(["ñandú"]).spans("EL ÑANDÚ") == ((3, 8),)


def test_spans_land_on_the_original_when_folding_shifts_letters() -> None:
    # ß folds to two letters and the combining accent to none: the same length in the
    # end, but every offset after ß has moved.
    assert Matcher(["sse"]).spans("ße\u0301") == ((0, 2),)
    assert Matcher(["e"]).spans("ße\u0301 e") == ((1, 2), (4, 5))


def test_plain_words_are_not_patterns() -> None:
    assert Matcher(["1.5"]).spans("1x5 or 1.5") == ((7, 10),)
    assert Matcher(["a+b"]).spans("aab a+b") == ((4, 7),)
    assert Matcher(["(unclosed"]).spans("an (unclosed aside") == ((3, 12),)


def test_case_sensitive_marks_only_the_same_case() -> None:
    assert Matcher(["Cafe"], case_sensitive=True).spans("Cafe and cafe and Café") == (
        (0, 4),
        (18, 22),
    )


def test_regex_keeps_the_case_of_the_pattern_when_asked() -> None:
    assert Matcher(["Meta"], regex=True, case_sensitive=True).spans("Meta and meta") == ((0, 4),)
    assert Matcher(["[A-Z]eta"], regex=True, case_sensitive=True).spans("meta Beta") == ((5, 9),)
    assert Matcher(["meta"], regex=True).spans("META") == ((0, 4),)


def test_empty_regex_matches_mark_nothing() -> None:
    assert Matcher(["a*"], regex=True).spans("bab") == ((1, 2),)
    assert Matcher(["x*"], regex=True).spans("bab") == ()  # it matched, but marks nothing


def test_a_runaway_regex_is_stopped_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chaptercli.regexes.TIME_BUDGET_S", 0.5)
    with pytest.raises(ChapterError) as caught:
        Matcher(["(a+)+$"], regex=True).spans("a" * 5000 + "!")
    assert str(caught.value) == (
        "the regular expression '(a+)+$' takes too long (over 0.5 s in all): make it simpler"
    )


def test_nothing_to_search_for_message() -> None:
    with pytest.raises(ChapterError) as caught:
        Matcher(["", " \t"])
    assert str(caught.value) == "nothing to search for: give at least one word"


@pytest.mark.parametrize(
    ("fields", "wanted"),
    [
        ([], {"title", "summary", "bullet"}),
        (["bullets"], {"bullet"}),
        (["title", "summary"], {"title", "summary"}),
        (["summary", "bullets"], {"summary", "bullet"}),
    ],
)
def test_wanted_fields_names_what_a_match_calls_each_field(
    fields: list[str], wanted: set[str]
) -> None:
    assert wanted_fields(fields) == wanted


# What makes matching fast gives what the plain way gives.

TEXTS = st.text(alphabet=st.sampled_from(list("aAiIsSkK ıſKİßé\u0301’…xy")), max_size=20)


@given(TEXTS, st.booleans())
def test_offsets_carry_over_exactly_when_folding_is_one_for_one(text: str, casefold: bool) -> None:
    from chaptercli.search import _fold_char, _origins

    each = [n for n, char in enumerate(text) for _ in _fold_char(char, casefold)]
    expected = None if each == list(range(len(text))) else each
    assert _origins(text, fold_text(text, casefold), casefold) == expected


@given(TEXTS, st.sampled_from(["i", "s", "k", "is", "ss", "e", "xy", "İ", "é"]), st.booleans())
def test_a_word_found_without_a_pattern_is_found_as_a_pattern_finds_it(
    text: str, word: str, case_sensitive: bool
) -> None:
    import re

    matcher = Matcher([word], case_sensitive=case_sensitive)
    folded = fold_text(text, not case_sensitive)
    pattern = re.compile(re.escape(matcher.words[0]), 0 if case_sensitive else re.IGNORECASE)
    spans = [m.span() for m in pattern.finditer(folded)] or None
    assert matcher.patterns[0].find(folded) == spans  # type: ignore[union-attr]
    assert matcher.spans(text, folded) == matcher.spans(text)


def test_ignoring_case_beyond_ascii_finds_what_the_pattern_finds() -> None:
    # "ı" (dotless i) is an "i" to a pattern that ignores case: str.find is not asked.
    assert Matcher(["i"]).patterns[0].find("ıi") == [(0, 1), (1, 2)]  # type: ignore[union-attr]
    assert Matcher(["i"]).patterns[0].find("xi") == [(1, 2)]  # type: ignore[union-attr]


@given(
    st.builds(
        Chapter,
        number=st.just(1),
        start_ms=st.just(0),
        end_ms=st.none(),
        title=st.text(max_size=3),
        summary=st.none() | st.text(max_size=3),
        bullets=st.lists(st.text(max_size=3), max_size=3).map(tuple),
    )
)
def test_a_text_by_its_place_is_the_text_at_that_place(chapter: Chapter) -> None:
    from chaptercli.search import chapter_texts, text_at

    every = list(chapter_texts(chapter))
    assert [text_at(chapter, place) for place in range(len(every))] == every

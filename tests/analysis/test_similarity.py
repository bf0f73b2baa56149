import itertools
import subprocess
import sys
import time
from pathlib import Path

import pytest

from articles.analysis import similarity
from articles.analysis.similarity import (
    Kind,
    Segment,
    align,
    jaccard,
    sampled,
    score_pair,
    shingles,
    side_by_side,
    word_diff,
)

SEEDS = ["000", "001", "002", "003", "004"]


def changed_words(segments) -> list[str]:
    return [s.text.strip() for s in segments if s.changed]


def test_the_rewritten_wire_story_is_the_only_seed_pair_found(seed):
    kinds = {
        (a, b): score_pair(seed(a).sentences, seed(b).sentences).kind
        for a, b in itertools.combinations(SEEDS, 2)
    }
    assert kinds.pop(("001", "002")) == Kind.REWRITE
    assert set(kinds.values()) == {None}, kinds


def test_the_rewrite_stands_well_apart_from_the_other_seed_pairs(seed):
    scores = {
        (a, b): score_pair(seed(a).sentences, seed(b).sentences)
        for a, b in itertools.combinations(SEEDS, 2)
    }
    pair = scores.pop(("001", "002"))
    assert pair.jaccard > 0.1
    assert pair.share > 0.45
    assert max(s.jaccard for s in scores.values()) < 0.04
    assert max(s.share for s in scores.values()) < 0.2


def test_3_word_shingles_sampled_by_hash_keep_the_same_shingles_in_every_text(seed):
    a, b = (shingles(" ".join(seed(n).sentences)) for n in ("001", "002"))
    assert 0.1 < jaccard(a, b) < 0.13
    sample_a, sample_b = sampled(a), sampled(b)
    assert sample_a <= a and len(sample_a) < len(a) / 2
    # The shared sample is the sample of what is shared.
    assert sample_a & sample_b == sampled(a & b)


def test_002_aligns_with_001_sentence_by_sentence(seed):
    left, right = seed("002").sentences, seed("001").sentences
    pairs = [(left[i], right[j]) for i, j, _ in align(left, right)]
    starts = [(a[:30], b[:30]) for a, b in pairs]
    assert ("This visit is significant as i", "This visit is significant as i") in starts
    assert ("Following his visit to Russia,", "Following his two-day visit to") in starts
    assert ("India has maintained a neutral", "India has maintained a neutral") in starts
    assert ("During the visit, both leaders", "The two leaders will review a ") in starts
    assert len(pairs) >= 8
    # Each text keeps its order.
    indexes = align(left, right)
    assert [i for i, _, _ in indexes] == sorted(i for i, _, _ in indexes)
    assert [j for _, j, _ in indexes] == sorted(j for _, j, _ in indexes)


def test_side_by_side_keeps_every_sentence_of_both_in_order(seed):
    left, right = seed("001").sentences, seed("002").sentences
    rows = side_by_side(left, right)
    shown_left = ["".join(s.text for s in r.left) for r in rows if r.left]
    shown_right = ["".join(s.text for s in r.right) for r in rows if r.right]
    assert shown_left == [s.strip() for s in left]
    assert shown_right == [s.strip() for s in right]
    assert sum(r.aligned for r in rows) == len(align(left, right))
    assert any(r.left is None for r in rows) and any(r.right is None for r in rows)


def test_word_diff_marks_only_the_words_that_changed():
    left, right = word_diff(
        "Modi will head to Vienna, Austria, on Tuesday.",
        "Modi is scheduled to travel to Vienna, Austria on Tuesday.",
    )
    assert changed_words(left) == ["will head"]
    assert changed_words(right) == ["is scheduled to travel"]
    assert "".join(s.text for s in left) == "Modi will head to Vienna, Austria, on Tuesday."


def test_word_diff_is_exact_on_long_sentences_where_autojunk_would_give_up():
    words = [f"w{i % 40}" for i in range(400)]  # every word frequent: autojunk would junk all
    changed = [*words[:200], "NEW", *words[201:]]
    left, right = word_diff(" ".join(words), " ".join(changed))
    assert changed_words(left) == [words[200]]
    assert changed_words(right) == ["NEW"]


def test_a_syndicated_copy_is_a_near_copy():
    story = [
        "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal.",
        "Officials said the talks lasted more than six hours and ended without a statement.",
        "A second round is expected next month in Vienna, according to two diplomats.",
        "The proposal would freeze the front line and open corridors for aid convoys.",
    ]
    copy = [*story[:3], story[3].replace("aid convoys", "humanitarian convoys")]
    copy.append("This article was first published by a wire service.")
    assert score_pair(story, copy).kind == Kind.NEAR_COPY


def test_texts_with_nothing_in_common_are_unrelated():
    a = ["The central bank raised interest rates by half a point on Thursday."]
    b = ["Heavy snow closed the mountain passes for a third day in a row."]
    score = score_pair(a, b)
    assert score.kind is None and score.aligned == 0


@pytest.mark.parametrize("a,b", [([], []), ([], ["One two three four."]), (["Hi."], ["Hi."])])
def test_empty_and_tiny_texts_score_without_error(a, b):
    score = score_pair(a, b)
    assert 0.0 <= score.share <= 1.0
    assert side_by_side(a, b) is not None


def test_segments_merge_runs_of_the_same_state():
    left, _ = word_diff("a b c d", "a x y d")
    assert left == (Segment("a ", False), Segment("b c ", True), Segment("d", False))


def test_similarity_and_agreement_do_not_import_django():
    code = (
        "import articles.analysis.similarity, articles.analysis.agreement, sys; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    project = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_huge_text_is_aligned_only_up_to_the_cap_the_rest_shown_unaligned():
    sentences = [f"Sentence number {i} says something about item {i * 7}." for i in range(3000)]
    rows = side_by_side(sentences, sentences)
    assert sum(r.aligned for r in rows) == similarity.MAX_ALIGNED_SENTENCES
    assert len(rows) == similarity.MAX_ALIGNED_SENTENCES + 2 * (
        3000 - similarity.MAX_ALIGNED_SENTENCES
    )


NOTICE_TEMPLATE = (
    "The company said the results for the quarter include a charge for the restructuring of "
    "its operations announced earlier this year."
)


def earnings(shares: str, net: str) -> list[str]:
    return [
        f"Shr loss {shares} vs profit 5 cts",
        f"Net loss {net} vs profit 567,000",
        NOTICE_TEMPLATE,
    ]


def test_one_template_filled_in_for_two_companies_is_not_a_rewrite():
    # Cognitronics against Technology Development: the same form, other figures.
    score = score_pair(earnings("12 cts", "1,234,000"), earnings("30 cts", "2,980,000"))
    assert score.kind is None
    # The same company's notice with a sentence added is still a copy.
    assert (
        score_pair(
            earnings("12 cts", "1,234,000"), [*earnings("12 cts", "1,234,000"), "Note: restated."]
        ).kind
        == Kind.NEAR_COPY
    )


def test_shared_boilerplate_alone_does_not_make_a_rewrite():
    a = ["The minister arrived in Geneva for talks on the ceasefire plan on Tuesday."] * 2
    b = ["The minister arrived in Geneva for talks on the ceasefire plan on Tuesday."] * 2
    hashes = shingles(" ".join(a))
    assert score_pair(a, b).kind == Kind.NEAR_COPY
    # Every shingle they share is held by many articles: the template, not the story.
    assert score_pair(a, b, common=sampled(hashes)).kind is None
    assert score_pair(a, b, common=frozenset()).kind == Kind.NEAR_COPY


def test_word_diff_of_20000_repetitive_words_takes_well_under_a_second():
    text = " ".join(["the cat"] * 10000)
    other = text.replace("cat", "dog", 1)
    started = time.perf_counter()
    left, right = word_diff(text, other)
    assert time.perf_counter() - started < 1.0
    assert changed_words(left) == ["cat"] and changed_words(right) == ["dog"]
    assert "".join(s.text for s in left) == text


def test_the_linear_diff_marks_the_words_the_other_sentence_lacks():
    left, right = word_diff(
        "The talks ended on Tuesday.", "The talks ended late on Friday.", exact=False
    )
    assert changed_words(left) == ["Tuesday."] and changed_words(right) == ["late", "Friday."]


def test_a_page_of_long_aligned_sentences_stays_within_its_diff_budget(monkeypatch):
    calls = []
    real = similarity.word_diff
    monkeypatch.setattr(
        similarity,
        "word_diff",
        lambda a, b, exact=True: calls.append(exact) or real(a, b, exact=exact),
    )
    monkeypatch.setattr(similarity, "DIFF_BUDGET_PER_PAGE", 10_000)
    sentence = " ".join(f"word{i}" for i in range(60))
    rows = side_by_side(
        [sentence + f" end{k}" for k in range(10)], [sentence + f" end{k}" for k in range(10)]
    )
    assert len(rows) == 10 and all(r.aligned for r in rows)
    assert calls[:2] == [True, True] and not any(calls[3:])


def test_a_rewrite_with_one_updated_figure_is_still_a_rewrite():
    story = [
        "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal.",
        "Officials said the talks lasted more than six hours and ended without a statement.",
        "A second round is expected next month in Vienna, according to two diplomats.",
        "At least 30 people were killed in the shelling of the city overnight, officials said.",
    ]
    updated = [*story[:3], story[3].replace("30", "41")]
    assert score_pair(story, updated).kind in (Kind.REWRITE, Kind.NEAR_COPY)


DIVIDEND = ["Qtly div 12 cts vs 12 cts prior", "Pay April one, record March 15"]


def test_two_companies_setting_the_same_dividend_are_not_copies():
    # The bodies are one short template with the same figures: only the headline tells them apart.
    titles = ("Harbour Pipe Co sets quarterly", "Lindqvist Tool Inc sets quarterly")
    assert score_pair(DIVIDEND, DIVIDEND).kind == Kind.NEAR_COPY
    assert score_pair(DIVIDEND, DIVIDEND, titles=titles).kind is None
    # The same company's notice sent again is still a copy.
    again = ("Harbour Pipe Co sets quarterly", "Harbour Pipe Co sets quarterly dividend")
    assert score_pair(DIVIDEND, DIVIDEND, titles=again).kind == Kind.NEAR_COPY


def test_a_long_copy_under_another_headline_is_still_a_copy():
    body = [
        f"The delegation from the northern province met the mediators for the {n}th round today."
        for n in range(1, 9)
    ]
    titles = ("Talks resume in the capital", "Mediators meet northern delegation again")
    assert score_pair(body, body, titles=titles).kind == Kind.NEAR_COPY


def split_notice(company: str) -> list[str]:
    return [
        f"{company} said its board declared a three-for-two stock split and raised the "
        "quarterly dividend to 42 cts from 38 cts.",
        "Both are payable April 15 to holders of record March 31.",
        "The company said the split is its first in ten years.",
    ]


def test_two_companies_notices_on_one_form_naming_other_companies_are_not_copies():
    a, b = split_notice("Harbour Pipe Co"), split_notice("Lindqvist Tool Inc")
    titles = ("Harbour Pipe sets split, raises payout", "Lindqvist Tool sets stock split")
    assert score_pair(a, b, titles=titles).kind in {Kind.NEAR_COPY, Kind.REWRITE}
    assert score_pair(a, b, titles=titles, named=({1}, {2})).kind is None
    # One company named in both: the same notice under another headline.
    assert score_pair(a, a, titles=titles, named=({1}, {1, 3})).kind == Kind.NEAR_COPY
    # Nothing named on one side: nothing tells them apart.
    assert score_pair(a, b, titles=titles, named=({1}, ())).kind is not None
    # Alike headlines: a copy, whatever is named.
    same = ("Harbour Pipe sets split, raises payout", "Harbour Pipe sets split and raises payout")
    assert score_pair(a, b, titles=same, named=({1}, {2})).kind is not None

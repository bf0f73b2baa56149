"""The bare-surname pass scans the text once for every person; these tests hold it to the
plain reading of its rule: one search per person, each match kept under the same checks."""

import random
import re
from collections import Counter

import pytest

from articles.analysis import entities
from articles.analysis.aliases import fold_accents
from articles.analysis.entities import find_entities


def _reference_surname_mentions(text, folded, mentions):
    """One regular expression per person over the whole text: slow, but obviously right."""
    people = {
        m.entry
        for m in mentions
        if m.entry.kind == entities.PERSON
        and m.entry.name not in entities.gazetteer.PEOPLE
        and " " in m.entry.name
    }
    surnames = Counter(fold_accents(p.name).split()[-1] for p in people)
    found = []
    for person in people:
        surname = fold_accents(person.name).split()[-1]
        if surnames[surname] > 1 or surname in entities._NON_NAME_WORDS:
            continue
        if surname in entities._BY_ALIAS:
            continue
        pattern = re.compile(rf"(?<![\\w'.-]){re.escape(surname)}{entities._NOT_MORE}")
        for match in pattern.finditer(folded):
            if entities._capitalised_before(folded, match.start()):
                continue
            if any(m.start < match.end() and match.start() < m.end for m in mentions):
                continue
            found.append(
                entities._Mention(
                    match.start(),
                    match.end(),
                    person,
                    text[match.start() : match.end()],
                    surname,
                )
            )
    return sorted(found, key=lambda m: m.start)


_FORENAMES = ["Jane", "Pankaj", "Maria", "José", "Li", "Anna", "Tomasz", "Chidi", "Sean"]
_SURNAMES = [
    "Li", "Lin", "Lindqvist", "Okafor", "Núñez", "Nunez", "O'Brien", "McAllister",
    "Smith-Jones", "Smith", "Saran", "Doe", "Ng", "Ngata", "March", "Brown",
]  # fmt: skip
_FRAMES = [
    "Spokesman {full} said the talks would resume.",
    "{full}, a former ambassador to Moscow, stated that nothing had changed.",
    "“We are ready,” said {full}.",
    "{sur} said the plan was sound.",
    "Mr {sur} left early.",
    "Dr. {sur}'s view is that {sur} is right.",
    "{sur} Industries reported a loss.",
    "Analysts at {sur}-Lehman disagreed with {sur}.",
    "The report by {sur}, published in May, was cited by {sur}.",
    "Officials met in Paris; {sur} was not there.",
    "Analysts at Goldman {sur} agreed, and so did {sur}.",
    "The Tower {sur} inquiry is closed; {sur}.",
    "{sur}.{sur} and {sur}'s aides: {sur}-led talks, {sur}",
]


def _varied_text(rng: random.Random) -> str:
    people = [(rng.choice(_FORENAMES), rng.choice(_SURNAMES)) for _ in range(rng.randint(1, 6))]
    lines = []
    for _ in range(rng.randint(3, 25)):
        forename, surname = rng.choice(people)
        frame = rng.choice(_FRAMES)
        lines.append(frame.format(full=f"{forename} {surname}", sur=surname))
    return " ".join(lines)


def _with_reference(monkeypatch, text):
    with monkeypatch.context() as patched:
        patched.setattr(entities, "_surname_mentions", _reference_surname_mentions)
        return find_entities(text)


@pytest.mark.parametrize("seed", range(60))
def test_the_one_pass_finds_what_one_search_per_person_finds(monkeypatch, seed):
    text = _varied_text(random.Random(seed))
    assert find_entities(text) == _with_reference(monkeypatch, text)


def test_the_varied_texts_do_exercise_bare_surnames(monkeypatch):
    # Guard against comparing two empty results: most texts give the pass surnames to find.
    found = []
    one_pass = entities._surname_mentions

    def counting(text, folded, mentions):
        extra = one_pass(text, folded, mentions)
        found.append(len(extra))
        return extra

    monkeypatch.setattr(entities, "_surname_mentions", counting)
    for seed in range(60):
        find_entities(_varied_text(random.Random(seed)))
    assert sum(1 for n in found if n) >= 30
    assert sum(found) >= 100


def test_the_one_pass_agrees_on_the_seed_articles(monkeypatch, seed_text):
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed_text(prefix)
        assert find_entities(text) == _with_reference(monkeypatch, text)

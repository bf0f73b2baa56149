"""The statistical stage combined with the gazetteer, the cue rules and the kind fixes."""

import pytest

from articles.analysis import analyze, ner
from articles.analysis.kinds import Kind
from articles.analysis.ner import DEFAULT_MODEL, _chunks, load, propose


def entities_of(body: str):
    return analyze("Headline\n\n" + body, topics={}).entities


def by_name(hits):
    return {hit.name: hit for hit in hits}


def test_it_loads_only_the_recogniser():
    assert load(DEFAULT_MODEL).pipe_names == ["ner"]


def test_it_finds_names_the_gazetteer_does_not_know_with_their_kind():
    hits = by_name(
        entities_of(
            "Tony Blair arrived in Reykjavik, the capital of Iceland, on Tuesday. "
            "Mr Blair met the Icelandic Chamber of Commerce."
        )
    )
    assert hits["Tony Blair"].kind == Kind.PERSON
    assert hits["Tony Blair"].aliases == {"Tony Blair", "Mr Blair"}
    assert hits["Reykjavik"].kind == Kind.PLACE
    assert hits["Icelandic Chamber of Commerce"].kind == Kind.ORGANISATION


def test_it_keeps_the_gazetteers_name_and_kind():
    hits = by_name(entities_of("Modi met Putin in Moscow. The Kremlin welcomed him."))
    assert hits["Narendra Modi"].kind == Kind.PERSON
    assert hits["Vladimir Putin"].aliases == {"Vladimir Putin", "Putin"}
    assert hits["Moscow"].kind == Kind.PLACE
    assert hits["Kremlin"].kind == Kind.ORGANISATION


def test_blocs_and_companies_are_organisations():
    hits = by_name(
        entities_of(
            "Leaders of BRICS and the SCO met as the Quad held talks. The minister posted "
            "on X, formerly Twitter, that Brazil would attend."
        )
    )
    for name in ("BRICS", "Shanghai Cooperation Organization", "Quad", "Twitter", "X"):
        assert hits[name].kind == Kind.ORGANISATION, name
    assert hits["Brazil"].kind == Kind.PLACE


def test_nationalities_are_never_places():
    names = {
        hit.name
        for hit in entities_of(
            "Indian officials and Russians met Chinese diplomats. Indonesians protested in Jakarta."
        )
    }
    assert not names & {"Indian", "Russians", "Chinese", "Indonesians"}
    assert "Jakarta" in names


def test_a_surname_and_an_honorific_join_the_full_name():
    hits = by_name(
        entities_of(
            "Gordon Brown spoke in Edinburgh. Mr Brown's plan was praised. "
            "Later Brown left for London."
        )
    )
    brown = hits["Gordon Brown"]
    assert brown.kind == Kind.PERSON
    assert {"Gordon Brown", "Mr Brown", "Brown"} <= brown.aliases
    assert not any("'s" in alias or "’s" in alias for alias in brown.aliases)
    assert "Brown" not in hits


def test_an_acronym_joins_its_long_form():
    hits = by_name(
        entities_of(
            "The Confederation of British Industry said costs rose. The CBI warned that "
            "growth would slow in Britain."
        )
    )
    cbi = hits["Confederation of British Industry"]
    assert cbi.kind == Kind.ORGANISATION
    assert "CBI" in cbi.aliases
    assert "CBI" not in hits


def test_middle_initials_do_not_make_another_person():
    hits = by_name(
        entities_of("George W Bush arrived in Ottawa. George Bush then met Paul Martin.")
    )
    people = [h for h in hits.values() if h.kind == Kind.PERSON and "Bush" in h.name]
    assert len(people) == 1


def test_noise_stays_out():
    names = {
        hit.name
        for hit in entities_of(
            "Shares rose 5% on Monday in March 2005.\n\nRead more\n\n"
            "Analysts said the euro fell against sterling."
        )
    }
    assert not names & {"Monday", "March", "March 2005", "Read more", "Shares", "Analysts"}
    assert not any(ch.isdigit() for name in names for ch in name)


def test_a_lone_name_with_no_person_cue_is_not_a_person():
    hits = by_name(
        entities_of(
            "Yukos said it would appeal. Shares in Yukos fell after Gazprom bid. "
            "President Bush did not comment."
        )
    )
    assert hits["Bush"].kind == Kind.PERSON
    assert "Yukos" not in hits or hits["Yukos"].kind != Kind.PERSON


def test_long_texts_are_read_in_pieces_with_true_offsets():
    paragraph = "Tony Blair met officials in Paris on Tuesday."
    text = "\n\n".join([paragraph] * 1200)  # about 56,000 characters: three pieces
    (spans,) = propose(DEFAULT_MODEL, [text])
    assert {text[s.start : s.end] for s in spans} == {"Tony Blair", "Paris"}
    assert max(s.end for s in spans) > len(text) - len(paragraph)


@pytest.mark.parametrize("text", ["", "short", "a b " * 50, "x" * 95, "para\n\n" * 30])
def test_pieces_cover_the_text_in_order(text):
    pieces = list(_chunks(text, limit=20))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 20 for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))
    ]


def test_a_lone_x_is_the_company_only_where_the_text_says_so():
    hits = by_name(entities_of("In a post on X, the ministry said talks would resume."))
    assert hits["X"].kind == Kind.ORGANISATION
    names = {h.name for h in entities_of("An X-ray of Article X was shown. Factor X matters.")}
    assert "X" not in names


def test_a_long_run_without_spaces_is_read_in_linear_time_with_offsets_kept():
    import time

    from articles.analysis import ner

    text = "…" * 20_000 + " Angela Merkel spoke in Berlin."
    started = time.process_time()
    (spans,) = ner.propose(ner.DEFAULT_MODEL, [text])
    assert time.process_time() - started < 5
    assert "Angela Merkel" in {text[s.start : s.end] for s in spans}


def test_a_long_article_reaches_the_model_in_batches_of_bounded_text(monkeypatch):
    # The model's memory grows with the text of a batch: a 1.9 MB article's pieces go to it a
    # few at a time, not 32 at once; short texts still go 32 at a time.
    nlp = load(DEFAULT_MODEL)
    real_pipe = type(nlp).pipe
    batches = []

    def pipe(self, texts, batch_size):
        texts = list(texts)
        batches.append((len(texts), sum(map(len, texts)), batch_size))
        return real_pipe(self, texts, batch_size=batch_size)

    monkeypatch.setattr(type(nlp), "pipe", pipe)
    sentence = "Officials in Beijing said the talks with Vladimir Putin would resume soon. "
    long_text = sentence * 8_000  # 600,000 characters: 30 pieces
    short_texts = [f"{sentence} Item {n}." for n in range(40)]

    found = propose(DEFAULT_MODEL, [long_text])

    assert sum(n for n, _, _ in batches) == len(list(_chunks(long_text)))
    assert all(chars <= ner.BATCH_CHARS and n == size for n, chars, size in batches)
    assert len(batches) > 1
    assert len(found[0]) >= 2 * 8_000  # Beijing and Putin in every sentence
    batches.clear()
    propose(DEFAULT_MODEL, short_texts)
    assert [n for n, _, _ in batches] == [32, 8]

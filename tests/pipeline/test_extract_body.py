"""Choosing the body from two extractors; repeated paragraphs kept as the page prints them."""

from __future__ import annotations

import lxml.html
import pytest

from morgue.pipeline.extract.body import (
    REASON_UNCONFIRMED,
    choose_body,
    needs_second_opinion,
    readability_paragraphs,
    restore_repeats,
    weigh,
)
from morgue.pipeline.extract.dom import page_lines, paragraph_texts

STORY = [f"Sentence {i} of the story tells what happened at the harbor meeting on Thursday night "
         f"and what the council will do next ({i})." for i in range(1, 7)]


def test_trafilatura_missing_half_the_story_is_rescued_by_readability() -> None:
    choice = choose_body(STORY[:2], STORY)
    assert choice.paragraphs == STORY
    assert choice.how.startswith("readability-lxml")


def test_unconfirmed_furniture_at_the_edges_is_set_aside() -> None:
    label = "Pick Six Newsletter"
    button = "Thanks for signing up!"
    related = "- Gronk, Serena perform with Laker Girls"
    choice = choose_body([label, *STORY, button, related], STORY)
    assert choice.paragraphs == STORY
    assert choice.left_out == [(label, REASON_UNCONFIRMED), (button, REASON_UNCONFIRMED),
                               (related, REASON_UNCONFIRMED)]


def test_true_story_text_at_the_edge_is_kept_when_the_second_extractor_missed_it() -> None:
    # issue 13: "at the edge, not confirmed" set aside real first paragraphs, e.g. one glued
    # to its dateline ("Hong Kong (CNN Business)A muddled view…") that readability lost
    lede = ("Hong Kong (CNN Business)A muddled view of US-China trade talks once again seems to be "
            "weighing on investors across Asia on Tuesday.")
    last = "The council will meet again on March 3, and residents may speak for three minutes each."
    choice = choose_body([lede, *STORY, last], STORY)
    assert choice.paragraphs == [lede, *STORY, last]
    assert choice.left_out == []


def test_link_lists_and_text_outside_the_story_container_are_edge_furniture() -> None:
    html = ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article>"
            "<footer><p>Ascom is a global solutions provider focused on healthcare and mobile workflow "
            "solutions, headquartered in Baar, Switzerland.</p>"
            "<p>Also on <a href='/x'>Journalists and politicians threatened with arrest as the "
            "country purges its opposition</a></p></footer></body></html>")
    lines = page_lines(lxml.html.document_fromstring(html))
    first = [*STORY, *paragraph_texts(lines)[-2:]]
    evidence = weigh(first, lines)
    assert evidence.not_story == [False] * len(STORY) + [True, True]
    assert choose_body(first, STORY, evidence).paragraphs == STORY


def test_a_second_opinion_only_when_the_page_disagrees() -> None:
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>"
    lines = page_lines(lxml.html.document_fromstring(html))
    assert not needs_second_opinion(weigh(STORY, lines))  # all of the story, nothing else
    assert needs_second_opinion(weigh(STORY[:2], lines))  # stopped early: story text left out
    assert needs_second_opinion(weigh(["Menu", *STORY], lines))  # a label at the top


def test_paragraphs_inside_the_story_are_kept_even_if_unconfirmed() -> None:
    tweet = "Interesting to see the council move so fast on this one, said a resident on Twitter last night."
    body = [*STORY[:3], tweet, *STORY[3:]]
    assert choose_body(body, STORY).paragraphs == body


def test_either_candidate_alone() -> None:
    assert choose_body([], STORY).paragraphs == STORY
    assert choose_body(STORY, []).paragraphs == STORY
    assert choose_body(STORY, None).how == "trafilatura (the page's lines agree)"


def test_repeated_paragraphs_are_put_back() -> None:
    page = [STORY[0], STORY[1], STORY[1], STORY[2]]
    assert restore_repeats([STORY[0], STORY[1], STORY[2]], page) == (page, 1)
    assert restore_repeats(page, page) == (page, 0)  # nothing to put back
    assert restore_repeats(STORY[:2], ["menu", *STORY[:2]]) == (STORY[:2], 0)


def test_readability_candidate() -> None:
    pytest.importorskip("readability")
    html = "<html><body><div><h1>Title</h1>" + "".join(f"<p>{p}</p>" for p in STORY) + "</div></body></html>"
    assert [p for p in readability_paragraphs(html) if p != "Title"] == STORY
    assert readability_paragraphs("") == []
    # the same from a parsed page, which is not changed by reading it
    root = lxml.html.document_fromstring(html)
    before = lxml.html.tostring(root)
    assert [p for p in readability_paragraphs(root) if p != "Title"] == STORY
    assert lxml.html.tostring(root) == before

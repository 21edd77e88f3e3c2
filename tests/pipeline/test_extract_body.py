"""Choosing the body from two extractors; repeated paragraphs kept as the page prints them."""

from __future__ import annotations

import pytest

from morgue.pipeline.extract.body import REASON_UNCONFIRMED, choose_body, readability_paragraphs, restore_repeats

STORY = [f"Sentence {i} of the story tells what happened at the harbor meeting on Thursday night "
         f"and what the council will do next ({i})." for i in range(1, 7)]


def test_trafilatura_missing_half_the_story_is_rescued_by_readability() -> None:
    choice = choose_body(STORY[:2], STORY)
    assert choice.paragraphs == STORY
    assert choice.how.startswith("readability-lxml")


def test_unconfirmed_paragraphs_at_the_edges_are_set_aside() -> None:
    promo = "Sign up for our newsletter to get the day's top stories delivered to your inbox every morning."
    dek = "A short summary of the whole story that the page prints above it, in larger type."
    choice = choose_body([dek, *STORY, promo], STORY)
    assert choice.paragraphs == STORY
    assert choice.left_out == [(dek, REASON_UNCONFIRMED), (promo, REASON_UNCONFIRMED)]


def test_paragraphs_inside_the_story_are_kept_even_if_unconfirmed() -> None:
    tweet = "Interesting to see the council move so fast on this one, said a resident on Twitter last night."
    body = [*STORY[:3], tweet, *STORY[3:]]
    assert choose_body(body, STORY).paragraphs == body


def test_either_candidate_alone() -> None:
    assert choose_body([], STORY).paragraphs == STORY
    assert choose_body(STORY, []).paragraphs == STORY


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

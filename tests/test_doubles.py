"""One story is never published twice: the duplicate check holds the copy, its old
address redirects to the canonical one, and `morgue verify` fails while two are out."""

from __future__ import annotations

from pathlib import Path

import pytest

from morgue.archive.checking import check_archive
from morgue.archive.models import Article, Finding
from morgue.archive.verify import verify_archive

from .archive_rows import make_article

pytestmark = pytest.mark.django_db

STORY = [
    "The Port Alden Public Library will stay open until eight on Saturdays and will open on Sunday "
    "afternoons starting in February, the first expansion of its hours in a decade.",
    "The longer hours are paid for by a gift from the Friends of the Library, which will also help pay "
    "for a small café in the main branch, to open in March. “People don’t just come here for books.”",
]
#: the same story as a latin1 database column leaves it
GARBLED = [p.encode("utf-8").decode("cp1252", errors="replace") for p in STORY]
OTHER = [
    "Kessler Marine Works, the largest private employer in Port Alden, has won a contract worth 48 million "
    "dollars to build four patrol boats for the Navy, the company said yesterday afternoon, its biggest yet.",
]


def _reindex() -> None:
    from morgue.search import reindex

    reindex()


def _doubles() -> list[str]:
    return [f"{d.where}: {d.message}" for d in verify_archive().discrepancies if d.kind == "double"]


def test_verify_fails_while_an_old_address_is_claimed_by_two_published_articles(
        store_root: Path, run_cli) -> None:
    url = "http://www.eveningledger.com/news/local/2010/01/15/library-extends-hours"
    make_article(store_root, paragraphs=STORY, legacy_url=url)
    make_article(store_root, paragraphs=OTHER, legacy_url=url)
    _reindex()

    result = run_cli("verify")

    assert result.exit_code == 1, result.output
    assert ("double legacy URL /news/local/2010/01/15/library-extends-hours: is claimed by several "
            "published articles") in result.output
    assert "1 claimed by several published articles" in " ".join(result.output.split())


def test_verify_fails_while_a_garbled_and_a_clean_copy_are_both_published(store_root: Path, run_cli) -> None:
    from morgue.archive.redirects import resolve_legacy

    crawled = make_article(store_root, headline="Library extends weekend hours, adds a cafÃ©", paragraphs=GARBLED,
                           legacy_url="http://www.eveningledger.com/news/local/2010/01/15/library-extends-hours")
    exported = make_article(store_root, headline="Library extends weekend hours, adds a café", paragraphs=STORY,
                            legacy_url="http://www.eveningledger.com/2010/01/library-weekend-hours/")
    _reindex()
    doubles = _doubles()
    assert len(doubles) == 1 and "copies of one story" in doubles[0]
    assert run_cli("verify").exit_code == 1

    check_archive(only=["duplicate"])  # before any fix: the garbled copy already pairs up
    _reindex()

    held = Finding.objects.get(code="duplicate", status=Finding.Status.OPEN)
    kept, copy = (crawled, exported) if held.article == exported else (exported, crawled)
    assert held.article == copy and held.related == [kept.pk]
    copy.refresh_from_db()
    assert copy.status == Article.Status.HELD
    assert resolve_legacy(copy.legacy_url.split("eveningledger.com", 1)[1]) == kept.url
    assert _doubles() == []
    assert run_cli("verify").exit_code == 0


def test_verify_leaves_a_pair_an_editor_dismissed(store_root: Path) -> None:
    first = make_article(store_root, paragraphs=STORY)
    second = make_article(store_root, paragraphs=STORY)
    _reindex()
    check_archive(only=["duplicate"])
    finding = Finding.objects.get(code="duplicate")
    finding.status = Finding.Status.DISMISSED  # "two stories that read alike"
    finding.save(update_fields=["status"])
    check_archive(only=["duplicate"])  # a dismissed finding is not raised again
    assert set(Article.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {
        Article.Status.PUBLISHED}
    assert _doubles() == []

"""A story printed over several pages becomes one story in the archive: later pages
point at the first page's article, whichever arrives first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from morgue.sample import build_sample_archive

PAGE_1 = "www.eveningledger.com/2003/10/30/local/noreaster-power-outages.html"
PAGE_2 = "www.eveningledger.com/2003/10/30/local/noreaster-power-outages_2.html"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("legacy")
    build_sample_archive(root)
    return root


def _story(legacy_end: str):
    from morgue.archive.models import Article

    return Article.objects.get(legacy_url__endswith=legacy_end)


@pytest.mark.django_db(transaction=True)
def test_later_page_points_at_the_first(sample: Path, run_cli, settings, tmp_path: Path) -> None:
    settings.MORGUE_HOME = tmp_path / "home"
    run_cli("ingest", "--no-check", str(sample / "mirror"))
    first = _story("noreaster-power-outages.html")
    second = _story("noreaster-power-outages_2.html")
    assert (first.page_no, second.page_no) == (1, 2)
    assert second.part_of_id == first.pk and first.part_of_id is None
    assert second.first_page_url == first.legacy_url
    assert [a.pk for a in first.story_pages()] == [first.pk, second.pk]
    story = "\n\n".join(a.body for a in first.story_pages())
    assert story.startswith("A fast-moving nor\u2019easter") and "worst October blow" in story
    assert "Page 1 of 2" not in story and "Page 2 of 2" not in story
    one_page = _story("harbor-editorial.html")
    assert one_page.page_no is None and one_page.story_pages() == [one_page]


@pytest.mark.django_db(transaction=True)
def test_pages_arriving_in_any_order_are_linked(sample: Path, run_cli, settings, tmp_path: Path) -> None:
    settings.MORGUE_HOME = tmp_path / "home"
    only_second = tmp_path / "second"
    only_first = tmp_path / "first"
    for folder, rel in ((only_second, PAGE_2), (only_first, PAGE_1)):
        (folder / rel).parent.mkdir(parents=True)
        shutil.copy(sample / "mirror" / rel, folder / rel)
    run_cli("ingest", "--no-check", str(only_second))
    assert _story("noreaster-power-outages_2.html").part_of_id is None  # its first page is not in yet
    run_cli("ingest", "--no-check", str(only_first))
    assert _story("noreaster-power-outages_2.html").part_of_id == _story("noreaster-power-outages.html").pk

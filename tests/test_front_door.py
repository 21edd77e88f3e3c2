"""`import morgue`: the main verbs, cheap to import, extract needing no archive."""

from __future__ import annotations

import subprocess
import sys

import pytest

import morgue

from .pages import write_page


def test_importing_morgue_loads_no_django() -> None:
    code = "import sys, morgue; print(sorted(m for m in sys.modules if m.startswith('django')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"
    assert set(morgue.__all__) == {"check", "export", "extract", "find", "ingest", "setup"}


def test_extract_reads_one_page_and_says_where_fields_came_from(tmp_path) -> None:
    page = write_page(tmp_path, "a.html", "Library Hours Extended", "2006-02-03", 1)
    article = morgue.extract(page.read_bytes(), url="http://www.eveningledger.com/a.html")
    assert article.headline == "Library Hours Extended"
    assert article.published is not None and article.published.isoformat() == "2006-02-03"
    assert article.field_sources["headline"]


@pytest.mark.django_db
def test_the_verbs_work_on_the_archive(tmp_path, store_root) -> None:
    root = tmp_path / "mirror"
    write_page(root, "a.html", "Regatta Draws Crowds", "2007-07-04", 1)
    result = morgue.ingest([root])
    assert result.articles_added == 1
    checked = morgue.check()
    assert checked.articles == 1
    assert morgue.find("regatta").total == 1
    import io

    out = io.StringIO()
    assert morgue.export(out) == 1 and "Regatta Draws Crowds" in out.getvalue()

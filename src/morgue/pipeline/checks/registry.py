"""The check registry: every check declares its code, scope and what it looks for.

Order matters only for reading: blocking verdicts first (is it an article, is it a
copy), then damage to the text, then missing or wrong fields, then the section model.
:func:`morgue.pipeline.checks.run_checks` runs all per-article checks in one pass and
then each corpus check with its own passes.
"""

from __future__ import annotations

from .base import Check, CheckOptions
from .category import category_findings, check_category
from .chrome import check_chrome, chrome_findings
from .dates import check_date_range
from .duplicate import check_duplicate, duplicate_findings
from .encoding import check_encoding
from .fields import check_missing_byline, check_missing_date, check_missing_headline
from .markup import check_markup
from .notarticle import check_not_article
from .repeated import check_repeated
from .truncated import check_truncated

__all__ = ["CHECKS", "Check", "CheckOptions", "CODES"]

# Built-in checks, in the order they run.
CHECKS: list[Check] = [
    Check("not-an-article", "An error page, login or paywall wall, section/index page or empty "
          "page captured as a story (blocking).", "corpus", corpus_fn=check_not_article),
    Check("duplicate", "The same story under several URLs: exact, near or cut short, compared on "
          "normalised words (MinHash LSH); the non-canonical copies are blocking and point at the "
          "canonical one.", "corpus",
          corpus_fn=check_duplicate, partitioned_fn=duplicate_findings),
    Check("encoding", "Garbled characters: mojibake (repaired with ftfy), replacement "
          "characters, C1 controls.", "article", article_fn=check_encoding),
    Check("markup", "HTML left in the text: escaped or double-escaped entities, tags, "
          "shortcodes, template and CDATA tokens, script or style code.", "article",
          article_fn=check_markup),
    Check("chrome", "Site furniture inside a story, by line shape and by what repeats across "
          "the archive.", "corpus", corpus_fn=check_chrome, partitioned_fn=chrome_findings),
    Check("repeated-text", "A paragraph or passage repeated inside one story.", "article",
          article_fn=check_repeated),
    Check("truncated", "A story that stops mid-sentence, before its capture's text ends, or "
          "whose later pages are missing.", "corpus", corpus_fn=check_truncated),
    Check("missing-headline", "No headline was found for the article.", "article",
          article_fn=check_missing_headline),
    Check("missing-date", "No publication date was found for the article.", "article",
          article_fn=check_missing_date),
    Check("missing-byline", "No byline, where the archive normally has one.", "corpus",
          corpus_fn=check_missing_byline),
    Check("date-out-of-range", "A publication date that cannot be right: a placeholder, "
          "before the paper, in the future, or the capture date standing in.", "article",
          article_fn=check_date_range),
    Check("category", "Filed under a section its text does not fit (out-of-fold TF-IDF model "
          "and confident learning; the story's IPTC topic where the right section is missing or "
          "thin); proposes the likely section.", "corpus",
          corpus_fn=check_category, partitioned_fn=category_findings),
]

CODES: tuple[str, ...] = tuple(check.code for check in CHECKS)

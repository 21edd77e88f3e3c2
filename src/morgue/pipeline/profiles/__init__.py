"""Site profiles: what many pages of one site share, learned once, read by every page.

A profile holds, per page template, selectors for headline, dek, bylines, date and
section, the story column, and the blocks in it that are chrome. :func:`learn_profile`
makes one from a sample of pages, :func:`save_profile`/:func:`load_profile` keep it as a
small YAML file an archivist can edit, and :func:`extract_with_profiles` reads a page
with the template it matches, falling back to per-page extraction where none does.
"""

from __future__ import annotations

from ..extract.html import extract_html_details, parse_page
from ..records import Article, RawPage
from .apply import apply_template, match_template
from .learn import DEFAULT_SAMPLE, MIN_TEMPLATE_PAGES, learn_profile, sample_pages
from .model import BadProfile, Profile, Template, load_profile, load_profiles, save_profile
from .selectors import BadSelector

__all__ = [
    "Profile",
    "Template",
    "BadProfile",
    "BadSelector",
    "learn_profile",
    "sample_pages",
    "load_profile",
    "load_profiles",
    "save_profile",
    "match_template",
    "apply_template",
    "extract_with_profiles",
    "DEFAULT_SAMPLE",
    "MIN_TEMPLATE_PAGES",
]


def extract_with_profiles(page: RawPage, profiles: list[Profile], hints=None) -> Article:
    """An HTML page read with the profile template it matches; per page when none does
    (``field_sources["profile"]`` says which)."""
    article = Article(legacy_url=page.legacy_url)
    parsed = parse_page(page, article)
    if parsed is not None and profiles:
        matched = match_template(parsed.root, profiles)
        if matched is not None:
            profile, template = matched
            result = apply_template(page, parsed, profile, template)
            if result is not None:
                result.warnings[:0] = article.warnings  # decoding problems first
                result.field_sources["profile"] = f"{profile.name}/{template.name}"
                return result
    # per page; the page is parsed again only if it could not be parsed above
    warnings = list(article.warnings)
    details = extract_html_details(page, hints, parsed=parsed)
    result = details.article
    if parsed is not None:
        result.warnings[:0] = [w for w in warnings if w not in result.warnings]
    result.field_sources["profile"] = "none matched; read page by page" if profiles else "none"
    return result

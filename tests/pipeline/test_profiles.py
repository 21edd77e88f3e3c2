"""Site profiles: selectors, the YAML file, learning by agreement, reading pages with one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from morgue.pipeline import sources
from morgue.pipeline.extract import extract_article
from morgue.pipeline.extract.paragraphs import parse_document
from morgue.pipeline.profiles import (
    BadProfile,
    Profile,
    Template,
    learn_profile,
    load_profile,
    match_template,
    save_profile,
)
from morgue.pipeline.profiles.auto import profiles_for_source
from morgue.pipeline.profiles.learn import group_templates, page_features
from morgue.pipeline.profiles.model import ChromeRule, FieldRule
from morgue.pipeline.profiles.selectors import BadSelector, compile_selector, select, selector_for, step_of
from morgue.pipeline.records import RawPage
from morgue.sample import build_sample_archive, generate_site

HTML = """<html><body><div id="main"><table width="460"><tr><td valign="top">
<font size="5" face="Times New Roman"><b>Headline</b></font>
<div class="byline story">By <a class="author">Ann Lee</a></div></td></tr></table></div></body></html>"""


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> list[RawPage]:
    root = tmp_path_factory.mktemp("sample")
    build_sample_archive(root)
    source = sources.open_source(str(root / "mirror"), None, sources.SourceOptions())
    return [p for p in source.pages() if isinstance(p, RawPage)]


@pytest.fixture(scope="module")
def profile(mirror: list[RawPage]) -> Profile:
    return learn_profile(mirror, min_pages=3)


def test_selector_steps_and_chains() -> None:
    root = parse_document(HTML)
    b = root.xpath("//b")[0]
    assert step_of(b.getparent()) == 'font[size=5][face="Times New Roman"]'
    assert step_of(root.xpath("//div[@id='main']")[0]) == "div#main"
    assert step_of(root.xpath("//div[@class='byline story']")[0]) == "div.byline.story"
    chains = selector_for(b)
    assert chains[0] == "b" and chains[-1].startswith("div#main > table[width=460] > tr")
    for chain in chains:
        assert b in select(root, chain)
    assert [e.text_content() for e in select(root, "div.byline a.author")] == ["Ann Lee"]
    assert select(root, "td") == select(root, "td")  # the element a selector runs on may match itself
    with pytest.raises(BadSelector):
        compile_selector("div > > p")
    with pytest.raises(BadSelector):
        compile_selector("div[")


def test_yaml_round_trip_and_errors(tmp_path: Path) -> None:
    template = Template("t1", pages=9, looks_like=["div.story"],
                        fields={"headline": FieldRule(selector="h1", agreed=9, of=9, examples=["A"]),
                                "published": FieldRule(source="meta:article:published_time", agreed=8, of=9)},
                        body=FieldRule(selector="div.story", agreed=9, of=9),
                        chrome=[ChromeRule(selector="div.share", why="w"), ChromeRule(text="advertisement")])
    path = save_profile(Profile("site", "/src", "2026-01-01", 9, [template]), tmp_path / "p.yaml")
    text = path.read_text()
    assert text.startswith("# morgue site profile") and "agreed: 9/9" in text
    back = load_profile(path)
    assert back.templates[0] == template and back.path == str(path)
    path.write_text(text.replace("selector: h1", "selector: 'h1 > > b'"))
    with pytest.raises(BadProfile, match="cannot read selector"):
        load_profile(path)
    path.write_text(text.replace("headline:", "kicker:"))
    with pytest.raises(BadProfile, match="unknown field"):
        load_profile(path)
    path.write_text("just: text\n")
    with pytest.raises(BadProfile, match="not a morgue site profile"):
        load_profile(path)


def test_pages_group_by_template(mirror: list[RawPage]) -> None:
    roots = [parse_document(p.content.decode("latin-1")) for p in mirror]
    groups = group_templates([page_features(r) for r in roots])
    names = [sorted("/news/" in mirror[i].locator or mirror[i].locator.endswith("com/index.html") for i in g)
             for g in groups]
    assert len(groups) == 2 and all(len(set(n)) == 1 for n in names)  # 2003 apart from 2009


def test_learned_rules_for_the_two_sample_layouts(profile: Profile) -> None:
    assert [t.pages for t in profile.templates] == [10, 9] or [t.pages for t in profile.templates] == [10, 8]
    old, new = profile.templates
    assert old.fields["headline"].selector == 'font[size=5][face="Times New Roman"] > b'
    assert old.fields["bylines"].selector.endswith("font[size=2][face=Arial] > b")
    assert old.fields["section"].how in ("url", "font[size=1][face=Arial] > a")
    assert old.body and old.body.selector == "td[width=460][valign=top]"
    assert any(c.selector and "font[size=1][face=Arial]" in c.selector for c in old.chrome)  # e-mail/print row
    assert new.fields["headline"].selector == "h1.headline"
    assert new.fields["bylines"].selector == "div.byline"
    assert new.fields["published"].source == "meta:article:published_time"
    assert new.body and new.body.selector == "div.article-body"
    for template in profile.templates:
        for rule in template.fields.values():
            assert rule.of == template.pages and rule.agreed >= 0.6 * rule.of and rule.examples


def test_reading_with_the_profile(profile: Profile, mirror: list[RawPage]) -> None:
    page = next(p for p in mirror if p.locator.endswith("noreaster-power-outages.html"))
    article = extract_article(page, None, [profile])
    assert article.extractor == f"profile {profile.name}/{profile.templates[0].name}"
    assert article.field_sources["profile"] == f"{profile.name}/{profile.templates[0].name}"
    assert article.field_sources["headline"].startswith("profile ")
    assert article.headline == "Nor\u2019easter leaves 18,000 without power"
    assert article.bylines == ["Martha Keane", "Samuel Reyes"]
    assert article.published == dt.date(2003, 10, 30)
    assert article.dateline == "PORT ALDEN" and len(article.paragraphs) == 4
    assert "Page 1 of 2 | Next page" in {s.text for s in article.set_aside}
    assert article.page_of is not None and article.page_of.number == 1


def test_pages_no_template_matches_are_read_page_by_page(profile: Profile) -> None:
    html = ("<html><body><article><h1>Ferry runs all winter</h1><p>By Pat Lee</p>"
            + "<p>The ferry will run all winter, the harbor commission said on Thursday after a long meeting.</p>" * 3
            + "</article></body></html>")
    page = RawPage(html.encode(), "/m", "x.html", "mirror", content_type="text/html")
    assert match_template(parse_document(html), [profile]) is None
    article = extract_article(page, None, [profile])
    assert article.field_sources["profile"] == "none matched; read page by page"
    assert article.headline == "Ferry runs all winter" and article.bylines == ["Pat Lee"]


def test_a_field_whose_rule_finds_nothing_is_found_page_by_page(profile: Profile, mirror: list[RawPage]) -> None:
    page = next(p for p in mirror if p.locator.endswith("council-waterfront-zoning.html"))
    broken = Profile(profile.name, templates=[profile.templates[1]])
    template = broken.templates[0]
    saved = template.fields["headline"]
    template.fields["headline"] = FieldRule(selector="h1.no-such-class")
    try:
        article = extract_article(page, None, [broken])
    finally:
        template.fields["headline"] = saved
    assert article.headline == "Council approves waterfront zoning change, 5-4"
    assert article.field_sources["headline"].startswith("per page: ")


def test_a_profile_is_learned_before_ingest_when_a_template_is_not_covered(tmp_path: Path) -> None:
    generate_site(tmp_path / "site", 60, seed=3)
    source = sources.open_source(str(tmp_path / "site"), None, sources.SourceOptions())
    pages = [p for p in source.pages() if isinstance(p, RawPage)]
    plan = profiles_for_source(pages, [], tmp_path / "profiles", min_pages=10)
    assert len(plan.learned) == 1
    learned, path = plan.learned[0]
    assert path.exists() and load_profile(path).name == learned.name
    assert len(learned.templates) == 2
    again = profiles_for_source(pages, plan.profiles, tmp_path / "profiles", min_pages=10)
    assert again.learned == []  # covered now: nothing more to learn
    hits = [extract_article(p, None, plan.profiles).field_sources["profile"] for p in pages]
    assert sum(h.startswith(learned.name) for h in hits) >= 0.9 * len(pages)

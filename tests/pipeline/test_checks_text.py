"""Checks on one story's text: encoding, markup, chrome, repeated text, truncation.

Each check finds its fault in an invented story, says where (field and span) with the
evidence, proposes a fix that does what it says when applied, and stays quiet on a clean
story that looks a little like the fault.
"""

from __future__ import annotations

import datetime as dt

from morgue.pipeline.checks import CheckOptions, run_checks
from morgue.pipeline.records import Article, CheckItem, Finding, Fix

CLEAN = [
    "The city council voted 5-4 last night to rezone the waterfront, a change the mayor’s office said "
    "would bring housing to the empty cannery site within three years.",
    "“We can’t wait another decade,” said Lorraine Bissett, the council president. The café owners on "
    "Water Street, some of them from São Paulo, said they welcomed the plan.",
    "The company updated its privacy policy last year after complaints from users, officials said, and "
    "the change did not affect the vote.",
    "A public hearing on the developer’s site plan is scheduled for September.",
]


def item(paragraphs: list[str], key: int | str = 1, **fields: object) -> CheckItem:
    extra = {k: fields.pop(k) for k in ("captured_at", "http_status", "capture_text", "legacy_urls") if k in fields}
    article = Article(headline=str(fields.pop("headline", "Council rezones the waterfront")),
                      paragraphs=list(paragraphs), bylines=["Samuel Reyes"], published=dt.date(2009, 6, 12),
                      section="Local", **fields)  # type: ignore[arg-type]
    return CheckItem(key=key, article=article, **extra)  # type: ignore[arg-type]


def findings(items: list[CheckItem], code: str) -> list[Finding]:
    return list(run_checks(lambda: items, CheckOptions(latest="2024-01-01"), only={code}))


def apply(text: str, fix: Fix) -> str:
    assert fix.span is not None
    start, end = fix.span
    assert text[start:end] == fix.before
    return text[:start] + fix.after + text[end:]


def test_encoding_repairs_only_the_garbled_stretch() -> None:
    garbled = "The cafÃ© owner said he didnâ€™t know."
    story = item([CLEAN[0], garbled])
    [found] = findings([story], "encoding")
    assert found.field == "body" and found.fix is not None and found.fix.safe
    body = story.article.body
    assert body[found.span[0]:found.span[1]] == found.fix.before  # type: ignore[index]
    assert apply(body, found.fix) == "\n\n".join([CLEAN[0], "The café owner said he didn’t know."])
    assert "â€™" in found.evidence


def test_encoding_restores_a_closing_quote_whose_last_byte_was_dropped() -> None:
    # ” is E2 80 9D; 9D read as windows-1252 is a C1 control, which extraction drops.
    # ftfy alone turns the "â€ " left behind into "†" and eats the space.
    garbled = "â€œPeople come here,â€ said Martin Okonjo. â€œOn weekends we were full.â€"
    story = item([CLEAN[0], garbled])
    [found] = findings([story], "encoding")
    assert found.fix is not None and found.fix.safe
    fixed = apply(story.article.body, found.fix)
    assert fixed.endswith("“People come here,” said Martin Okonjo. “On weekends we were full.”")
    assert "†" not in fixed


def test_encoding_does_not_guess_an_orphaned_lead_outside_a_quotation() -> None:
    garbled = "The cafÃ© is open â€ and the library is too."
    story = item([garbled])
    [found] = findings([story], "encoding")
    assert found.fix is not None and "†" not in found.fix.after
    fixed = apply(story.article.body, found.fix)
    assert fixed == "The café is open â€ and the library is too."
    [left] = findings([item([fixed])], "encoding")
    assert left.fix is None and "no safe repair" in left.message


def test_encoding_reports_lost_characters_without_a_fix() -> None:
    [found] = findings([item(["The caf\ufffd owner said he didn\ufffdt know it."])], "encoding")
    assert found.fix is None and "lost" in found.message


def test_encoding_quiet_on_clean_accents_and_quotes() -> None:
    assert findings([item(CLEAN, headline="Zürich’s naïve café")], "encoding") == []


def test_markup_unescapes_double_escaped_entities_safely() -> None:
    story = item(["Kessler Marine Works, Port Alden&amp;#8217;s largest employer, won&nbsp;the contract."])
    found = findings([story], "markup")
    assert [f.fix.after for f in found if f.fix] == ["\u2019", "\xa0"]
    assert all(f.fix and f.fix.safe for f in found)
    text = story.article.body
    for f in sorted(found, key=lambda f: -f.span[0]):  # type: ignore[index]
        assert f.fix is not None
        text = apply(text, f.fix)
    assert text == "Kessler Marine Works, Port Alden\u2019s largest employer, won\xa0the contract."


def test_markup_finds_tags_shortcodes_and_code() -> None:
    story = item([
        "<p>The council voted last night.</p>",
        '[caption id="attachment_12" align="alignright"]The cannery in 2003.[/caption]',
        "var googletag = googletag || {}; googletag.cmd = googletag.cmd || []; "
        "googletag.cmd.push(function() { googletag.display('ad-1'); });",
        CLEAN[0],
    ])
    found = findings([story], "markup")
    messages = " ".join(f.message for f in found)
    assert "<p>" in messages and "</p>" in messages and "shortcode" in messages and "script" in messages
    code = next(f for f in found if "script" in f.message)
    assert code.fix is not None and code.fix.safe
    assert "googletag" not in apply(story.article.body, code.fix)
    assert all(not f.fix.safe for f in found if f.fix and "tag" in f.message)  # an editor removes tags


def test_markup_quiet_on_tickers_ampersands_and_brackets() -> None:
    story = item(["AT&T and Royal Dutch/Shell <RD> agreed with <I P Sharp Associates Ltd> on R&D.",
                  "Entertainment Marketing Inc <em> said the figure [sic] was final."])
    assert findings([story], "markup") == []


def test_chrome_by_line_shape_with_a_removal_fix() -> None:
    story = item([CLEAN[0], "ADVERTISEMENT", CLEAN[1], "Sign in to comment", "Photo: Jane Doe/Getty Images"])
    found = findings([story], "chrome")
    assert {f.evidence.split("\n")[0] for f in found} == {"ADVERTISEMENT", "Sign in to comment"}
    body = story.article.body
    for f in sorted(found, key=lambda f: -f.span[0]):  # type: ignore[index]
        assert f.fix is not None and f.fix.safe
        body = apply(body, f.fix)
    assert body == "\n\n".join(CLEAN[:2])


def test_chrome_learned_from_what_repeats_across_stories() -> None:
    stories = [item([f"Story number {n} is about something else entirely, officials said on Monday.",
                     "Wire Archive Markets Live | every price, all day"], key=n) for n in range(4)]
    assert {f.key for f in findings(stories, "chrome")} == {0, 1, 2, 3}
    assert findings(stories[:1], "chrome") == []  # once is not a pattern


def test_chrome_quiet_on_a_clean_story_and_repeated_ordinary_sentences() -> None:
    stories = [item([f"Acme Corp agreed to buy unit {n} of Beta Inc for cash.", "Terms were not disclosed."],
                    key=n) for n in range(6)]
    assert findings([item(CLEAN), *stories], "chrome") == []


def test_repeated_paragraph_found_and_removed() -> None:
    story = item([CLEAN[0], CLEAN[1], CLEAN[1], CLEAN[3]])
    [found] = findings([story], "repeated-text")
    assert found.fix is not None and found.fix.safe and "paragraph 3 repeats paragraph 2" in found.message
    assert apply(story.article.body, found.fix) == "\n\n".join([CLEAN[0], CLEAN[1], CLEAN[3]])


def test_repeated_text_seen_in_the_capture_only() -> None:
    capture = "\n".join(["Menu", CLEAN[0], CLEAN[1], CLEAN[1], CLEAN[3]])
    [found] = findings([item([CLEAN[0], CLEAN[1], CLEAN[3]], capture_text=capture)], "repeated-text")
    assert found.severity == "info" and found.fix is None


def test_repeated_text_quiet_on_short_lines_and_interview_questions() -> None:
    question = "What made you want to start a cooking page, and why now?"
    story = item([question, CLEAN[0], "He said no.", question, CLEAN[1], "He said no."])
    assert findings([story], "repeated-text") == []


def test_truncated_mid_sentence() -> None:
    story = item([CLEAN[0], "The budget now goes to the City Council, which must approve the"])
    [found] = findings([story], "truncated")
    assert "mid-sentence" in found.message and found.field == "body"


def test_truncated_against_the_capture() -> None:
    capture = "\n".join(["Home | Local", *CLEAN, "Related stories", "Footer © 2009"])
    [found] = findings([item(CLEAN[:2], capture_text=capture)], "truncated")
    assert "privacy policy" in found.evidence


def test_truncated_quiet_on_the_sites_own_end_matter_after_the_story() -> None:
    """Real pages (data/zyte) print a profile of the company after a press release, or the
    paper's invitation to write letters after an op-ed: the site, not the story, goes on."""
    profile = ("Ascom is a global solutions provider focused on healthcare ICT and mobile workflow "
               "solutions, with subsidiaries in 15 countries and around 1,300 people worldwide.")
    letters = ("The Times is committed to publishing a diversity of letters to the editor. We’d like "
               "to hear what you think about this or any of our articles.")
    follow = "Follow The New York Times Opinion section on Facebook, Twitter (@NYTopinion) and Instagram."
    release = item(CLEAN, capture_text="\n".join([*CLEAN, profile, "Subscribe to our newsletter"]),
                   legacy_url="https://www.ascom.com/news/ge-partnership.html")
    op_ed = item(CLEAN, key=2, capture_text="\n".join([*CLEAN, letters, follow, "Advertisement"]),
                 legacy_url="https://www.nytimes.com/2019/11/19/opinion/impeachment.html")
    assert findings([release, op_ed], "truncated") == []
    # The same text is the story going on when the site is another one.
    elsewhere = item(CLEAN, key=3, capture_text="\n".join([*CLEAN, profile, "Related stories"]),
                     legacy_url="https://www.eveningledger.com/2009/06/12/ge-partnership.html")
    assert len(findings([elsewhere], "truncated")) == 1


def test_truncated_when_later_pages_are_missing() -> None:
    story = item([CLEAN[0], CLEAN[1], "Page 1 of 2 | Next page"])
    assert len(findings([story], "truncated")) == 1
    page2 = item([CLEAN[3], "Previous page | Page 2 of 2"], key=2)
    assert findings([story, page2], "truncated") == []


def test_truncated_quiet_on_complete_stories_credits_and_links() -> None:
    stories = [item(CLEAN, capture_text="\n".join(CLEAN)),
               item([*CLEAN, "Reporting by Tom Brannigan; editing by Helen Marsh"], key=2),
               item([*CLEAN, "More at https://www.example.com/harbor"], key=3),
               item([*CLEAN[:2], "Twitter users were not sure what to make of it:"], key=4)]
    assert findings(stories, "truncated") == []


def test_truncated_quiet_on_what_follows_a_finished_story_on_many_sites() -> None:
    """End matter seen on real pages of many sites (data/htmldate-eval's tuning half),
    each after a story that is complete."""
    endings = [
        "Scholz hat sich dazu bisher skeptisch geäußert. (dpa)",  # an agency's mark
        "Moderator Kai Schick (r.) und Martin Walde. / Quelle: ARD/Christof Arnold",  # a picture credit
        "Our search for perfection never ends.\" - Ben Wilson -",  # a quotation's attribution
        "* Name geändert",  # a footnote
        "30. Lisa Vittozzi (ITA) +4.11,5 (9)",  # a line of results
        "If you're on the ABC7 News app, click here to watch live",  # a call to act
        "Nichts Neues verpassen! - Newsletter abonnieren",
        "Danach fühle ich mich irgendwie wie ein Badass – und das gefällt mir 😉",  # a post closed by an emoji
        "Nur Seitenwind möge sie „nicht besonders“.",  # German quotes
    ]
    stories = [item([*CLEAN, end], key=n) for n, end in enumerate(endings)]
    assert findings(stories, "truncated") == []
    cut = item([*CLEAN, "The budget now goes to the council, which must approve the"], key="cut")
    assert [f.key for f in findings([*stories, cut], "truncated")] == ["cut"]


def test_truncated_quiet_on_an_author_bio_or_a_note_about_the_article() -> None:
    """The zyte pages' wrong flags: the site's end matter after a complete story read as
    the story going on in the capture."""
    bio = ("Leah C. Stokes is an assistant professor of political science at UC Santa Barbara and the "
           "author of a book on clean energy policy in the American states.")
    note = ("Dieser Artikel ist ein Beitrag aus der aktuellen Ausgabe. Wenn Sie die Zeitung näher kennenlernen "
            "möchten, bestellen Sie ein kostenloses Probeabonnement.")
    footnote = ("* Links mit Sternchen sind sogenannte Affiliate-Links: Wenn du darauf klickst und etwas kaufst, "
                "bekommen wir eine kleine Provision.")
    pages = [item(CLEAN, key=n, capture_text="\n".join([*CLEAN, extra, "Related stories"]))
             for n, extra in enumerate([bio, note, footnote])]
    assert findings(pages, "truncated") == []


def test_markup_finds_cdata_and_template_tokens_and_leaves_text_about_markup() -> None:
    leaked = item([f"<![CDATA[{CLEAN[0]}]]>", "{{ article.related_links }}", CLEAN[1],
                   f"{CLEAN[2]} %%AD_SLOT_2%%", "[[INLINE_IMAGE_1]]", "{% include 'promo.html' %}", "&lt;p&gt;"])
    found = findings([leaked], "markup")
    evidence = {leaked.article.body[f.span[0]:f.span[1]] for f in found if f.span}
    assert {"<![CDATA[", "]]>", "{{ article.related_links }}", "%%AD_SLOT_2%%", "[[INLINE_IMAGE_1]]",
            "{% include 'promo.html' %}", "&lt;", "&gt;"} <= evidence
    about = item(["Start each paragraph with the <p> tag and end it with “</p>”.",
                  "The template prints {{ name }} placeholders, and writers link to [[Main Page]] in wikis.",
                  "Feeds wrap text in a <![CDATA[ section so that it is not parsed."], key=2)
    assert findings([about], "markup") == []

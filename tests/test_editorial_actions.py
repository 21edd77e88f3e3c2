"""The desk's rules (morgue.editorial.actions): report, propose, approve, reject, bulk;
two editors on one article; the audit trail; the reader's email."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from morgue.archive.corrections import published_text
from morgue.archive.models import Article, Correction, Finding
from morgue.archive.verify import verify_archive
from morgue.editorial import actions
from morgue.editorial.actions import Decision
from morgue.editorial.models import AuditEntry, Proposal, Report

from .archive_rows import CHROME, MOJIBAKE, make_article
from .editorial_support import CURLY, damaged_articles, head, make_editor, make_user, open_findings

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_editor("eve")


@pytest.fixture
def damaged(store_root: Path, stand_in_checks) -> Article:
    return damaged_articles(store_root)[0]


def _report(article: Article, **kwargs) -> Report:
    reader = kwargs.pop("reader", None) or make_user()
    data = {"part": "headline", "what_is_wrong": "The harbor is misspelled",
            "suggested_fix": "Harbour", "source": "the printed edition"} | kwargs
    return actions.report(reader, article, **data)


# --- findings ------------------------------------------------------------------------------


def test_approving_a_findings_fix_writes_a_transfer_correction_on_the_record(
        damaged: Article, editor) -> None:
    finding = open_findings(damaged, "encoding")[0]

    correction = actions.approve(editor, Decision("finding", finding.pk, head(damaged)))

    assert correction.kind == "transfer" and correction.status == "applied"
    assert correction.who == editor and correction.finding_id == finding.pk
    assert Finding.objects.get(pk=finding.pk).status == "fixed"
    assert published_text(damaged).body.count(MOJIBAKE) == 1
    entry = AuditEntry.objects.get(action="approve")
    assert (entry.who, entry.who_name, entry.finding_id, entry.correction_id,
            entry.article_id) == (editor, "eve", finding.pk, correction.pk, damaged.pk)
    assert verify_archive().ok


def test_an_edited_approval_writes_the_editors_text(damaged: Article, editor) -> None:
    finding = open_findings(damaged, "encoding")[0]
    body = published_text(damaged).body
    edited = body.replace(MOJIBAKE, "'", 1)

    correction = actions.approve(editor, Decision("finding", finding.pk, head(damaged),
                                                  reason="plain apostrophe", text=edited))

    assert published_text(damaged).body == edited
    assert correction.reason == "plain apostrophe" and correction.span is not None
    assert correction.before == f"mayor{MOJIBAKE}s" and correction.after == "mayor's"
    assert AuditEntry.objects.get(action="approve").detail["edited"] is True


def test_rejecting_a_fix_dismisses_it_and_logs_the_rejection(damaged: Article, editor) -> None:
    finding = open_findings(damaged, "chrome")[0]

    entry = actions.reject(editor, Decision("finding", finding.pk, head(damaged),
                                            reason="it is part of the story"))

    assert entry.status == "rejected" and entry.finding_id == finding.pk
    assert Finding.objects.get(pk=finding.pk).status == "dismissed"
    assert CHROME in published_text(damaged).body
    assert AuditEntry.objects.get(action="reject").detail["reason"] == "it is part of the story"
    with pytest.raises(actions.AlreadyDecided):
        actions.approve(editor, Decision("finding", finding.pk, head(damaged)))


def test_a_reason_is_required_to_reject_and_readers_may_not_decide(damaged: Article,
                                                                   editor) -> None:
    finding = open_findings(damaged, "chrome")[0]
    with pytest.raises(actions.Invalid, match="reason"):
        actions.reject(editor, Decision("finding", finding.pk, head(damaged), reason="  "))
    with pytest.raises(actions.NotAllowed):
        actions.approve(make_user(), Decision("finding", finding.pk, head(damaged)))
    with pytest.raises(actions.NotFound):
        actions.approve(editor, Decision("finding", 10**9, head(damaged)))
    assert not Correction.objects.exists() and not AuditEntry.objects.exists()


# --- two editors ---------------------------------------------------------------------------


def test_the_second_editor_is_told_with_the_current_text(damaged: Article) -> None:
    first, second = make_editor("ann"), make_editor("bob")
    encoding = open_findings(damaged, "encoding")[0]
    chrome = open_findings(damaged, "chrome")[0]
    seen = head(damaged)  # both opened the article now

    actions.approve(first, Decision("finding", chrome.pk, seen))
    with pytest.raises(actions.Conflict) as caught:
        actions.approve(second, Decision("finding", encoding.pk, seen))

    conflict = caught.value
    assert conflict.status == 409 and conflict.head == head(damaged) != seen
    assert CHROME not in conflict.text.body  # the first editor's change, as published now
    assert Correction.objects.count() == 1
    assert Finding.objects.get(pk=encoding.pk).status == "open"
    # Looking again (the new head), the second editor's decision goes through.
    actions.approve(second, Decision("finding", encoding.pk, conflict.head))
    assert Correction.objects.filter(status="applied").count() == 2


def test_the_same_item_is_never_decided_twice(damaged: Article) -> None:
    first, second = make_editor(), make_editor()
    finding = open_findings(damaged, "encoding")[0]
    actions.approve(first, Decision("finding", finding.pk, head(damaged)))
    with pytest.raises(actions.AlreadyDecided):  # even with a fresh head
        actions.approve(second, Decision("finding", finding.pk, head(damaged)))
    assert Correction.objects.filter(finding=finding).count() == 1


# --- readers' reports ----------------------------------------------------------------------


def test_a_reader_reports_and_is_emailed_when_it_is_corrected(store_root: Path, editor,
                                                              django_capture_on_commit_callbacks
                                                              ) -> None:
    article = make_article(store_root, headline="Harbor Dredging Plan Aproved")
    reader = make_user(name="rita")
    report = _report(article, reader=reader, what_is_wrong="Aproved is misspelled",
                     suggested_fix="Approved")
    assert AuditEntry.objects.get(action="report").who_name == ""  # a reader's name is not kept

    with django_capture_on_commit_callbacks(execute=True):
        correction = actions.approve(editor, Decision(
            "report", report.pk, head(article), reason="Spelling corrected, thanks to a reader",
            text="Harbor Dredging Plan Approved"))

    assert correction.kind == "editorial" and correction.who == editor
    assert (correction.before, correction.after) == ("Aproved", "Approved")
    report.refresh_from_db()
    assert report.status == "corrected" and report.correction == correction
    assert report.resolved_by == editor and report.resolved_at is not None
    assert published_text(article).headline == "Harbor Dredging Plan Approved"
    [message] = mail.outbox
    assert message.to == ["rita@example.com"] and "corrected" in message.subject
    assert "Spelling corrected, thanks to a reader" in message.body
    assert "now reads “Approved”" in message.body


def test_a_rejected_report_is_closed_and_its_reader_told(store_root: Path, editor,
                                                         django_capture_on_commit_callbacks
                                                         ) -> None:
    article = make_article(store_root)
    report = _report(article)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.reject(editor, Decision("report", report.pk, head(article),
                                               reason="The paper spelled it so")) is None
    report.refresh_from_db()
    assert report.status == "rejected" and report.resolution == "The paper spelled it so"
    assert not Correction.objects.exists()
    assert "not changed" in mail.outbox[0].subject


def test_only_readers_with_a_confirmed_address_may_report(store_root: Path) -> None:
    article = make_article(store_root)
    with pytest.raises(actions.NotAllowed):
        _report(article, reader=make_user(verified=False))
    with pytest.raises(actions.Invalid):
        _report(article, what_is_wrong="   ")
    assert not Report.objects.exists()


def test_a_report_needs_the_corrected_text_and_a_reason(store_root: Path, editor) -> None:
    article = make_article(store_root)
    report = _report(article)
    with pytest.raises(actions.Invalid, match="corrected text"):
        actions.approve(editor, Decision("report", report.pk, head(article), reason="r"))
    with pytest.raises(actions.Invalid, match="same as the published"):
        actions.approve(editor, Decision("report", report.pk, head(article), reason="r",
                                         text=article.headline))
    with pytest.raises(actions.Invalid, match="YYYY-MM-DD"):
        actions.approve(editor, Decision("report", report.pk, head(article), reason="r",
                                         field="published", text="March 8"))


# --- proposals -----------------------------------------------------------------------------


def test_a_proposal_is_logged_then_approved_by_another_editor(store_root: Path) -> None:
    article = make_article(store_root, paragraphs=["The council met on Teusday.",
                                                   "It rained."])
    proposer, approver = make_editor("pat"), make_editor("quinn")
    report = _report(article, part="body", what_is_wrong="Teusday")

    proposal = actions.propose(proposer, article, field="body",
                               text="The council met on Tuesday.\n\nIt rained.",
                               reason="Typo in the day", seen_head=head(article), report=report)

    entry = proposal.entry
    assert entry.status == "proposed" and entry.who == proposer and entry.kind == "editorial"
    assert (entry.before, entry.after, entry.span) == ("Teusday.", "Tuesday.", (19, 27))
    assert "Teusday" in published_text(article).body  # proposed, not applied

    correction = actions.approve(approver, Decision("proposal", proposal.pk, head(article)))

    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.outcome == correction
    assert correction.who == approver and correction.reason == "Typo in the day"
    assert published_text(article).body == "The council met on Tuesday.\n\nIt rained."
    assert Report.objects.get(pk=report.pk).status == "corrected"
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "report", "propose", "approve"]
    with pytest.raises(actions.AlreadyDecided):
        actions.reject(approver, Decision("proposal", proposal.pk, head(article), reason="r"))
    assert verify_archive().ok


def test_a_rejected_proposal_is_logged_as_rejected(store_root: Path, editor) -> None:
    article = make_article(store_root)
    proposal = actions.propose(editor, article, field="section", text="Sports",
                               reason="misfiled?", seen_head=head(article))
    entry = actions.reject(editor, Decision("proposal", proposal.pk, head(article),
                                            reason="it is local news"))
    assert entry.status == "rejected" and entry.after == "Sports"
    assert Proposal.objects.get().status == "rejected"
    assert published_text(article).section == "Local"


def test_a_proposal_follows_text_moved_by_a_later_correction(store_root: Path, editor) -> None:
    article = make_article(store_root, paragraphs=["A short one.", "The cat sat on teh mat."])
    proposal = actions.propose(editor, article, field="body",
                               text="A short one.\n\nThe cat sat on the mat.",
                               reason="typo", seen_head=head(article))
    other = actions.propose(editor, article, field="body",
                            text="A much longer first paragraph.\n\nThe cat sat on teh mat.",
                            reason="fuller", seen_head=head(article))
    actions.approve(editor, Decision("proposal", other.pk, head(article)))
    actions.approve(editor, Decision("proposal", proposal.pk, head(article)))
    assert published_text(article).body == ("A much longer first paragraph.\n\n"
                                            "The cat sat on the mat.")


# --- bulk ----------------------------------------------------------------------------------


def test_bulk_approval_previews_then_applies_exactly_what_it_counted(
        store_root: Path, stand_in_checks, editor) -> None:
    articles = damaged_articles(store_root, 3)
    preview = actions.bulk_preview(editor, "encoding")
    assert (preview.findings, preview.articles) == (6, 3)
    assert preview.samples[0].texts["body"][1].count(CURLY) == 2

    # A finding made after the preview is not approved by it.
    later = Finding.objects.create(article=articles[0], code="encoding", severity="warning",
                                   message="late", field="body",
                                   proposed_fix={"field": "body", "before": "spring",
                                                 "after": "Spring", "span": None, "safe": True})
    result = actions.bulk_approve(editor, "encoding", upto=preview.upto, batch_size=2)

    assert (result.articles, result.corrections, result.skipped) == (3, 6, [])
    assert all(MOJIBAKE not in published_text(a).body for a in articles)
    assert Finding.objects.get(pk=later.pk).status == "open"
    assert Correction.objects.filter(who=editor, status="applied").count() == 6
    assert AuditEntry.objects.filter(action="bulk-approve").count() == 6
    # Approving again does nothing: each fix is applied once.
    again = actions.bulk_approve(editor, "encoding", upto=preview.upto)
    assert again.corrections == 0
    assert verify_archive().ok


def test_bulk_skips_a_fix_whose_text_changed_and_applies_the_rest(
        store_root: Path, stand_in_checks, editor) -> None:
    first, second = damaged_articles(store_root, 2)
    preview = actions.bulk_preview(editor, "chrome")
    body = published_text(first).body
    actions.propose(editor, first, field="body", text=body.replace("Sign in", "Log in"),
                    reason="r", seen_head=head(first))
    actions.approve(editor, Decision("proposal", Proposal.objects.get().pk, head(first)))

    result = actions.bulk_approve(editor, "chrome", upto=preview.upto)

    assert result.corrections == 1 and len(result.skipped) == 1
    assert CHROME not in published_text(second).body
    assert open_findings(first, "chrome")


def test_bulk_is_for_editors_only(store_root: Path) -> None:
    with pytest.raises(actions.NotAllowed):
        actions.bulk_preview(make_user(), "encoding")
    with pytest.raises(actions.NotAllowed):
        actions.bulk_approve(make_user(), "encoding", upto=1)


# --- small rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "new", "expected"), [
    ("The cat sat.", "The dog sat.", ((4, 7), "cat", "dog")),
    ("The cat sat.", "The cat sat down.", ((8, 12), "sat.", "sat down.")),
    ("Old", "New", (None, "Old", "New")),
    ("", "Now something", (None, "", "Now something")),
])
def test_change_between_keeps_to_the_words_that_differ(current, new, expected) -> None:
    change = actions.change_between("body", current, new)
    assert (change.span, change.before, change.after) == expected
    start, end = change.span or (0, len(current))
    assert current[:start] + change.after + current[end:] == new


def test_audit_entries_are_append_only(store_root: Path) -> None:
    article = make_article(store_root)
    _report(article)
    entry = AuditEntry.objects.get()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        AuditEntry.objects.all().delete()
    with pytest.raises(ValueError):
        AuditEntry.objects.update(action="x")


def test_a_readers_reports_are_in_their_personal_data(store_root: Path) -> None:
    from morgue.accounts.personal_data import collect

    reader = make_user()
    _report(make_article(store_root), reader=reader)
    data = collect(reader)
    assert data["error_reports"][0]["what_is_wrong"] == "The harbor is misspelled"

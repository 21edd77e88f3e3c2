"""The desk's and the reader's forms: they check input, the actions check the rules."""

from __future__ import annotations

from django import forms

from morgue.archive.fieldtext import FIELDS

from .actions import ITEM_KINDS, MAX_REASON, MAX_REPORT_TEXT, Decision
from .models import Report
from .queue import KINDS, STATUSES, QueueFilters

FIELD_CHOICES = [(name, name) for name in FIELDS]


class ReportForm(forms.Form):
    part = forms.ChoiceField(choices=Report.Part.choices, label="Which part is wrong?")
    what_is_wrong = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                    max_length=MAX_REPORT_TEXT, label="What is wrong?")
    suggested_fix = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                    max_length=MAX_REPORT_TEXT,
                                    label="What should it say? (optional)")
    source = forms.CharField(required=False, max_length=MAX_REPORT_TEXT,
                             label="How do you know? A source or link (optional)")


class DecisionForm(forms.Form):
    """Approve or reject one item; ``text`` (the field's new text) when edited."""

    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    kind = forms.ChoiceField(choices=[(k, k) for k in ITEM_KINDS])
    pk = forms.IntegerField(min_value=1)
    head = forms.CharField(required=False, max_length=64)
    reason = forms.CharField(required=False, max_length=MAX_REASON,
                             widget=forms.Textarea(attrs={"rows": 2}))
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    field = forms.ChoiceField(choices=[("", "")] + FIELD_CHOICES, required=False)
    edited = forms.BooleanField(required=False)

    def decision(self) -> Decision:
        data = self.cleaned_data
        edited = data["edited"]
        return Decision(kind=data["kind"], pk=data["pk"], seen_head=data["head"] or "",
                        reason=data["reason"], text=data["text"] if edited else None,
                        field=data["field"] or None)


class ProposeForm(forms.Form):
    head = forms.CharField(required=False, max_length=64)
    field = forms.ChoiceField(choices=FIELD_CHOICES)
    text = forms.CharField(strip=False, widget=forms.Textarea, required=False)
    reason = forms.CharField(max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2}))
    report = forms.IntegerField(required=False, min_value=1)


class QueueForm(forms.Form):
    check = forms.CharField(required=False, max_length=32)
    section = forms.CharField(required=False, max_length=255)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    severity = forms.ChoiceField(required=False, choices=[("", "any")] + [
        (s, s) for s in ("info", "warning", "error")])
    status = forms.ChoiceField(required=False, choices=[(s, s) for s in STATUSES])
    kind = forms.ChoiceField(required=False, choices=[("", "any")] + [(k, k) for k in KINDS])
    page = forms.IntegerField(required=False, min_value=1)

    def clean_check(self) -> str:
        from morgue.archive.checking import UnknownCheck, finding_codes

        code = self.cleaned_data.get("check") or ""
        if code:
            try:
                finding_codes([code])
            except UnknownCheck as exc:
                raise forms.ValidationError(str(exc)) from None
        return code

    def filters(self) -> QueueFilters:
        # Only the filters that are valid: a bad one is left out, not the rest with it.
        data: dict = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return QueueFilters(check=data.get("check") or "", section=data.get("section") or "",
                            year=data.get("year"), severity=data.get("severity") or "",
                            status=data.get("status") or "open", kind=data.get("kind") or "")


class BulkForm(forms.Form):
    code = forms.CharField(max_length=32)
    upto = forms.IntegerField(min_value=0)
    expected = forms.IntegerField(min_value=0, required=False)

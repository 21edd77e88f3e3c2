"""The search form: request parameters in, a :class:`~morgue.search.SearchQuery` out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from morgue.search import SearchQuery
from morgue.search.query import MAX_QUERY_LENGTH

from .listing import PAGE_SIZE

SORT_CHOICES = [("", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")]
#: The deepest page offered; past it, narrow the search instead.
MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, label="Search the archive",
                        widget=forms.TextInput(attrs={
                            "type": "search", "placeholder": 'Words, or "an exact phrase"',
                            "autocomplete": "off", "enterkeyhint": "search"}))
    section = forms.CharField(required=False, max_length=255, label="Section")
    author = forms.CharField(required=False, max_length=255, label="Author")
    date_from = forms.DateField(required=False, label="From",
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To",
                              widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label="Order")
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def query(self, page_size: int = PAGE_SIZE) -> SearchQuery:
        """The SearchQuery of a valid form."""
        data = self.cleaned_data
        page = data.get("page") or 1
        return SearchQuery(q=data.get("q") or "", section=data.get("section") or None,
                           author=data.get("author") or None, date_from=data.get("date_from"),
                           date_to=data.get("date_to"), sort=data.get("sort") or None,
                           offset=(page - 1) * page_size, limit=page_size)


def with_params(params: QueryDict, **changes) -> str:
    """The query string of ``params`` with some values changed (None removes them)."""
    copy = params.copy()
    for key, value in changes.items():
        if value is None or value == "":
            copy.pop(key, None)
        else:
            copy[key] = str(value)
    if "page" not in changes:
        copy.pop("page", None)  # a new filter starts at the first page
    return copy.urlencode()

"""Template helpers of the public site."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from morgue.search.backends.base import slug

from ..forms import with_params

register = template.Library()


@register.filter
def author_url(name: str) -> str:
    return reverse("author", args=[slug(name)]) if slug(name) else ""


@register.filter
def section_url(name: str) -> str:
    return reverse("section", args=[slug(name)]) if name and slug(name) else ""


@register.simple_tag
def byline(names: list[str], link: bool = True) -> SafeString:
    """"By A, B and C", each name linked to the author's page."""
    names = [n for n in names or [] if n]
    if not names:
        return mark_safe("")
    if link:
        parts = [format_html('<a href="{}" rel="author">{}</a>', author_url(n), n)
                 if author_url(n) else format_html("{}", n) for n in names]
    else:
        parts = [format_html("{}", n) for n in names]
    joined = parts[0] if len(parts) == 1 else format_html_join(
        ", ", "{}", ((p,) for p in parts[:-1])) + format_html(" and {}", parts[-1])
    return format_html("By {}", joined)


@register.simple_tag(takes_context=True)
def page_link(context, number: int) -> str:
    """The current URL's query string with another page number."""
    return "?" + with_params(context["request"].GET, page=number)

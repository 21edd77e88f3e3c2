"""Template filters for the quality report."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TICKED = re.compile(r"`([^`]+)`")


@register.filter
def ticks_as_code(text: str) -> SafeString:
    """Escape ``text``, then show `quoted` commands as <code> (as they read in a terminal)."""
    return mark_safe(_TICKED.sub(r"<code>\1</code>", escape(text)))  # noqa: S308 - escaped first

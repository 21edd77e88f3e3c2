"""The fictional paper every sample is written for: names, sections and boilerplate.

Everything here is invented for the project. The archive notice and the footer are the
new (2021) site's chrome that text dumps carry along with each story, so that
corpus-level chrome detection has something to learn from.
"""

from __future__ import annotations

import datetime as dt

PAPER = "The Evening Ledger"
CITY = "Port Alden"
HOST = "www.eveningledger.com"
BASE_URL = f"http://{HOST}"

#: display name -> URL segment, in the order the old sites listed them in their nav
SECTIONS: dict[str, str] = {
    "Local": "local",
    "Business": "business",
    "Sports": "sports",
    "Arts": "arts",
    "Opinion": "opinion",
    "World": "world",
}

# The paper's own clocks. Fixed offsets rather than zoneinfo so that output never
# depends on the machine's tz database.
EST = dt.timezone(dt.timedelta(hours=-5), "EST")
EDT = dt.timezone(dt.timedelta(hours=-4), "EDT")

#: the day the 2009 CMS and the WordPress site were exported for the move
EXPORT_DAY = dt.datetime(2021, 3, 15, 9, 0, 0, tzinfo=dt.UTC)

ARCHIVE_NOTICE = (
    "This story is from The Evening Ledger\u2019s archive, before our new site launched "
    "in 2021. We have not edited or updated archived stories, but we will fix errors "
    "introduced when they were moved."
)

#: the 2021 site's footer and sign-in box, as a text dump flattens them
NEW_SITE_FOOTER: tuple[str, ...] = (
    PAPER,
    "\u00a9 2024 Evening Ledger Publishing Company. All rights reserved.",
    "By using this site you agree to the Ledger\u2019s Terms of Service and Privacy "
    "Notice. Everything published here is protected by copyright; please ask before "
    "you copy, republish or redistribute any of it.",
    PAPER,
    "Sign in  |  Register for free",
    "Registering means you accept our Terms of Service and Privacy Notice",
)


def long_date(day: dt.date) -> str:
    """'March 7, 2003', the way both old layouts print a date (no leading zero)."""
    return f"{day:%B} {day.day}, {day.year}"

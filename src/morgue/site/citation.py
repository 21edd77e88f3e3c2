"""How to cite a story: APA, MLA and Chicago text, BibTeX and RIS records.

Every citation names the version read (its own URL, ``…/vN/``, which always shows that
text) and the day it was accessed, so a reader of the citation finds the words cited
even after a later correction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from morgue.archive.stories import Story

__all__ = ["Citation", "cite"]


@dataclass(frozen=True, slots=True)
class Citation:
    apa: str
    mla: str
    chicago: str
    bibtex: str
    ris: str


def _inverted(name: str) -> str:
    first, _, last = name.rpartition(" ")
    return f"{last}, {first}" if first else name


def _initials(name: str) -> str:
    first, _, last = name.rpartition(" ")
    if not first:
        return name
    return f"{last}, " + " ".join(f"{part[0]}." for part in first.split() if part)


def _apa_authors(names: list[str]) -> str:
    shown = [_initials(n) for n in names]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + ", & " + shown[-1]


def _mla_authors(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return _inverted(names[0])
    if len(names) == 2:
        return f"{_inverted(names[0])}, and {names[1]}"
    return f"{_inverted(names[0])}, et al."


def _chicago_authors(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(_inverted(n) for n in names)
    return ", ".join([_inverted(names[0]), *names[1:-1]]) + ", and " + names[-1]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}%&$#_])", r"\\\1", text)


def cite(story: Story, paper: str, url: str, accessed: dt.date, version: int) -> Citation:
    """Citations of ``story`` (as version ``version``, found at ``url``), read on ``accessed``."""
    title = story.headline or "Untitled"
    day = story.published
    names = list(story.bylines)
    by_month = story.published_precision == "month"  # only year and month are known
    apa_date = (f"{day.year}, {day:%B}" if by_month else f"{day.year}, {day:%B} {day.day}") if day else "n.d."
    apa_who = _apa_authors(names)
    apa = (f"{apa_who} ({apa_date}). {_sentence(title)} {paper}. "
           if apa_who else f"{_sentence(title)} ({apa_date}). {paper}. ")
    apa += f"Retrieved {accessed:%B} {accessed.day}, {accessed.year}, from {url}"
    mla_who = _mla_authors(names)
    mla = (f"{_sentence(mla_who)} " if mla_who else "") + f"\u201c{_sentence(title)}\u201d {paper}"
    mla += (f", {day:%b}. {day.year}" if by_month else f", {day.day} {day:%b}. {day.year}") if day else ""
    mla += f", {url}. "
    mla += f"Accessed {accessed.day} {accessed:%b}. {accessed.year}."
    chicago_who = _chicago_authors(names)
    chicago = (f"{_sentence(chicago_who)} " if chicago_who else "")
    chicago += f"\u201c{_sentence(title)}\u201d {paper}"
    chicago += (f", {story.published_label}. " if day else ". ")
    chicago += f"Accessed {accessed:%B} {accessed.day}, {accessed.year}. {url}."
    key = re.sub(r"[^a-z0-9]+", "", (names[0].rsplit(" ", 1)[-1] if names else paper).lower())
    key = f"{key}{day.year if day else 'nd'}-{story.id}-v{version}"
    bib = [f"@article{{{key},"]
    if names:
        bib.append(f"  author = {{{' and '.join(_bibtex_escape(_inverted(n)) for n in names)}}},")
    bib += [f"  title = {{{_bibtex_escape(title)}}},", f"  journal = {{{_bibtex_escape(paper)}}},"]
    if day:
        bib += [f"  year = {{{day.year}}},", f"  date = {{{story.published_iso}}},"]
    bib += [f"  url = {{{url}}},", f"  urldate = {{{accessed.isoformat()}}},",
            f"  note = {{Version {version}}}", "}"]
    ris = ["TY  - NEWS", *(f"AU  - {_inverted(n)}" for n in names), f"TI  - {title}",
           f"T2  - {paper}"]
    if day:
        ris += [f"PY  - {day.year}", f"DA  - {day:%Y/%m/}" if by_month else f"DA  - {day:%Y/%m/%d}"]
    ris += [f"UR  - {url}", f"Y2  - {accessed:%Y/%m/%d}", f"N1  - Version {version}", "ER  - "]
    return Citation(apa, mla, chicago, "\n".join(bib), "\n".join(ris))

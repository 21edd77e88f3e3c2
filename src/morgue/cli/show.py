"""`morgue show ID|URL`: one article, and where each of its fields came from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click
from rich.markup import escape
from rich.table import Table

from .app import cli, out, plural, setup_django

if TYPE_CHECKING:
    from morgue.archive.models import Article

#: Text of a field shown in the terminal; --json has all of it.
SHOWN_CHARS = 300
#: Where extraction records a field's source under another name.
_SOURCE_KEY = {"body": "paragraphs"}


def find_article(ref: str) -> Article:
    """An article by id, by its URL on the new site (or one it had), or by an old-site
    address; raises a ClickException that says how to find one."""
    from morgue.archive.models import Article, LegacyPath
    from morgue.archive.redirects import legacy_key

    ref = ref.strip()
    if ref.isdigit():
        found = Article.objects.filter(pk=int(ref)).first()
    else:
        path = urlsplit(ref).path or ref
        candidates = {path, path.rstrip("/") + "/"}
        found = (Article.objects.filter(url__in=candidates).first()
                 or Article.objects.filter(former_urls__url__in=candidates).first()
                 or Article.objects.filter(legacy_url=ref).order_by("pk").first())
        if found is None and (key := legacy_key(ref)):
            claim = LegacyPath.objects.filter(path=key).order_by("rank", "article_id").first()
            found = claim.article if claim else None
    if found is None:
        raise click.ClickException(
            f"no article {ref!r} in this archive: give an article id, its URL on the new "
            "site or an old-site address (`morgue findings` and `morgue export` list them)")
    return found


@cli.command()
@click.argument("ref", metavar="ID|URL")
@click.option("--json", "as_json", is_flag=True,
              help="The story's full record (as `morgue export` writes it) as JSON.")
def show(ref: str, as_json: bool) -> None:
    """Show one article: its fields and where each came from, its findings, corrections,
    versions, captures and old addresses.

    ID|URL is an article id, its URL on the new site (or one it had before a
    correction), or an old-site address. A later page of a story shows the whole story.

    \b
    Examples:
      morgue show 42
      morgue show /2009/03/14/harbor-dredging-resumes/
      morgue show http://www.eveningledger.com/news/local/2009/03/14/dredging.html
      morgue show 42 --json | jq .field_sources
    """
    setup_django()
    from morgue.archive.export import jsonable, story_record

    record = story_record(find_article(ref))
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2, default=jsonable))
        return
    _print_story(record)


def _print_story(r: dict[str, Any]) -> None:
    status = "[green]published[/]" if r["status"] == "published" else f"[yellow]{r['status']}[/]"
    out.print(f"[bold]{escape(r['headline'] or '(no headline)')}[/]", highlight=False)
    out.print(f"article {r['id']} · {status} · {escape(r['url'])}", highlight=False)
    out.print(_fields(r))
    out.print(_table("Captures (original bytes, never altered)",
                     ("page", "source", "format", "captured", "sha256"),
                     [(str(p["page_no"] or 1), f"{p['source']} {p['locator']}", p["format"],
                       _when(p["captured_at"]), p["capture_sha256"][:16] + "…")
                      for p in r["pages"]]))
    former = [f"{f['url']} (until correction {f['correction']})" for f in r["former_urls"]]
    out.print(_table("Old addresses (each redirects here)", ("address",),
                     [(a,) for a in [*r["legacy_urls"], *former]]))
    out.print(_table(plural(len(r["findings"]), "finding").capitalize(),
                     ("id", "check", "severity", "status", "field", "message"),
                     [(str(f["id"]), f["check"] + (" blocking" if f["blocking"] else ""),
                       f["severity"], f["status"], f["field"] or "", f["message"])
                      for f in r["findings"]]))
    out.print(_table(plural(len(r["corrections"]), "correction").capitalize(),
                     ("id", "field", "kind", "status", "who", "reason"),
                     [(str(c["id"]), c["field"], c["kind"], c["status"], c["who"] or "",
                       c["reason"]) for c in r["corrections"]]))
    out.print(_table(plural(len(r["versions"]), "version").capitalize(),
                     ("version", "since", "url"),
                     [(str(v["number"]), _when(v["since"]), v["url"]) for v in r["versions"]]))


def _fields(r: dict[str, Any]) -> Table:
    from morgue.archive.fieldtext import FIELDS

    table = Table(title="Fields (published text) and where each came from")
    for column in ("field", "value", "from"):
        table.add_column(column, overflow="fold")
    sources = r["field_sources"] or {}
    for name in FIELDS:
        value = r[name]
        if isinstance(value, list):
            value = "; ".join(value)
        text = _clip(str(value) if value is not None else "")
        origin = sources.get(_SOURCE_KEY.get(name, name), "")
        if r["extracted"].get(name) is not None:
            origin = (origin + "; " if origin else "") + "corrected (see corrections)"
        table.add_row(name, escape(text) or "[dim]—[/]", escape(origin))
    for name in ("outlet", "published_precision", "word_count", "extractor"):
        table.add_row(name, escape(str(r[name] if r[name] is not None else "")),
                      escape(sources.get(name, "")))
    return table


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(cell)) for cell in row))
    if not rows:
        table.add_row("[dim](none)[/]", *[""] * (len(columns) - 1))
    return table


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def _when(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""

"""`morgue sample`: write sample legacy material."""

from __future__ import annotations

from pathlib import Path

import click

from .app import cli, out, plural

@cli.group()
def sample() -> None:
    """Write sample legacy material: the bundled demo archive or a big generated site."""


@sample.command("build")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def sample_build(dest: Path) -> None:
    """Write the bundled sample archive of The Evening Ledger into DEST.

    A mirror of the old site in two period layouts, a WARC of part of it, text dumps,
    a JSON Lines export and a WordPress export, with realistic transfer problems.

    \b
    Example:
      morgue sample build legacy/ && morgue ingest legacy/*
    """
    from morgue.sample import build_sample_archive

    manifest = build_sample_archive(dest)
    out.print(f"Sample archive written to {manifest.root}: {plural(len(manifest.files), 'file')}, "
              f"{plural(len(manifest.planted), 'planted transfer problem')} (see MANIFEST.json)")


@sample.command("site")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.option("--pages", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def sample_site(dest: Path, pages: int, seed: int) -> None:
    """Generate a legacy site of PAGES article pages (for benchmarks and load tests).

    \b
    Example:
      morgue sample site /tmp/big --pages 100000
    """
    from morgue.sample import generate_site

    count = generate_site(dest, pages, seed)
    out.print(f"{plural(count, 'page')} written under {dest}")


@sample.command("serve")
@click.argument("mirror", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def sample_serve(mirror: Path, port: int) -> None:
    """Serve a mirror (e.g. the sample's legacy/mirror) as if it were the live old site.

    Each address is answered with its file, the file plus .html or the folder's
    index.html, as the old server did; /sitemap.xml lists every page and robots.txt
    names it. Listens on 127.0.0.1 only; Ctrl-C stops it. For trying `morgue crawl`.

    \b
    Example:
      morgue sample serve legacy/mirror --port 8001 &
      morgue crawl http://127.0.0.1:8001/
    """
    from morgue.sample.serve import MirrorServer

    server = MirrorServer(mirror, port=port)
    out.print(f"Serving {mirror} at {server.url} (Ctrl-C stops it)", highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

"""Sample legacy archives of a fictional paper, The Evening Ledger of Port Alden.

- :func:`build_sample_archive` writes the small, hand-made archive ``make demo`` ingests:
  the same stories as a wget mirror, a WARC, text dumps, a CMS export and a WordPress
  export, with transfer problems planted on purpose and listed in ``MANIFEST.json``.
- :func:`generate_site` writes any number of generated pages, for benchmarks.

All of it is invented here; nothing is copied from real papers.
"""

from .archive import SampleManifest, build_sample_archive
from .site import generate_site

__all__ = ["SampleManifest", "build_sample_archive", "generate_site"]

"""Site 1 is the archive; terms of use and privacy start as flat pages editors can change
in the admin (Flat pages). Existing pages are never overwritten."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

DEFAULT_DOMAIN = "localhost:8000"

TERMS = """
<p>This archive holds the articles {paper} published before it moved to its current
website. You may read, search, link to and quote them for personal, educational and
research use. Republishing an article in full needs the paper's permission.</p>

<h2>As published, with corrections on the record</h2>
<p>Articles are shown as they were published. Where the move to this website damaged an
article (garbled characters, text of the old site mixed into a story, a missing date), we
correct it, and every correction is kept in a public log. Editorial corrections are shown
at the foot of the article they concern and listed on the <a href="/corrections/">corrections
page</a>. The page as the old website held it can be viewed from each article.</p>

<h2>Reporting a problem</h2>
<p>If you find an error, please tell us. We will look at every report.</p>

<h2>No warranty</h2>
<p>The archive is offered as it is. Articles reflect what was known when they were
written and have not been updated since.</p>
"""

PRIVACY = """
<p>Reading this archive does not require an account, and {paper} does not track what you
read here.</p>

<h2>What is recorded</h2>
<p>Our web server keeps ordinary access logs (address, time, page requested, browser) for
up to 30 days to keep the service running and secure. The archive sets no advertising or
analytics cookies and loads nothing from other websites.</p>

<h2>Accounts</h2>
<p>If you create an account to report errors, we keep your email address and your reports
so we can answer them. You can download your data or delete your account at any time.</p>

<h2>Contact</h2>
<p>Questions about privacy can be sent to the paper's editors.</p>
"""


def _domain() -> str:
    url = getattr(settings, "MORGUE_SITE_URL", "")
    return urlsplit(url).netloc if url else DEFAULT_DOMAIN


def forwards(apps, schema_editor) -> None:
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    db = schema_editor.connection.alias
    paper = getattr(settings, "MORGUE_PAPER_NAME", "The paper")
    site_id = getattr(settings, "SITE_ID", 1)
    site, created = Site.objects.using(db).get_or_create(
        pk=site_id, defaults={"domain": _domain(), "name": f"{paper} archive"})
    if not created and site.domain == "example.com":  # Django's placeholder
        site.domain, site.name = _domain(), f"{paper} archive"
        site.save(using=db)
    if created:
        # We chose the id; move the sequence past it (as django.contrib.sites does).
        sequence_sql = schema_editor.connection.ops.sequence_reset_sql(no_style(), [Site])
        with schema_editor.connection.cursor() as cursor:
            for sql in sequence_sql:
                cursor.execute(sql)
    for url, title, text in (("/terms/", "Terms of use", TERMS),
                             ("/privacy/", "Privacy", PRIVACY)):
        page, made = FlatPage.objects.using(db).get_or_create(
            url=url, defaults={"title": title, "content": text.strip().format(paper=paper)})
        if made:
            page.sites.add(site)


class Migration(migrations.Migration):

    dependencies = [
        ("morgue_site", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

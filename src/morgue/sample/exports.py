"""The non-HTML legacy formats: text dumps, a JSON Lines CMS export and a WordPress WXR.

Each function turns stories into the bytes of one format and nothing else; which story
goes where, and which of them carry a planted problem, is decided in ``archive.py``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .paper import (
    ARCHIVE_NOTICE,
    BASE_URL,
    EXPORT_DAY,
    NEW_SITE_FOOTER,
    PAPER,
    SECTIONS,
)
from .stories import Story


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("\u2019", "")).strip("-")


# --- text dumps -------------------------------------------------------------------------


def dump_text(story: Story, paragraphs: Sequence[str] | None = None) -> str:
    """A story as the move's text export flattened it, shaped like the founding example.

    Headline, archive notice, paper name, story (dateline kept, byline and date lost),
    then the new site's footer and sign-in box. ``paragraphs`` overrides the story's
    own, for planting damage.
    """
    paras = list(story.paragraphs if paragraphs is None else paragraphs)
    if story.dateline and paras:
        paras[0] = f"{story.dateline} \u2014 {paras[0]}"
    head = [story.headline, ARCHIVE_NOTICE, PAPER, *paras]
    # two blank lines between story and footer, as the dump tool wrote them
    return "\n\n".join(head) + "\n\n\n" + "\n\n".join(NEW_SITE_FOOTER)


# --- JSON Lines CMS export ---------------------------------------------------------------


def body_html(paragraphs: Sequence[str], dateline: str | None = None) -> str:
    out = []
    for i, para in enumerate(paragraphs):
        text = html.escape(para, quote=False)
        if i == 0 and dateline:
            text = f"{html.escape(dateline, quote=False)} \u2014 {text}"
        out.append(f"<p>{text}</p>")
    return "\n".join(out)


def cms_record(story: Story, *, record_id: int, url: str, body: str | None = None,
               pub_date: str | None = None) -> dict[str, object]:
    """One row of the 2009 CMS export. ``body``/``pub_date`` override for planted damage."""
    return {
        "id": record_id,
        "title": story.headline,
        "subtitle": story.dek,
        "author": ", ".join(story.bylines),
        "pub_date": pub_date if pub_date is not None else story.published.isoformat(),
        "category": story.section,
        "tags": list(story.tags),
        "body": body if body is not None else body_html(story.paragraphs, story.dateline),
        "url": url,
    }


def jsonl(records: Sequence[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


# --- WordPress WXR 1.2 --------------------------------------------------------------------


def _cdata(text: str) -> str:
    # "]]>" cannot appear inside CDATA; split it across two sections
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.UTC)
    return f"{utc:%a, %d %b %Y %H:%M:%S} +0000"


def _wp_date(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}"


@dataclass(slots=True)
class WxrPost:
    story: Story
    post_id: int
    author_login: str
    legacy_url: str
    #: when WordPress thinks it was published; defaults to the story's date
    posted: dt.datetime | None = None
    attachments: list[WxrAttachment] = field(default_factory=list)


@dataclass(slots=True)
class WxrAttachment:
    post_id: int
    filename: str  # e.g. "2010/01/library-cafe.jpg"
    caption: str


@dataclass(slots=True)
class WxrAuthor:
    author_id: int
    login: str
    first: str
    last: str


def _wp_content(story: Story) -> str:
    # WordPress stores paragraphs as text separated by blank lines (wpautop adds <p>)
    paras = [html.escape(p, quote=False) for p in story.paragraphs]
    if story.dateline and paras:
        paras[0] = f"{story.dateline} \u2014 {paras[0]}"
    return "\n\n".join(paras)


def _item_common(post_id: int, title: str, link: str, posted: dt.datetime, creator: str) -> str:
    return (
        f"\t\t<title>{_cdata(title)}</title>\n"
        f"\t\t<link>{html.escape(link)}</link>\n"
        f"\t\t<pubDate>{_rfc822(posted)}</pubDate>\n"
        f"\t\t<dc:creator>{_cdata(creator)}</dc:creator>\n"
        f'\t\t<guid isPermaLink="false">{BASE_URL}/?p={post_id}</guid>\n'
        "\t\t<description></description>\n"
    )


def _post_item(post: WxrPost) -> str:
    story = post.story
    posted = post.posted or story.published
    slug = slugify(story.headline)
    link = f"{BASE_URL}/{posted:%Y/%m/%d}/{slug}/"
    cats = [f'\t\t<category domain="category" nicename="{SECTIONS[story.section]}">'
            f"{_cdata(story.section)}</category>\n"]
    cats += [f'\t\t<category domain="post_tag" nicename="{slugify(tag)}">{_cdata(tag)}</category>\n'
             for tag in story.tags]
    return (
        "\t<item>\n"
        + _item_common(post.post_id, story.headline, link, posted, post.author_login)
        + f"\t\t<content:encoded>{_cdata(_wp_content(story))}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{_cdata(story.dek)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post.post_id}</wp:post_id>\n"
        f"\t\t<wp:post_date>{_cdata(_wp_date(posted))}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{_cdata(_wp_date(posted.astimezone(dt.UTC)))}</wp:post_date_gmt>\n"
        f"\t\t<wp:post_modified>{_cdata(_wp_date(EXPORT_DAY))}</wp:post_modified>\n"
        f"\t\t<wp:post_modified_gmt>{_cdata(_wp_date(EXPORT_DAY))}</wp:post_modified_gmt>\n"
        f"\t\t<wp:comment_status>{_cdata('closed')}</wp:comment_status>\n"
        f"\t\t<wp:ping_status>{_cdata('closed')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{_cdata(slug)}</wp:post_name>\n"
        f"\t\t<wp:status>{_cdata('publish')}</wp:status>\n"
        "\t\t<wp:post_parent>0</wp:post_parent>\n"
        "\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type>{_cdata('post')}</wp:post_type>\n"
        f"\t\t<wp:post_password>{_cdata('')}</wp:post_password>\n"
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        + "".join(cats)
        + "\t\t<wp:postmeta>\n"
        f"\t\t\t<wp:meta_key>{_cdata('_legacy_url')}</wp:meta_key>\n"
        f"\t\t\t<wp:meta_value>{_cdata(post.legacy_url)}</wp:meta_value>\n"
        "\t\t</wp:postmeta>\n"
        "\t</item>\n"
    )


def _attachment_item(att: WxrAttachment, parent: WxrPost) -> str:
    posted = parent.posted or parent.story.published
    name = att.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    file_url = f"{BASE_URL}/wp-content/uploads/{att.filename}"
    link = f"{BASE_URL}/{posted:%Y/%m/%d}/{slugify(parent.story.headline)}/{name}/"
    return (
        "\t<item>\n"
        + _item_common(att.post_id, name, link, posted, parent.author_login)
        + f"\t\t<content:encoded>{_cdata('')}</content:encoded>\n"
        f"\t\t<excerpt:encoded>{_cdata(att.caption)}</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{att.post_id}</wp:post_id>\n"
        f"\t\t<wp:post_date>{_cdata(_wp_date(posted))}</wp:post_date>\n"
        f"\t\t<wp:post_date_gmt>{_cdata(_wp_date(posted.astimezone(dt.UTC)))}</wp:post_date_gmt>\n"
        f"\t\t<wp:comment_status>{_cdata('closed')}</wp:comment_status>\n"
        f"\t\t<wp:ping_status>{_cdata('closed')}</wp:ping_status>\n"
        f"\t\t<wp:post_name>{_cdata(name)}</wp:post_name>\n"
        f"\t\t<wp:status>{_cdata('inherit')}</wp:status>\n"
        f"\t\t<wp:post_parent>{parent.post_id}</wp:post_parent>\n"
        "\t\t<wp:menu_order>0</wp:menu_order>\n"
        f"\t\t<wp:post_type>{_cdata('attachment')}</wp:post_type>\n"
        f"\t\t<wp:post_password>{_cdata('')}</wp:post_password>\n"
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        f"\t\t<wp:attachment_url>{_cdata(file_url)}</wp:attachment_url>\n"
        "\t\t<wp:postmeta>\n"
        f"\t\t\t<wp:meta_key>{_cdata('_wp_attached_file')}</wp:meta_key>\n"
        f"\t\t\t<wp:meta_value>{_cdata(att.filename)}</wp:meta_value>\n"
        "\t\t</wp:postmeta>\n"
        "\t</item>\n"
    )


def wxr(posts: Sequence[WxrPost], authors: Sequence[WxrAuthor]) -> bytes:
    """A small but complete WXR 1.2 file (as WordPress 5.x exports it)."""
    author_xml = "".join(
        "\t<wp:author>"
        f"<wp:author_id>{a.author_id}</wp:author_id>"
        f"<wp:author_login>{_cdata(a.login)}</wp:author_login>"
        f"<wp:author_email>{_cdata(a.login + '@eveningledger.com')}</wp:author_email>"
        f"<wp:author_display_name>{_cdata(f'{a.first} {a.last}')}</wp:author_display_name>"
        f"<wp:author_first_name>{_cdata(a.first)}</wp:author_first_name>"
        f"<wp:author_last_name>{_cdata(a.last)}</wp:author_last_name>"
        "</wp:author>\n"
        for a in authors
    )
    sections = sorted({p.story.section for p in posts}, key=list(SECTIONS).index)
    category_xml = "".join(
        f"\t<wp:category><wp:term_id>{i}</wp:term_id>"
        f"<wp:category_nicename>{_cdata(SECTIONS[name])}</wp:category_nicename>"
        f"<wp:category_parent>{_cdata('')}</wp:category_parent>"
        f"<wp:cat_name>{_cdata(name)}</wp:cat_name></wp:category>\n"
        for i, name in enumerate(sections, start=2)
    )
    tags = sorted({tag for p in posts for tag in p.story.tags}, key=str.lower)
    tag_xml = "".join(
        f"\t<wp:tag><wp:term_id>{i}</wp:term_id>"
        f"<wp:tag_slug>{_cdata(slugify(tag))}</wp:tag_slug>"
        f"<wp:tag_name>{_cdata(tag)}</wp:tag_name></wp:tag>\n"
        for i, tag in enumerate(tags, start=20)
    )
    items = "".join(
        _post_item(p) + "".join(_attachment_item(a, p) for a in p.attachments) for p in posts
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. -->\n"
        '<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
        ">\n"
        "<channel>\n"
        f"\t<title>{PAPER}</title>\n"
        f"\t<link>{BASE_URL}</link>\n"
        "\t<description>Port Alden news, sports and opinion since 1871</description>\n"
        f"\t<pubDate>{_rfc822(EXPORT_DAY)}</pubDate>\n"
        "\t<language>en-US</language>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{BASE_URL}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{BASE_URL}</wp:base_blog_url>\n"
        + author_xml + category_xml + tag_xml
        + "\t<generator>https://wordpress.org/?v=5.6.2</generator>\n"
        + items
        + "</channel>\n</rss>\n"
    )
    return doc.encode("utf-8")

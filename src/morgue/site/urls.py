from django.templatetags.static import static
from django.urls import path, re_path
from django.views.generic import RedirectView

from . import entities, views
from .feeds import CorrectionsFeed, SectionFeed
from .oai import oai

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("sections/", views.sections, name="sections"),
    path("sections/<str:slug>/", views.section, name="section"),
    path("authors/", views.authors, name="authors"),
    path("authors/<str:slug>/", views.author, name="author"),
    path("dates/", views.dates, name="dates"),
    path("undated/", views.undated, name="undated"),
    re_path(r"^(?P<year>[0-9]{4})/$", views.year, name="year"),
    re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", views.month, name="month"),
    re_path(r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$", views.day,
            name="day"),
    path("corrections/", views.corrections, name="corrections"),
    *[p for group in entities.KINDS for p in (
        path(f"{group}/", entities.entities, {"group": group}, name=group),
        path(f"{group}/<str:slug>/", entities.entity, {"group": group}, name=f"{group}-one"))],
    path("topics/", entities.topics, name="topics"),
    re_path(r"^topics/(?P<number>[0-9]{8})/$", entities.topic, name="topic"),
    path("quotes/<int:quote_id>/speaker", entities.correct_quote_speaker,
         name="quote-speaker"),
    path("articles/<int:article_id>/original/", views.original, name="original"),
    path("articles/<int:article_id>/original/capture", views.original_capture,
         name="original-capture"),
    path("feeds/corrections/", CorrectionsFeed(), name="feed-corrections"),
    path("feeds/sections/<str:slug>/", SectionFeed(), name="feed-section"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("oai", oai, name="oai"),
    path("favicon.ico", RedirectView.as_view(url=static("site/favicon.svg"), permanent=True)),
    path("terms/", views.flatpage, {"url": "/terms/"}, name="terms"),
    path("privacy/", views.flatpage, {"url": "/privacy/"}, name="privacy"),
    # Last: article pages at their new URLs, old URLs' redirects, other flat pages.
    re_path(r"^(?P<path>.*)$", views.page, name="page"),
]

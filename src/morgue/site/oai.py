"""OAI-PMH 2.0 at /oai: libraries harvest the archive's stories as Dublin Core.

Six verbs (Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords,
GetRecord), one format (``oai_dc``), sets by section (``section:local``) and year
(``year:2009``), resumption tokens (signed, keyed on the last id sent, so a list
neither repeats nor skips while the archive changes). A record's datestamp is when its
story last changed: its ingest, or its newest applied correction (the corrections log);
for a held story, or when a blocking finding held it back. Held stories are given as
deleted records (``transient``: they may be published again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from morgue.archive.models import Article, Correction, Finding
from morgue.archive.stories import stories
from morgue.search import browse
from morgue.search.backends.base import slug

from . import seo

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FORMATS = {"oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC)}
#: Records (or headers) per answer; a resumption token asks for the next ones. Small
#: enough that one answer is quick, big enough that a harvest needs few requests.
PAGE = 200
#: How long a resumption token is honoured.
TOKEN_AGE = 24 * 3600
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
_SALT = "morgue.oai"
_ARGUMENTS = {
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), {"resumptionToken"}),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set", "resumptionToken"}),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Listing:
    prefix: str
    start: dt.datetime | None
    end: dt.datetime | None
    set_spec: str | None
    after: int = 0


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(text: str, end: bool) -> dt.datetime:
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            moment = dt.datetime.combine(day, dt.time.max if end else dt.time(), tzinfo=dt.UTC)
        elif len(text) == 20 and text.endswith("Z"):
            moment = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
            if end:
                moment += dt.timedelta(microseconds=999_999)
        else:
            raise ValueError(text)
    except ValueError:
        raise OaiError("badArgument", f"{text!r} is not a date of the form YYYY-MM-DD or "
                                      f"{GRANULARITY}") from None
    return moment


# -- what is harvested ------------------------------------------------------------------------

def records() -> QuerySet[Any]:  # Articles annotated with ``stamp``
    """Every story (published, or held as a deleted record) with its datestamp."""
    fixed = (Correction.objects.filter(Q(article_id=OuterRef("pk"))
                                       | Q(article__part_of_id=OuterRef("pk")),
                                       status=Correction.Status.APPLIED)
             .order_by("-created").values("created")[:1])
    held = (Finding.objects.filter(article_id=OuterRef("pk"), blocking=True,
                                   status=Finding.Status.OPEN)
            .order_by("-created").values("created")[:1])
    return (Article.objects.filter(part_of__isnull=True)
            .annotate(stamp=Greatest(F("created"), Coalesce(Subquery(fixed), F("created")),
                                     Coalesce(Subquery(held), F("created")))))


def _selected(listing: Listing) -> QuerySet[Any]:
    found = records().filter(pk__gt=listing.after)
    if listing.start:
        found = found.filter(stamp__gte=listing.start)
    if listing.end:
        found = found.filter(stamp__lte=listing.end)
    if listing.set_spec:
        kind, _, value = listing.set_spec.partition(":")
        if kind == "section":
            published = browse.visible().filter(section_slug=value).values("article_id")
            found = found.filter(Q(pk__in=published) | Q(status=Article.Status.HELD,
                                                       section__iexact=value.replace("-", " ")))
        elif kind == "year" and value.isdigit():
            published = browse.visible().filter(year=int(value)).values("article_id")
            found = found.filter(Q(pk__in=published)
                                 | Q(status=Article.Status.HELD, published__year=int(value)))
        else:
            raise OaiError("badArgument", f"no set {listing.set_spec!r}: see ListSets")
    return found.order_by("pk")


def identifier(pk: int, request: HttpRequest) -> str:
    return f"oai:{_domain(request)}:{pk}"


def _domain(request: HttpRequest) -> str:
    return seo.base_url(request).split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def _article_id(text: str, request: HttpRequest) -> int:
    prefix = f"oai:{_domain(request)}:"
    number = text[len(prefix):] if text.startswith(prefix) else ""
    if not number.isdigit():
        raise OaiError("idDoesNotExist", f"no record {text!r} in this repository")
    return int(number)


# -- the protocol ---------------------------------------------------------------------------

@csrf_exempt
@require_http_methods(["GET", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    params = request.GET if request.method == "GET" else request.POST
    root = etree.Element(_q(OAI, "OAI-PMH"), nsmap={None: OAI, "xsi": XSI})
    root.set(_q(XSI, "schemaLocation"),
             f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    etree.SubElement(root, _q(OAI, "responseDate")).text = _stamp(dt.datetime.now(dt.UTC))
    element = etree.SubElement(root, _q(OAI, "request"))
    element.text = request.build_absolute_uri(reverse("oai"))
    verb = params.get("verb", "")
    try:
        arguments = _arguments(params, verb)
        for name, value in arguments.items():
            element.set(name, value)
        element.set("verb", verb)
        root.append(_VERBS[verb](request, arguments))
    except OaiError as exc:
        etree.SubElement(root, _q(OAI, "error"), code=exc.code).text = str(exc)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


def _arguments(params, verb: str) -> dict[str, str]:
    if verb not in _ARGUMENTS:
        raise OaiError("badVerb", f"{verb!r} is not an OAI-PMH verb" if verb
                       else "no verb given")
    required, optional = _ARGUMENTS[verb]
    given = {k: params.getlist(k) for k in params if k != "verb"}
    if any(len(v) > 1 for v in given.values()) or len(params.getlist("verb")) > 1:
        raise OaiError("badArgument", "an argument is repeated")
    unknown = set(given) - required - optional
    if unknown:
        raise OaiError("badArgument", f"{verb} takes no {', '.join(sorted(unknown))}")
    arguments = {k: v[0] for k, v in given.items()}
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument")
        return arguments
    missing = required - set(arguments)
    if missing:
        raise OaiError("badArgument", f"{verb} needs {', '.join(sorted(missing))}")
    return arguments


def _identify(request: HttpRequest, arguments: dict) -> etree._Element:
    out = etree.Element(_q(OAI, "Identify"))
    earliest = Article.objects.order_by("created").values_list("created", flat=True).first()
    for name, value in (
            ("repositoryName", f"{settings.MORGUE_PAPER_NAME} archive"),
            ("baseURL", request.build_absolute_uri(reverse("oai"))),
            ("protocolVersion", "2.0"), ("adminEmail", settings.DEFAULT_FROM_EMAIL),
            ("earliestDatestamp", _stamp(earliest or dt.datetime.now(dt.UTC))),
            ("deletedRecord", "transient"), ("granularity", GRANULARITY)):
        etree.SubElement(out, _q(OAI, name)).text = value
    return out


def _metadata_formats(request: HttpRequest, arguments: dict) -> etree._Element:
    if "identifier" in arguments:
        _one(request, arguments["identifier"])
    out = etree.Element(_q(OAI, "ListMetadataFormats"))
    for prefix, (schema, namespace) in FORMATS.items():
        fmt = etree.SubElement(out, _q(OAI, "metadataFormat"))
        for name, value in (("metadataPrefix", prefix), ("schema", schema),
                            ("metadataNamespace", namespace)):
            etree.SubElement(fmt, _q(OAI, name)).text = value
    return out


def _sets(request: HttpRequest, arguments: dict) -> etree._Element:
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "the set list comes in one answer")
    out = etree.Element(_q(OAI, "ListSets"))
    found = [(f"section:{s.slug}", s.name) for s in browse.sections()]
    found += [(f"year:{year}", str(year)) for year, _ in browse.years()]
    for spec, name in found:
        element = etree.SubElement(out, _q(OAI, "set"))
        etree.SubElement(element, _q(OAI, "setSpec")).text = spec
        etree.SubElement(element, _q(OAI, "setName")).text = name
    return out


def _prefix(value: str) -> str:
    if value not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"no format {value!r}; this repository "
                                                  f"gives {', '.join(FORMATS)}")
    return value


def _one(request: HttpRequest, text: str) -> Article:
    found = records().filter(pk=_article_id(text, request)).first()
    if found is None:
        raise OaiError("idDoesNotExist", f"no record {text!r} in this repository")
    return found


def _get_record(request: HttpRequest, arguments: dict) -> etree._Element:
    _prefix(arguments["metadataPrefix"])
    found = _one(request, arguments["identifier"])
    out = etree.Element(_q(OAI, "GetRecord"))
    out.append(_records(request, [found], headers_only=False)[0])
    return out


def _list(request: HttpRequest, arguments: dict, verb: str) -> etree._Element:
    if "resumptionToken" in arguments:
        listing = _untoken(arguments["resumptionToken"])
    else:
        start = _parse_stamp(arguments["from"], False) if "from" in arguments else None
        end = _parse_stamp(arguments["until"], True) if "until" in arguments else None
        if start and end and start > end:
            raise OaiError("badArgument", "from is after until")
        listing = Listing(_prefix(arguments["metadataPrefix"]), start, end, arguments.get("set"))
    page = list(_selected(listing)[:PAGE + 1])
    if not page:
        raise OaiError("noRecordsMatch", "no records match these arguments")
    more = len(page) > PAGE
    page = page[:PAGE]
    out = etree.Element(_q(OAI, verb))
    for element in _records(request, page, headers_only=verb == "ListIdentifiers"):
        out.append(element)
    if more or "resumptionToken" in arguments:
        token = etree.SubElement(out, _q(OAI, "resumptionToken"))
        if more:
            token.text = _token(Listing(listing.prefix, listing.start, listing.end,
                                        listing.set_spec, page[-1].pk))
    return out


def _token(listing: Listing) -> str:
    return signing.dumps([listing.prefix, listing.start and listing.start.isoformat(),
                          listing.end and listing.end.isoformat(), listing.set_spec,
                          listing.after], salt=_SALT, compress=True)


def _untoken(token: str) -> Listing:
    try:
        prefix, start, end, set_spec, after = signing.loads(token, salt=_SALT,
                                                            max_age=TOKEN_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        raise OaiError("badResumptionToken", "this resumption token is not valid (or has "
                                             "expired): start the list again") from None
    return Listing(prefix, start and dt.datetime.fromisoformat(start),
                   end and dt.datetime.fromisoformat(end), set_spec, after)


# -- one record ------------------------------------------------------------------------------

def _records(request: HttpRequest, articles: list[Any], headers_only: bool
             ) -> list[etree._Element]:
    """OAI records of ``articles`` (from :func:`records`: each carries its ``stamp``)."""
    published = [a for a in articles if a.status == Article.Status.PUBLISHED]
    told = stories(published)
    years = dict(Article.objects.filter(pk__in=[a.pk for a in articles])
                 .annotate(y=ExtractYear("published")).values_list("pk", "y"))
    out = []
    for article in articles:
        header = etree.Element(_q(OAI, "header"))
        story = told.get(article.pk)
        if story is None:
            header.set("status", "deleted")
        etree.SubElement(header, _q(OAI, "identifier")).text = identifier(article.pk, request)
        etree.SubElement(header, _q(OAI, "datestamp")).text = _stamp(article.stamp)
        section = story.section if story else article.section
        year = story.published.year if story and story.published else years.get(article.pk)
        if section and slug(section):
            etree.SubElement(header, _q(OAI, "setSpec")).text = f"section:{slug(section)}"
        if year:
            etree.SubElement(header, _q(OAI, "setSpec")).text = f"year:{year}"
        if headers_only:
            out.append(header)
            continue
        record = etree.Element(_q(OAI, "record"))
        record.append(header)
        if story is not None:
            etree.SubElement(record, _q(OAI, "metadata")).append(
                _dublin_core(story, request))
        out.append(record)
    return out


def _dublin_core(story: Any, request: HttpRequest) -> etree._Element:
    dc = etree.Element(_q(OAI_DC, "dc"), nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(_q(XSI, "schemaLocation"), f"{OAI_DC} {FORMATS['oai_dc'][0]}")

    def add(name: str, value: str | None) -> None:
        if value:
            etree.SubElement(dc, _q(DC, name)).text = value

    add("title", story.headline or "Untitled")
    for name in story.bylines:
        add("creator", name)
    add("subject", story.section)
    for tag in story.tags:
        add("subject", tag)
    add("description", story.dek)
    add("publisher", settings.MORGUE_PAPER_NAME)
    add("date", story.published.isoformat() if story.published else None)
    add("type", "Text")
    add("format", "text/html")
    add("identifier", seo.absolute(story.url, request))
    add("source", story.pages[0].legacy_url)
    add("language", story.language)
    add("rights", "Published in the archive with the notice shown on each article.")
    return dc


_VERBS = {
    "Identify": _identify,
    "ListMetadataFormats": _metadata_formats,
    "ListSets": _sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda request, arguments: _list(request, arguments, "ListIdentifiers"),
    "ListRecords": lambda request, arguments: _list(request, arguments, "ListRecords"),
}

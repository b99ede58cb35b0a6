"""Public pages for citizens. Only adopted promises and updates marked public ever appear here.

Every public view answers GET and HEAD only (405 otherwise), supports conditional requests (ETag and
Last-Modified from the kept public revision of the records behind it, see ``public.selectors``) and
may be cached by anyone for a minute when the visitor is not logged in. A logged-in user sees the
same content with a personal header, so those responses are private and never conditional.
"""

import hashlib
from datetime import date
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from promises.paging import PAGE_PARAMETER

from . import opendata, selectors
from .feeds import MunicipalityFeed, PromiseFeed

# A shared cache (a reverse proxy, a CDN) may serve a public page for a minute without asking, and
# for half a minute more while it asks in the background; then it revalidates with the ETag, which
# costs the app one indexed row (see docs/deployment-cache.md).
CACHE_MAX_AGE = 60
STALE_WHILE_REVALIDATE = 30
# Raise when a template change alters every public page, so that no cache keeps the old one.
PAGE_REVISION = "5"
# Each app server keeps the public pages it rendered for visitors, under their ETag (settings.CACHES).
PUBLIC_PAGE_CACHE = "public_pages"
# Characters of a data file handed to the server at a time.
STREAM_BLOCK_SIZE = 64 * 1024
# The address parameter that picks a page of the promise page's timeline ("Visa fler").
TIMELINE_PAGE_PARAM = PAGE_PARAMETER
# The promise page lists its activities in pages too (``promises.selectors.PROMISE_PAGE_SIZE``).
ACTIVITY_PAGE_PARAM = "aktiviteter"

# The accessibility statement: the dates of the latest assessment and of the latest update.
STATEMENT_ASSESSED_ON = date(2026, 11, 22)
STATEMENT_UPDATED_ON = date(2026, 11, 22)
DEFAULT_ACCESSIBILITY_OPERATOR = _("Löfteskollens förvaltning")
DEFAULT_ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@lofteskollen.example"
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"


def public_page(version_func, *, query: tuple[str, ...] = ()):
    """GET/HEAD only, conditional requests and Cache-Control for a public view.

    ``version_func(**view_kwargs)`` returns when the content last changed, or None when the
    resource does not exist (the view then answers 404, never 304). ``query`` names the address
    parameters that change what the view shows (a page of the timeline): they are part of the ETag.
    """

    def version(request, *args, **kwargs):
        if request.user.is_authenticated:
            return None
        if not hasattr(request, "_public_version"):
            request._public_version = version_func(*args, **kwargs)
        return request._public_version

    def etag(request, *args, **kwargs):
        value = version(request, *args, **kwargs)
        if value is None:
            return None
        shown = "|".join(request.GET.get(name, "") for name in query)
        key = f"{PAGE_REVISION}|{get_language()}|{value.isoformat()}|{shown}"
        return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    def decorator(view):
        conditional = condition(etag_func=etag, last_modified_func=version)(view)

        @wraps(view)
        def wrapped(request, *args, **kwargs):
            key = _rendered_key(request, etag(request, *args, **kwargs))
            response = caches[PUBLIC_PAGE_CACHE].get(key) if key else None
            if response is None:
                response = conditional(request, *args, **kwargs)
                if key and _may_keep(request, response):
                    caches[PUBLIC_PAGE_CACHE].set(key, response)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            elif response.status_code in (200, 304):
                patch_cache_control(
                    response,
                    public=True,
                    max_age=CACHE_MAX_AGE,
                    stale_while_revalidate=STALE_WHILE_REVALIDATE,
                )
            return response

        return require_safe(wrapped)

    return decorator


def _rendered_key(request, etag: str | None) -> str | None:
    """Where a visitor's plain GET of a public page is kept once rendered: its address and its
    ETag. The ETag changes with every change of what the page shows (the public revision, kept in
    the transaction of the change; the template revision; the language), so a kept page is never
    an old one: the same promise that lets a proxy answer 304. None for anything else."""
    conditional = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")  # answered by the view: 304
    if etag is None or request.method != "GET" or any(h in request.META for h in conditional):
        return None
    return f"{request.get_full_path()}|{etag}"


def _may_keep(request, response) -> bool:
    """A whole 200 page that sets no cookie and holds no CSRF token (whose value is the
    visitor's own): the same bytes for every visitor."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _statement_version():
    """Revalidated daily: the statement also shows settings (operator, e-mail) that may change."""
    return selectors.day_floor(None)


# Pages -----------------------------------------------------------------------------------------


@public_page(selectors.home_version)
def home(request):
    if request.user.is_authenticated:
        return redirect("promises:start")
    return render(
        request,
        "public/home.html",
        {"municipalities": selectors.public_municipalities()},
    )


@public_page(selectors.municipality_version)
def municipality(request, slug):
    organisation = selectors.get_public_municipality(slug)
    promises = selectors.public_promises(organisation)
    return render(
        request,
        "public/municipality.html",
        {"municipality": organisation, "today": timezone.localdate(), **promises},
    )


@public_page(selectors.promise_version, query=(TIMELINE_PAGE_PARAM, ACTIVITY_PAGE_PARAM))
def promise(request, slug, pk):
    found = selectors.get_public_promise(slug, pk)
    content = selectors.public_promise_page(found, request.GET.get(ACTIVITY_PAGE_PARAM))
    return render(
        request,
        "public/promise.html",
        {
            "content": content,
            "summary": content.summary,
            "charts": selectors.public_charts(content),
            "timeline": content.timeline_page(request.GET.get(TIMELINE_PAGE_PARAM)),
            "page_param": TIMELINE_PAGE_PARAM,
            "promise": found,
            "municipality": content.municipality,
            "csv_columns": opendata.CSV_COLUMNS,
        },
    )


# Feeds and open data ---------------------------------------------------------------------------


@public_page(selectors.municipality_version)
def municipality_feed(request, slug):
    return MunicipalityFeed()(request, slug=slug)


@public_page(selectors.promise_version)
def promise_feed(request, slug, pk):
    return PromiseFeed()(request, slug=slug, pk=pk)


def _data_filename(promise, extension: str) -> str:
    return f"{promise.agreement.municipality.slug}-lofte-{promise.pk}.{extension}"


def _encoded(chunks, *, prefix: str = ""):
    """Text chunks as UTF-8, joined into blocks of about ``STREAM_BLOCK_SIZE`` characters."""
    block = [prefix]
    size = len(prefix)
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= STREAM_BLOCK_SIZE:
            yield "".join(block).encode("utf-8")
            block, size = [], 0
    if block:
        yield "".join(block).encode("utf-8")


@public_page(selectors.promise_version)
def promise_csv(request, slug, pk):
    found = selectors.get_public_promise(slug, pk)
    content = selectors.public_promise_content(found)
    # The byte order mark makes spreadsheet programs read the file as UTF-8 (å, ä, ö).
    response = StreamingHttpResponse(
        _encoded(opendata.csv_chunks(content), prefix="\ufeff"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_data_filename(found, "csv")}"'
    return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@public_page(selectors.promise_version)
def promise_xlsx(request, slug, pk):
    found = selectors.get_public_promise(slug, pk)
    content = selectors.public_promise_content(found)
    response = HttpResponse(opendata.as_xlsx(content), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_data_filename(found, "xlsx")}"'
    return response


@public_page(selectors.promise_version)
def promise_json(request, slug, pk):
    found = selectors.get_public_promise(slug, pk)
    content = selectors.public_promise_content(found)
    page_url = request.build_absolute_uri(
        reverse("public:promise", kwargs={"slug": slug, "pk": pk})
    )
    response = StreamingHttpResponse(
        _encoded(opendata.json_chunks(content, page_url=page_url)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{_data_filename(found, "json")}"'
    return response


# Accessibility statement -----------------------------------------------------------------------


@public_page(_statement_version)
def accessibility(request):
    return render(
        request,
        "public/accessibility.html",
        {
            "operator": getattr(settings, "ACCESSIBILITY_OPERATOR", "")
            or DEFAULT_ACCESSIBILITY_OPERATOR,
            "contact_email": getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "")
            or DEFAULT_ACCESSIBILITY_CONTACT_EMAIL,
            "assessed_on": STATEMENT_ASSESSED_ON,
            "updated_on": STATEMENT_UPDATED_ON,
            "digg_report_url": DIGG_REPORT_URL,
        },
    )

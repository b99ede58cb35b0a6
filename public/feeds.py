"""Atom feeds of the public updates, per kommun and per promise.

Each entry's id is a tag URI (RFC 4151) built from the update's primary key and the day it was
created, e.g. ``tag:lofteskollen.example,2025-12-13:statusuppdatering/42``: it never changes when the
update is edited, when the site moves to another address path, or between two requests. The
authority is the setting ``PUBLIC_FEED_TAG_AUTHORITY`` (a domain the operator owns), or else the
host name of the request.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from . import selectors


def _tag_authority(request) -> str:
    configured = getattr(settings, "PUBLIC_FEED_TAG_AUTHORITY", "")
    return configured or request.get_host().split(":")[0]


def promise_url(promise) -> str:
    return reverse(
        "public:promise",
        kwargs={"slug": promise.agreement.municipality.slug, "pk": promise.pk},
    )


class _PublicUpdatesFeed(Feed):
    """Instantiate per request (see public.views): the instance holds the request's slug and tag
    authority."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.tag_authority = _tag_authority(request)
        response = super().__call__(request, *args, **kwargs)
        # The conditional-request decorator sets Last-Modified from the page version, which also
        # notices an update that was taken back from the public; the feed's own value would not.
        del response.headers["Last-Modified"]
        return response

    def author_name(self, obj):
        return _("%(municipality)s och polisen") % {"municipality": self.municipality(obj).name}

    def item_title(self, item):
        return _("Aktivitet %(code)s: %(status)s, %(date)s") % {
            "code": item.activity.code,
            "status": item.get_status_display(),
            "date": date_format(item.date, "j F Y"),
        }

    def item_description(self, item):
        # Atom's summary is type="html": escape the plain text so no reader runs markup in it.
        return linebreaks(item.description, autoescape=True)

    def item_link(self, item):
        url = reverse(
            "public:promise",
            kwargs={"slug": self.slug, "pk": item.activity.focus_area.promise_id},
        )
        return f"{url}#uppdatering-{item.pk}"

    def item_guid(self, item):
        created = timezone.localdate(item.created_at)
        return f"tag:{self.tag_authority},{created.isoformat()}:statusuppdatering/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_changed or item.created_at

    def item_categories(self, item):
        return [item.get_status_display()]


class MunicipalityFeed(_PublicUpdatesFeed):
    def get_object(self, request, slug):
        self.slug = slug
        return selectors.get_public_municipality(slug)

    def municipality(self, obj):
        return obj

    def title(self, obj):
        return _("Följ med i hur det går! %(municipality)s") % {"municipality": obj.name}

    def subtitle(self, obj):
        return _(
            "Nyheter om medborgarlöftena från %(municipality)s och polisen: det som är gjort och "
            "hur arbetet går."
        ) % {"municipality": obj.name}

    def link(self, obj):
        return reverse("public:municipality", kwargs={"slug": obj.slug})

    def feed_guid(self, obj):
        return f"tag:{self.tag_authority},2025:lofteskollen/kommun/{obj.slug}"

    def items(self, obj):
        return selectors.public_feed_updates(municipality=obj)


class PromiseFeed(_PublicUpdatesFeed):
    def get_object(self, request, slug, pk):
        self.slug = slug
        return selectors.get_public_promise(slug, pk)

    def municipality(self, obj):
        return obj.agreement.municipality

    def title(self, obj):
        return _("Följ med i hur det går! %(promise)s") % {"promise": obj.title}

    def subtitle(self, obj):
        return _("Nyheter om medborgarlöftet: det som är gjort och hur arbetet går.")

    def link(self, obj):
        return promise_url(obj)

    def feed_guid(self, obj):
        return f"tag:{self.tag_authority},2025:lofteskollen/lofte/{obj.pk}"

    def items(self, obj):
        return selectors.public_feed_updates(municipality=obj.agreement.municipality, promise=obj)

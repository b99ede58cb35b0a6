"""Public pages, feeds and open data: "Följ med i hur det går!" (no login)."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.home, name="home"),
    path("tillganglighet/", public_views.accessibility, name="accessibility"),
    path("kommun/<slug:slug>/", public_views.municipality, name="municipality"),
    path("kommun/<slug:slug>/flode/", public_views.municipality_feed, name="municipality_feed"),
    path("kommun/<slug:slug>/loften/<int:pk>/", public_views.promise, name="promise"),
    path(
        "kommun/<slug:slug>/loften/<int:pk>/flode/", public_views.promise_feed, name="promise_feed"
    ),
    path(
        "kommun/<slug:slug>/loften/<int:pk>/data.csv", public_views.promise_csv, name="promise_csv"
    ),
    path(
        "kommun/<slug:slug>/loften/<int:pk>/data.xlsx",
        public_views.promise_xlsx,
        name="promise_xlsx",
    ),
    path(
        "kommun/<slug:slug>/loften/<int:pk>/data.json",
        public_views.promise_json,
        name="promise_json",
    ),
]

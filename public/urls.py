"""Public pages, feeds and open data: "Följ med i hur det går!" (no login)."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("kommun/<slug:slug>/", views.municipality, name="municipality"),
    path("kommun/<slug:slug>/flode/", views.municipality_feed, name="municipality_feed"),
    path("kommun/<slug:slug>/loften/<int:pk>/", views.promise, name="promise"),
    path("kommun/<slug:slug>/loften/<int:pk>/flode/", views.promise_feed, name="promise_feed"),
    path("kommun/<slug:slug>/loften/<int:pk>/data.csv", views.promise_csv, name="promise_csv"),
    path(
        "kommun/<slug:slug>/loften/<int:pk>/data.xlsx",
        views.promise_xlsx,
        name="promise_xlsx",
    ),
    path(
        "kommun/<slug:slug>/loften/<int:pk>/data.json",
        views.promise_json,
        name="promise_json",
    ),
]

"""Public pages, feeds and open data: "Följ med i hur det går!" (no login)."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.home, name="home"),
]

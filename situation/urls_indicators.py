"""The indicator pages' addresses, included by situation/urls.py (namespace ``situation``)."""

from django.urls import path

from . import indicators_views as views

urlpatterns = [
    path("kommun/<int:municipality_pk>/indikatorer/", views.indicator_list, name="indicator_list"),
    path(
        "kommun/<int:municipality_pk>/indikatorer/ny/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "kommun/<int:municipality_pk>/indikatorer/kolada/",
        views.indicator_add_kolada,
        name="indicator_add_kolada",
    ),
    path("indikator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikator/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path("indikator/<int:pk>/hamta/", views.indicator_fetch, name="indicator_fetch"),
    path("indikator/<int:pk>/varden/", views.indicator_values, name="indicator_values"),
    path("indikator/<int:pk>/ta-bort/", views.indicator_delete, name="indicator_delete"),
]

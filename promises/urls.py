from django.urls import path

from . import views

app_name = "promises"

urlpatterns = [
    path("start/", views.start, name="start"),
]

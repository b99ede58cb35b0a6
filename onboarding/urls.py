from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("ny-kommun/", views.new_municipality, name="new_municipality"),
    path("ny-kommun/<int:pk>/klar/", views.created, name="created"),
    path("kom-igang/", views.getting_started, name="getting_started"),
]

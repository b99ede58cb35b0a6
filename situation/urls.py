from django.urls import path

from . import views

app_name = "situation"

urlpatterns = [
    path("kommun/<int:municipality_pk>/", views.assessment_list, name="assessment_list"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
]

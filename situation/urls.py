from django.urls import path

from . import views

app_name = "situation"

urlpatterns = [
    path("", views.situation_index, name="index"),
    path("kommun/<int:municipality_pk>/", views.assessment_list, name="assessment_list"),
    path("kommun/<int:municipality_pk>/ny/", views.assessment_create, name="assessment_create"),
    path(
        "kommun/<int:municipality_pk>/ny-version/",
        views.assessment_new_version,
        name="assessment_new_version",
    ),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/andra/", views.assessment_edit, name="assessment_edit"),
    path("<int:pk>/anta/", views.assessment_adopt, name="assessment_adopt"),
    path("<int:pk>/publicering/", views.assessment_publish, name="assessment_publish"),
    path("<int:pk>/ta-bort/", views.assessment_delete, name="assessment_delete"),
    path("<int:pk>/historik/", views.assessment_history, name="assessment_history"),
    path("<int:pk>/problem/ny/", views.problem_create, name="problem_create"),
    path("problem/<int:pk>/andra/", views.problem_edit, name="problem_edit"),
    path("problem/<int:pk>/ta-bort/", views.problem_delete, name="problem_delete"),
    path("problem/<int:pk>/indikatorer/", views.problem_indicators, name="problem_indicators"),
    path("problem/<int:pk>/orsak/ny/", views.cause_create, name="cause_create"),
    path("orsak/<int:pk>/andra/", views.cause_edit, name="cause_edit"),
    path("orsak/<int:pk>/atgarder/", views.cause_activities, name="cause_activities"),
    path("orsak/<int:pk>/ta-bort/", views.cause_delete, name="cause_delete"),
    path("lofte/<int:promise_pk>/problem/", views.promise_problems, name="promise_problems"),
]

"""Follow-up reports: drafting, issuing and downloading, under /rapporter/."""

from django.urls import path

from . import plan_document_views, profile_views, views, views_assessment, views_docx

app_name = "followup"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("ny/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/redigera/", views.report_edit, name="report_edit"),
    path("<int:pk>/forhandsgranska/", views.report_preview, name="report_preview"),
    path("<int:pk>/utfarda/", views.report_issue, name="report_issue"),
    path("<int:pk>/rattelse/", views.report_correct, name="report_correct"),
    path("<int:pk>/ta-bort/", views.report_delete, name="report_delete"),
    path("<int:pk>/pdf/", views.report_download, name="report_download"),
    path("<int:pk>/arkivpaket/", views.report_archive, name="report_archive"),
    path("<int:pk>/word/", views_docx.report_docx, name="report_docx"),
    path("<int:pk>/historik/", views.report_history, name="report_history"),
    path(
        "lagesbild/<int:pk>/",
        views_assessment.assessment_document_page,
        name="assessment_document",
    ),
    path("lagesbild/<int:pk>/pdf/", views_assessment.assessment_pdf, name="assessment_pdf"),
    path("dokumentprofil/<int:pk>/", profile_views.profile_edit, name="profile_edit"),
    path(
        "dokumentprofil/<int:pk>/historik/",
        profile_views.profile_history,
        name="profile_history",
    ),
    path("dokumentprofil/<int:pk>/logotyp/", profile_views.profile_logo, name="profile_logo"),
    path("atgardsplan/<int:pk>/pdf/", plan_document_views.plan_pdf, name="plan_pdf"),
]

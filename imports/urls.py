from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("loften/<int:pk>/importera/", views.upload, name="upload"),
    path("importer/<int:pk>/", views.job, name="job"),
    path("importer/<int:pk>/importera/", views.confirm, name="confirm"),
    path("importer/mall.xlsx", views.template, name="template"),
    path("loften/<int:pk>/plan.xlsx", views.export_chain, name="export_chain"),
    path("loften/<int:pk>/historik.csv", views.export_history, name="export_history"),
]

from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("logga-in/organisation/<int:pk>/", views.start, name="start"),
    path("logga-in/organisation/tillbaka/", views.callback, name="callback"),
    path("organisation/<int:pk>/inloggning/", views.provider_settings, name="settings"),
]

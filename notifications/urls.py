from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("installningar/", views.preferences, name="preferences"),
    path("avregistrera/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("folj/<int:pk>/", views.follow, name="follow"),
]

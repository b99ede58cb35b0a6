"""The åtgärdsplan in Brå's table, its follow-up colours, and the law's checklist (Lagkrav)."""

from django.urls import path

from . import duty_views, plan_views

urlpatterns = [
    path("plan/<int:pk>/", plan_views.plan_table, name="plan_table"),
    path(
        "plan/aktivitet/<int:pk>/uppfoljning/",
        plan_views.activity_rating,
        name="activity_rating",
    ),
    path("lagkrav/<int:pk>/", duty_views.duty_checklist, name="duty_checklist"),
    path("lagkrav/<int:pk>/installningar/", duty_views.duty_settings_edit, name="duty_settings"),
]

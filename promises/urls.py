from django.urls import path

from .views import activities, agreements, due_dates, history, period, promises, standing, start

app_name = "promises"

urlpatterns = [
    path("start/", start.start, name="start"),
    path("mina-aktiviteter/", start.my_activities, name="my_activities"),
    path("uppfoljningslage/", standing.standing, name="standing"),
    path("overenskommelser/", agreements.agreement_list, name="agreement_list"),
    path("overenskommelser/ny/", agreements.agreement_create, name="agreement_create"),
    path("overenskommelser/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("overenskommelser/<int:pk>/andra/", agreements.agreement_edit, name="agreement_edit"),
    path("loften/", promises.promise_list, name="promise_list"),
    path("loften/nytt/", promises.promise_create, name="promise_create"),
    path("loften/<int:pk>/", promises.promise_detail, name="promise_detail"),
    path("loften/<int:pk>/andra/", promises.promise_edit, name="promise_edit"),
    path("loften/<int:pk>/anta/", promises.promise_adopt, name="promise_adopt"),
    path("loften/<int:pk>/avsluta/", promises.promise_close, name="promise_close"),
    path("loften/<int:pk>/ersatt/", promises.promise_successor, name="promise_successor"),
    path("loften/<int:pk>/ta-bort/", promises.promise_delete, name="promise_delete"),
    path("loften/<int:pk>/numrera-om/", promises.focus_area_renumber, name="focus_area_renumber"),
    path(
        "loften/<int:promise_pk>/fokusomraden/nytt/",
        activities.focus_area_create,
        name="focus_area_create",
    ),
    path("fokusomraden/<int:pk>/andra/", activities.focus_area_edit, name="focus_area_edit"),
    path("fokusomraden/<int:pk>/ta-bort/", activities.focus_area_delete, name="focus_area_delete"),
    path(
        "fokusomraden/<int:focus_area_pk>/aktiviteter/ny/",
        activities.activity_create,
        name="activity_create",
    ),
    path(
        "fokusomraden/<int:focus_area_pk>/numrera-om/",
        activities.activity_renumber,
        name="activity_renumber",
    ),
    path("aktiviteter/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/andra/", activities.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/ta-bort/", activities.activity_delete, name="activity_delete"),
    path(
        "overenskommelser/<int:pk>/historik/", history.agreement_history, name="agreement_history"
    ),
    path("loften/<int:pk>/historik/", history.promise_history, name="promise_history"),
    path("fokusomraden/<int:pk>/historik/", history.focus_area_history, name="focus_area_history"),
    path("aktiviteter/<int:pk>/historik/", history.activity_history, name="activity_history"),
    path(
        "uppdateringar/<int:pk>/historik/",
        history.status_update_history,
        name="status_update_history",
    ),
    path("uppdateringar/<int:pk>/andra/", activities.status_update_edit, name="status_update_edit"),
    path(
        "uppdateringar/<int:pk>/dra-tillbaka/",
        activities.status_update_withdraw,
        name="status_update_withdraw",
    ),
    path(
        "loften/<int:promise_pk>/uppfoljningar/ny/",
        due_dates.promise_due_date_create,
        name="promise_due_date_create",
    ),
    path(
        "overenskommelser/<int:agreement_pk>/uppfoljningar/ny/",
        due_dates.agreement_due_date_create,
        name="agreement_due_date_create",
    ),
    path("uppfoljningar/<int:pk>/andra/", due_dates.due_date_edit, name="due_date_edit"),
    path("uppfoljningar/<int:pk>/ta-bort/", due_dates.due_date_delete, name="due_date_delete"),
    path("loften/<int:pk>/rapportera/", period.period_report, name="period_report"),
    path("borttaget/", history.deleted_list, name="deleted_list"),
    path("borttaget/<int:pk>/aterstall/", history.deletion_restore, name="deletion_restore"),
    path(
        "aktiviteter/<int:pk>/uppdateringar/",
        activities.status_update_create,
        name="status_update_create",
    ),
]

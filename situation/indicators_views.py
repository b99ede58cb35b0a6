"""The indicator pages: a kommun's indicators, one indicator's series with its source, the button
"Hämta från Kolada" (a POST form: the fetch runs in a task; the page shows "Hämtas…", then the
outcome), and the forms of manual indicators and their pasted values. Views are thin: access
helpers decide who may, services write, selectors read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from promises.submit import submitted

from . import access, indicators, indicators_selectors
from .indicators_forms import (
    MANUAL_FIELDS,
    IndicatorEditForm,
    IndicatorForm,
    KoladaIndicatorForm,
    PastedValuesForm,
)
from .indicators_kolada import kolada_indicator, request_fetch


def _form_data(request):
    return request.POST if request.method == "POST" else None


def _list_page(request, municipality, kolada_form):
    context = {
        "municipality": municipality,
        "indicators": indicators_selectors.municipality_indicators(municipality),
        "can_write": access.may_write_municipality(request.user, municipality.pk),
        "kolada_form": kolada_form,
    }
    return render(request, "situation/indicators/list.html", context)


@require_GET
@login_required
def indicator_list(request, municipality_pk):
    municipality = access.get_municipality_for_situation(request.user, municipality_pk)
    return _list_page(request, municipality, KoladaIndicatorForm())


@require_POST
@login_required
def indicator_add_kolada(request, municipality_pk):
    """Add (or find) the kommun's indicator for a Kolada KPI and queue its first fetch."""
    municipality = access.get_municipality_for_situation(request.user, municipality_pk, write=True)
    form = KoladaIndicatorForm(request.POST)
    if not form.is_valid():
        return _list_page(request, municipality, form)
    indicator = kolada_indicator(
        municipality=municipality, kpi=form.cleaned_data["kpi"], user=request.user
    )
    if indicator.is_demo:
        messages.info(request, _("Kommunen har redan indikatorn, som demodata: den hämtas inte."))
    else:
        request_fetch(indicator, user=request.user)
        messages.success(request, _("Indikatorn hämtas från Kolada."))
    return redirect("situation:indicator_detail", indicator.pk)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request, municipality_pk):
    municipality = access.get_municipality_for_situation(request.user, municipality_pk, write=True)
    form = IndicatorForm(_form_data(request))
    form.instance.municipality = municipality
    if response := submitted(
        request,
        form,
        lambda: indicators.create_indicator(
            user=request.user,
            municipality=municipality,
            **{name: form.cleaned_data[name] for name in MANUAL_FIELDS},
        ),
        message=_("Indikatorn lades till. Klistra in dess värden."),
        success=lambda indicator: reverse("situation:indicator_values", args=[indicator.pk]),
    ):
        return response
    context = {"form": form, "municipality": municipality, "indicator": None}
    return render(request, "situation/indicators/form.html", context)


@require_GET
@login_required
def indicator_detail(request, pk):
    indicator = access.get_indicator_for_user(request.user, pk)
    indicator = indicators_selectors.indicator_with_source(indicator.pk)
    columns, rows = indicators_selectors.value_table(indicator)
    fetch = getattr(indicator, "fetch", None)
    context = {
        "indicator": indicator,
        "municipality": indicator.municipality,
        "fetch": fetch,
        "fetch_pending": fetch is not None and fetch.is_pending,
        "columns": columns,
        "rows": rows,
        "can_write": access.may_write_municipality(request.user, indicator.municipality_id),
    }
    return render(request, "situation/indicators/detail.html", context)


@require_POST
@login_required
def indicator_fetch(request, pk):
    """The button "Hämta från Kolada": queue the fetch, back to the page that shows it."""
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    if not indicator.is_kolada or indicator.is_demo:
        messages.error(request, _("Indikatorn hämtas inte från Kolada."))
    elif request_fetch(indicator, user=request.user):
        messages.success(request, _("Hämtningen från Kolada är köad."))
    else:
        messages.info(request, _("Indikatorn hämtas redan från Kolada."))
    return redirect("situation:indicator_detail", indicator.pk)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request, pk):
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    form = IndicatorEditForm(_form_data(request), instance=indicator)
    if response := submitted(
        request,
        form,
        lambda: indicators.update_indicator(
            indicator=indicator,
            user=request.user,
            fields={name: form.cleaned_data[name] for name in form.editable_names},
            reason=form.cleaned_data["change_reason"],
            expected_version=form.cleaned_data["version"],
        ),
        message=_("Ändringarna sparades."),
        success=reverse("situation:indicator_detail", args=[indicator.pk]),
    ):
        return response
    context = {"form": form, "municipality": indicator.municipality, "indicator": indicator}
    return render(request, "situation/indicators/form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_values(request, pk):
    """Paste the values of a manual indicator: all lines are right, or nothing is saved."""
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    if indicator.is_kolada:
        messages.info(request, _("Värdena för den här indikatorn hämtas från Kolada."))
        return redirect("situation:indicator_detail", indicator.pk)
    indicator = indicators_selectors.indicator_with_source(indicator.pk)
    form = PastedValuesForm(_form_data(request), indicator=indicator)
    if request.method == "POST" and form.is_valid():
        result = indicators.save_pasted_values(
            indicator=indicator, rows=form.cleaned_data["values"], user=request.user
        )
        messages.success(request, _("Värdena sparades: %(result)s") % {"result": result})
        return redirect("situation:indicator_detail", indicator.pk)
    context = {
        "form": form,
        "indicator": indicator,
        "municipality": indicator.municipality,
        "cancel_url": reverse("situation:indicator_detail", args=[indicator.pk]),
    }
    return render(request, "situation/indicators/values_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_delete(request, pk):
    """Delete an indicator no problem uses (e.g. one added with the wrong KPI)."""
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    problems = indicators.problems_measured_by(indicator)
    if request.method == "POST" and not problems:
        try:
            indicators.delete_indicator(indicator=indicator, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("situation:indicator_detail", indicator.pk)
        messages.success(request, _("Indikatorn togs bort."))
        return redirect("situation:indicator_list", indicator.municipality_id)
    context = {
        "indicator": indicator,
        "municipality": indicator.municipality,
        "problems": problems,
        "value_count": indicator.values.count(),
    }
    return render(request, "situation/indicators/confirm_delete.html", context)

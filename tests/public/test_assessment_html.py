"""The new content of the lägesbild passes the Nu HTML checker: the public pages with a published
lägesbild, the promise page's effect section, the tjänsteskrivelse's page and a report's preview
with its effect section. (The demo crawl of tests/test_html_validity.py reaches them too once the
demo data has a lägesbild; this does not wait for it.)"""

from django.test import Client
from django.urls import reverse

from tests.followup.report_factory import complete_draft
from tests.situation.lagesbild import build_lagesbild
from tests.test_html_validity import Pages, run_vnu, vnu  # noqa: F401  (vnu: a fixture)

from .test_pages import build_public_world


def test_the_lagesbild_pages_pass_the_nu_html_checker(
    vnu,  # noqa: F811
    tmp_path,
    owner,
    adopted_promise,
    focus_area,
    activity,
    upplands_bro,
    outsider,
    jarfalla_police,
):
    world = build_public_world(
        owner=owner,
        adopted_promise=adopted_promise,
        focus_area=focus_area,
        activity=activity,
        upplands_bro=upplands_bro,
        outsider=outsider,
        jarfalla_police=jarfalla_police,
    )
    assessment = build_lagesbild(
        world.municipality, promise=world.promise, activities=[world.activity], problems=2
    )
    pages = Pages()
    anonymous = Client()
    for name in ("public:municipality", "public:promise"):
        url = world.url(name)
        pages.add_response("anonymous", url, anonymous.get(url), 200)
    signed_in = Client()
    signed_in.force_login(owner)
    for url in (
        world.promise.get_absolute_url(),
        reverse("followup:assessment_document", args=[assessment.pk]),
    ):
        pages.add_response("samordnare", url, signed_in.get(url), 200)
    report = complete_draft(owner=owner, promise=world.promise)
    preview = reverse("followup:report_preview", args=[report.pk])
    html = signed_in.get(preview).content.decode()
    assert "Effekt: lägesbildens indikatorer" in html
    pages.add("samordnare", preview, html)

    problems = run_vnu(vnu, pages, tmp_path)
    assert not problems, "\n".join(problems)

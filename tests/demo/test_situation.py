"""The demo lägesbilder: adopted, published, linked to the demo activities, and loaded once."""

import pytest

from demo.loader import DATA_DIR, load_demo_data, load_demo_reports
from demo.situation import load_demo_situation
from demo.summary import DemoSummary, Outcome
from situation.models import Assessment, Cause, Indicator, IndicatorValue


@pytest.fixture
def loaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo_data()
    load_demo_reports()
    return load_demo_situation(DATA_DIR, summary=DemoSummary())


@pytest.mark.django_db
def test_knivsta_and_upplands_bro_have_an_adopted_published_lagesbild(loaded):
    public = Assessment.objects.public().select_related("municipality")
    assert sorted(a.municipality.slug for a in public) == ["knivsta", "upplands-bro"]
    for assessment in public:
        problems = list(assessment.problems.all())
        assert 2 <= len(problems) <= 4
        assert all(p.has_level for p in problems)
        assert all(p.indicators.exists() for p in problems)
    # Every cause is linked to existing activities of its own kommun's promises.
    for cause in Cause.objects.select_related("problem__assessment"):
        activities = list(cause.activities.select_related("focus_area__promise__agreement"))
        assert activities, cause
        assert {a.focus_area.promise.agreement.municipality_id for a in activities} == {
            cause.problem.assessment.municipality_id
        }


@pytest.mark.django_db
def test_the_indicators_are_marked_as_invented(loaded):
    assert Indicator.objects.count() == 6
    assert not Indicator.objects.filter(is_demo=False).exists()
    assert set(Indicator.objects.exclude(kolada_kpi="").values_list("kolada_kpi", flat=True)) == {
        "N07540",
        "N07403",
    }
    knivsta_total = Indicator.objects.get(municipality__slug="knivsta", kolada_kpi="N07540")
    assert sorted(knivsta_total.values.values_list("period", flat=True)) == list(range(2019, 2026))
    assert knivsta_total.values.get(period=2025).is_preliminary
    split = Indicator.objects.get(municipality__slug="knivsta", has_gender_split=True)
    assert set(split.values.values_list("gender", flat=True)) == {"T", "K", "M"}


@pytest.mark.django_db
def test_a_second_load_changes_nothing(loaded):
    rows = (Assessment.objects.count(), IndicatorValue.objects.count())
    summary = DemoSummary()
    load_demo_situation(DATA_DIR, summary=summary)
    assert summary.total(Outcome.CREATED) == summary.total(Outcome.UPDATED) == 0
    assert (Assessment.objects.count(), IndicatorValue.objects.count()) == rows


@pytest.mark.django_db
def test_an_unknown_activity_is_reported_with_file_and_key(tmp_path, settings):
    import shutil

    from demo.parsing import SpecError

    settings.MEDIA_ROOT = tmp_path
    load_demo_data()
    directory = tmp_path / "data"
    shutil.copytree(DATA_DIR, directory)
    path = directory / "situation.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('code = "1:2"', 'code = "9:9"', 1), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_demo_situation(directory, summary=DemoSummary())
    assert "situation.toml: assessments[0].problems[0].causes[0].activities[0]" in str(caught.value)

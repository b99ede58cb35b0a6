"""The columns of a plan in a spreadsheet, stated once: the import reads them, the template and
the export write them, in this order. Each column is a field of a focus area or an activity, so
the model's own validators and choices decide what a cell may hold."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from promises.models import Activity, FocusArea


@dataclass(frozen=True)
class Column:
    key: str  # the field of the model
    model: type
    label: object  # the header a coordinator reads (Swedish)
    example: object  # the template's example row
    help: object  # the template's "Instruktioner" sheet
    required: bool = False


AREA_NUMBER = "area_number"
AREA_TITLE = "area_title"
AREA_DEFINITION = "area_definition"

COLUMNS: tuple[Column, ...] = (
    Column(
        AREA_NUMBER,
        FocusArea,
        _("Områdets nummer"),
        1,
        _("Fokusområdets nummer, 1–99. Samma nummer på alla rader i området."),
        required=True,
    ),
    Column(
        AREA_TITLE,
        FocusArea,
        _("Områdets rubrik"),
        "Insatser i samverkan mot narkotika",
        _("Fokusområdets rubrik. Räcker på områdets första rad."),
    ),
    Column(
        AREA_DEFINITION,
        FocusArea,
        _("Områdets beskrivning"),
        "Kommunen och polisen arbetar tillsammans för att färre unga ska prova narkotika.",
        _("Valfritt: stycket som beskriver området. Räcker på områdets första rad."),
    ),
    Column(
        "number",
        Activity,
        _("Insatsens nummer"),
        1,
        _(
            "Insatsens nummer inom området, t.ex. 3 eller 1:3. Tomt ger nästa lediga nummer. "
            "En rad utan nummer och text är ett område utan insatser."
        ),
    ),
    Column(
        "description",
        Activity,
        _("Insatsens text"),
        "Polisen genomför narkotikainsatser i centrala Knivsta.",
        _("Vad som ska göras, med egna ord. Aldrig namn eller personnummer på enskilda."),
    ),
    Column(
        "responsible",
        Activity,
        _("Ansvarig"),
        "Polisen",
        _("Kommunen, Polisen eller Gemensamt."),
    ),
    Column(
        "partners",
        Activity,
        _("Samverkanspartner"),
        "Kriminalvården",
        _("Valfritt: andra som deltar, t.ex. Kriminalvården, Upplands-Brohus."),
    ),
    Column(
        "contact_persons",
        Activity,
        _("Kontaktpersoner"),
        "",
        _("Valfritt. Visas bara för inloggade, aldrig på de offentliga sidorna."),
    ),
    Column(
        "planned_start",
        Activity,
        _("Planerad start"),
        date(2024, 1, 1),
        _("Valfritt: datum som ÅÅÅÅ-MM-DD, inom löftets period."),
    ),
    Column(
        "planned_end",
        Activity,
        _("Planerat slut"),
        date(2025, 12, 31),
        _("Valfritt: datum som ÅÅÅÅ-MM-DD, inte före planerad start."),
    ),
    Column(
        "target_count",
        Activity,
        _("Målvärde"),
        4,
        _("Valfritt: ett positivt heltal, t.ex. 4. Kräver enhet och målperiod."),
    ),
    Column(
        "target_unit",
        Activity,
        _("Enhet"),
        "narkotikainsatser",
        _("Vad som räknas, t.ex. narkotikainsatser, medborgardialoger."),
    ),
    Column(
        "target_period",
        Activity,
        _("Målperiod"),
        "år",
        _(
            "Perioden som målet gäller: termin, läsår, år, kalenderhalvår, tertial eller hela perioden."
        ),
    ),
    Column(
        "goal_text",
        Activity,
        _("Operativt mål"),
        "",
        _(
            "Valfritt: målet i ord när det inte räknas i ett antal, t.ex. "
            "”Belysningen vid gångtunneln är åtgärdad före hösten.”"
        ),
    ),
)

AREA_FIELDS = {AREA_NUMBER: "number", AREA_TITLE: "title", AREA_DEFINITION: "definition"}
ACTIVITY_KEYS = tuple(c.key for c in COLUMNS if c.model is Activity)
BY_KEY = {c.key: c for c in COLUMNS}


def model_field_name(column: Column) -> str:
    return AREA_FIELDS.get(column.key, column.key)


def column_field(column: Column):
    return column.model._meta.get_field(model_field_name(column))


def label_of(key: str) -> str:
    """The column a model field's message belongs to (``key`` is a column key)."""
    return str(BY_KEY[key].label)

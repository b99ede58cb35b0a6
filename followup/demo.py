"""Demo follow-up reports, after the chain's demo data (``promises.demo_data``) is loaded.

Two issued reports reproduce the follow-ups of the reference documents, in our own words and with
invented people: Upplands-Bro's halvårsuppföljning 2022 of the agreement's åtgärdsplan to
Trygghetsutskottet (seeds/003), and Knivsta's slutuppföljning of the medborgarlöfte 2024–2025 to
Kommunstyrelsen with its barnchecklista (seeds/000). A third report, Upplands-Bro's
årsuppföljning 2022, is a draft in progress.

Idempotent: a report is looked up by its natural key (promise title, kind, period, version 1) and
left alone when it exists. An issued report never changes anyway, and a demo user may have edited
the draft.
"""

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from promises.demo_data import KNIVSTA_PROMISE, UB_ACTION_PLAN, DemoSummary, Outcome
from promises.models import Promise

from . import services
from .models import Report

UB_HALF_YEAR_2022: dict[str, Any] = {
    "promise": UB_ACTION_PLAN["title"],
    "author": "samordnare-ub",
    "issue": True,
    "kind": Report.Kind.HALF_YEAR,
    "period_start": date(2022, 1, 1),
    "period_end": date(2022, 8, 23),
    "fields": {
        "document_type": Report.DocumentType.MEMO,
        "date": date(2022, 8, 23),
        "our_reference": "KS 21/0531",
        "your_reference": "Trygghetsutskottet",
        "office": "Kommunledningskontoret",
        "handler_name": "Samir Haddad",
        "handler_email": "samir.haddad@upplands-bro.example",
        "title": "Halvårsuppföljning Samverkansöverenskommelse 2022–2023",
        "proposals": (
            "Trygghetsutskottet godkänner halvårsuppföljningen av samverkansöverenskommelsen "
            "mellan kommunen och polisen."
        ),
        "summary": (
            "Här följs samverkansöverenskommelsen och åtgärdsplanen mellan kommunen och polisen "
            "för 2022–2023 upp efter det första halvåret.\n\n"
            "Uppföljningen utgår från åtgärdsplanens fyra prioriterade områden, där Upplands-Bro "
            "kommun och lokalpolisområde Järfälla/Upplands-Bro samverkar för ökad trygghet och "
            "säkerhet: inget utsatt område i Upplands-Bro, våld, trygga offentliga miljöer och "
            "ungdomar i riskzon."
        ),
        "case_text": (
            "Kommunen och polisen tecknade samverkansöverenskommelsen för 2022–2023 med en "
            "åtgärdsplan som bilaga. Överenskommelsen följs upp varje halvår i "
            "Trygghetsutskottet.\n\n"
            "För varje område beskrivs först vad området omfattar. Därefter redovisas i en tabell "
            "varje insats i åtgärdsplanen och en kort uppföljning av hur arbetet går."
        ),
        "child_perspective": (
            "Barnperspektivet finns genomgående i överenskommelsen och åtgärdsplanen: många "
            "insatser ska förebygga att barn och unga hamnar i kriminalitet eller missbruk, och "
            "arbetet ska ge barn och unga en trygg miljö att växa upp i. Uppföljningen är ett sätt "
            "att se till att arbetet går åt rätt håll, och därmed ett stöd för barnens bästa."
        ),
        "recipients": "Lokalpolisområde Järfälla/Upplands-Bro",
        "attachments": "KS 21/0531 Samverkansöverenskommelse 2022/2023",
    },
    "signatories": [
        ("Eva Sandell", "Kommundirektör"),
        ("Jakob Lund", "Enhetschef Trygghets- och preventionsenheten"),
    ],
    "documents": [
        ("KS 21/0531 Samverkansöverenskommelse 2022/2023", date(2021, 10, 14)),
    ],
    "verdicts": {},
}

KNIVSTA_CLOSING: dict[str, Any] = {
    "promise": KNIVSTA_PROMISE["title"],
    "author": "samordnare",
    "issue": True,
    "kind": Report.Kind.CLOSING,
    "period_start": date(2024, 1, 1),
    "period_end": date(2025, 11, 10),
    "fields": {
        "document_type": Report.DocumentType.STATEMENT,
        "date": date(2025, 11, 10),
        "our_reference": "KS-2025/412",
        "your_reference": "Kommunstyrelsen",
        "office": "Kommunledningskontoret",
        "handler_name": "Linnea Åberg",
        "handler_email": "linnea.aberg@knivsta.example",
        "title": "Uppföljning av medborgarlöfte 2024–2025",
        "proposals": "Uppföljningen, daterad 2025-11-10, anmäls till Kommunstyrelsen.",
        "summary": (
            "Knivsta kommun och polisen har haft ett gemensamt medborgarlöfte under 2024 och "
            "2025, för ett aktivt brottsförebyggande och trygghetsskapande arbete i Knivsta. "
            "Löftet gäller till och med 2025-12-31 och följs nu upp, både vad som har genomförts "
            "och, så långt det går, vilken effekt arbetet har haft."
        ),
        "case_text": (
            "Kommunstyrelsen godkände medborgarlöftet 2024–2025 den 29 januari 2024, § 6.\n\n"
            "Löftet har sin grund i samverkansöverenskommelsen mellan kommunen och polisen för "
            "2023–2026 (KS-2023/147), som är ramen för det gemensamma brottsförebyggande arbetet. "
            "Framför allt fokusområdet om våld i nära relation hör direkt ihop med "
            "överenskommelsens mål om att utveckla samverkan kring våldsprevention; löftet kan "
            "ses som ett sätt att göra överenskommelsens mål konkreta."
        ),
        "legal_review": (
            "Medborgarlöften regleras inte i lag. De är en samverkansmodell som Polismyndigheten "
            "har tagit fram för att stärka det brottsförebyggande arbetet tillsammans med "
            "kommuner och andra aktörer, och för att låta invånarna vara delaktiga.\n\n"
            "Sedan 2023 har kommunerna ett lagstadgat ansvar för brottsförebyggande arbete (lag "
            "2023:196). Kommunen ska ta fram en lägesbild över brottsligheten och en åtgärdsplan, "
            "och invånarnas perspektiv fångas där genom bland annat dialoger och "
            "trygghetsmätningar. Lokalpolisområdet bedömer därför att återkommande "
            "medborgarlöften inte längre behövs på samma sätt. Något nytt löfte för 2026 tas "
            "inte fram; arbetet fortsätter inom den gemensamma struktur som kommunen och polisen "
            "har byggt upp."
        ),
        "recipients": "Akten\nPolismyndigheten genom handläggare",
        "uses_child_checklist": True,
        "child_affects_answer": Report.ChildAnswer.NO,
        "child_consulted_answer": Report.ChildAnswer.NOT_APPLICABLE,
        "child_consulted_comment": (
            "Beslutet rör inte en övergripande flerårig plan eller ett flerårigt styrdokument."
        ),
    },
    "signatories": [("Helena Strand", "Chef kommunledningskontoret")],
    "documents": [("Medborgarlöfte Knivsta kommun 2024–2025", date(2024, 1, 29))],
    # Activity code → (verdict, justification), judged from the updates up to the report's date.
    "verdicts": {
        "1:1": ("hallet", "SSPF är i gång på alla högstadieskolor sedan december 2024."),
        "1:2": ("hallet", "Tre gemensamma kvällsinsatser både 2024 och 2025."),
        "1:3": ("hallet", "Orossamtalen ingår nu i det ordinarie arbetet."),
        "2:1": (
            "delvis_hallet",
            "Målet nåddes under vårhalvåren men inte under hösten 2024, då personalen behövdes "
            "på annat håll.",
        ),
        "2:2": (
            "delvis_hallet",
            "Målet nåddes under tre av fyra terminer; höstterminens besök 2025 är planerade till "
            "senare i november.",
        ),
        "2:3": (
            "ej_bedombart",
            "Platserna har valts utifrån lägesbilden, men valen har inte dokumenterats varje "
            "kvartal.",
        ),
        "3:1": (
            "delvis_hallet",
            "Tre insatser 2024 och fyra 2025; den fjärde insatsen 2024 flyttades till januari.",
        ),
        "3:2": ("hallet", "En föräldraträff varje läsår; läsårets träff är planerad i november."),
        "3:3": ("hallet", "ANDT-handlingsplanen antogs i mars 2025."),
        "4:1": ("hallet", "Två utbildningstillfällen både 2024 och 2025."),
        "4:2": (
            "hallet",
            "Kampanjen genomfördes 2024 och är planerad till den 25 november 2025.",
        ),
        "4:3": ("hallet", "Den gemensamma rutinen är klar och används sedan juni 2025."),
    },
}

UB_ANNUAL_2022_DRAFT: dict[str, Any] = {
    "promise": UB_ACTION_PLAN["title"],
    "author": "samordnare-ub",
    "issue": False,
    "kind": Report.Kind.ANNUAL,
    "period_start": date(2022, 1, 1),
    "period_end": date(2022, 12, 31),
    "fields": {
        "document_type": Report.DocumentType.MEMO,
        "date": date(2023, 2, 14),
        "our_reference": "KS 21/0531",
        "your_reference": "Trygghetsutskottet",
        "office": "Kommunledningskontoret",
        "handler_name": "Samir Haddad",
        "handler_email": "samir.haddad@upplands-bro.example",
        "title": "Årsuppföljning Samverkansöverenskommelse 2022–2023",
    },
    "signatories": [("Eva Sandell", "Kommundirektör")],
    "documents": [],
    "verdicts": {},
}

DEMO_REPORTS = [UB_HALF_YEAR_2022, KNIVSTA_CLOSING, UB_ANNUAL_2022_DRAFT]


@transaction.atomic
def load_demo_reports(*, summary: DemoSummary | None = None) -> DemoSummary:
    """Write the demo reports; safe to run any number of times."""
    summary = summary if summary is not None else DemoSummary()
    users = get_user_model().objects.in_bulk(
        {data["author"] for data in DEMO_REPORTS}, field_name="username"
    )
    for data in DEMO_REPORTS:
        _load_report(data, users, summary)
    return summary


def _load_report(data: dict[str, Any], users, summary: DemoSummary) -> None:
    label = str(Report._meta.verbose_name_plural)
    promise = Promise.objects.filter(title=data["promise"]).first()
    author = users.get(data["author"])
    if promise is None or author is None:
        raise LookupError(
            _("Demorapporterna bygger på kedjans demodata: läs in den först (seed_demo).")
        )
    exists = Report.objects.filter(
        promise=promise,
        kind=data["kind"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        version=1,
    ).exists()
    if exists:
        summary.record(label, Outcome.UNCHANGED)
        return
    report = services.create_draft(
        user=author,
        promise=promise,
        kind=data["kind"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        **data["fields"],
    )
    entries = {}
    for entry in report.entries.select_related("activity__focus_area"):
        verdict, justification = data["verdicts"].get(entry.activity.code, ("", ""))
        entries[entry.activity_id] = services.EntryInput(
            follow_up=entry.follow_up,
            verdict=verdict,
            verdict_justification=justification,
        )
    report = services.save_draft(
        report=report,
        user=author,
        fields={},
        entries=entries,
        signatories=data["signatories"],
        documents=data["documents"],
    )
    if data["issue"]:
        services.issue_report(report=report, user=author)
    summary.record(label, Outcome.CREATED)

"""Demo data for a local run: three kommuner, their police areas, agreements, promises and a history
of status updates, plus one demo account per role (password ``demo``).

The data are plain structures, modelled on the reference documents in ``seeds/`` but written in our
own words; every person is invented. ``load_demo_data()`` writes them idempotently: each object is
looked up by its natural key (organisation slug, username, agreement diarienummer, promise title,
focus area number, activity number, status update date and text) and is only saved when something
differs, so a second run creates no rows and no history. The chain is written through
``promises.services`` so that the history names the demo user who would have made each change.

Further demo loaders (the follow-up reports) run after this one and may record what they did in
the same ``DemoSummary``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .models import (
    Activity,
    Agreement,
    FocusArea,
    Membership,
    Organisation,
    Promise,
    Signatory,
    StatusUpdate,
)
from .periods import Cadence, TargetPeriod

DEMO_PASSWORD = "demo"

MUNICIPALITY = Organisation.Kind.MUNICIPALITY
POLICE_AREA = Organisation.Kind.POLICE_AREA
COORDINATOR = Membership.Role.COORDINATOR
POLICE = Membership.Role.POLICE
SECRETARY = Membership.Role.SECRETARY
KOMMUNEN = Activity.Responsible.MUNICIPALITY
POLISEN = Activity.Responsible.POLICE
GEMENSAMT = Activity.Responsible.JOINT
NOT_STARTED = StatusUpdate.Status.NOT_STARTED
ONGOING = StatusUpdate.Status.IN_PROGRESS
DONE = StatusUpdate.Status.DONE
DELAYED = StatusUpdate.Status.DELAYED
CANCELLED = StatusUpdate.Status.CANCELLED
PUBLIC = True
INTERNAL = False


class Update(NamedTuple):
    """One status update: ISO date, status, author's username, count toward the target, public?"""

    on: str
    status: str
    by: str
    count: int
    public: bool
    text: str


# The tables below are laid out by hand (one status update per entry) and kept so by
# the formatter.
# fmt: off

# Organisations and people ----------------------------------------------------------------------

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "knivsta",
        "kind": MUNICIPALITY,
        "name": "Knivsta kommun",
        "municipality_code": "0330",
        "office": "Kommunledningskontoret",
    },
    {
        "slug": "uppsala",
        "kind": MUNICIPALITY,
        "name": "Uppsala kommun",
        "municipality_code": "0380",
    },
    {
        "slug": "upplands-bro",
        "kind": MUNICIPALITY,
        "name": "Upplands-Bro kommun",
        "municipality_code": "0139",
        "office": "Kommunledningskontoret",
    },
    {
        "slug": "jarfalla",
        "kind": MUNICIPALITY,
        "name": "Järfälla kommun",
        "municipality_code": "0123",
    },
    {
        "slug": "kungsor",
        "kind": MUNICIPALITY,
        "name": "Kungsörs kommun",
        "municipality_code": "0484",
        "office": "Kommunledningskontoret",
    },
    {"slug": "koping", "kind": MUNICIPALITY, "name": "Köpings kommun", "municipality_code": "1983"},
    {"slug": "arboga", "kind": MUNICIPALITY, "name": "Arboga kommun", "municipality_code": "1984"},
    {
        "slug": "lpo-uppsala-knivsta",
        "kind": POLICE_AREA,
        "name": "Lokalpolisområde Uppsala/Knivsta",
        "covers": ["knivsta", "uppsala"],
    },
    {
        "slug": "lpo-jarfalla-upplands-bro",
        "kind": POLICE_AREA,
        "name": "Lokalpolisområde Järfälla/Upplands-Bro",
        "covers": ["upplands-bro", "jarfalla"],
    },
    {
        "slug": "lpo-vastra-malardalen",
        "kind": POLICE_AREA,
        "name": "Lokalpolisområde Västra Mälardalen",
        "covers": ["kungsor", "koping", "arboga"],
    },
]

ADMIN_USERNAME = "admin"

# Invented people. Memberships are (organisation slug, role, title).
USERS: list[dict[str, Any]] = [
    {
        "username": ADMIN_USERNAME,
        "first_name": "Petra",
        "last_name": "Holm",
        "email": "petra.holm@lofteskollen.example",
        "is_staff": True,
        "is_superuser": True,
        "memberships": [],
    },
    {
        "username": "samordnare",
        "first_name": "Linnea",
        "last_name": "Åberg",
        "email": "linnea.aberg@knivsta.example",
        "memberships": [("knivsta", COORDINATOR, "Trygghetssamordnare")],
    },
    {
        "username": "polis",
        "first_name": "Jonas",
        "last_name": "Ekholm",
        "email": "jonas.ekholm@polisen.example",
        "memberships": [("lpo-uppsala-knivsta", POLICE, "Kommunpolis")],
    },
    {
        "username": "sekreterare",
        "first_name": "Karin",
        "last_name": "Sjölund",
        "email": "karin.sjolund@knivsta.example",
        "memberships": [("knivsta", SECRETARY, "Nämndsekreterare")],
    },
    {
        "username": "samordnare-ub",
        "first_name": "Samir",
        "last_name": "Haddad",
        "email": "samir.haddad@upplands-bro.example",
        "memberships": [("upplands-bro", COORDINATOR, "Brottsförebyggande samordnare")],
    },
    {
        "username": "samordnare-kungsor",
        "first_name": "Elin",
        "last_name": "Rask",
        "email": "elin.rask@kungsor.example",
        "memberships": [("kungsor", COORDINATOR, "Trygghetssamordnare")],
    },
]

KNIVSTA_CONTACTS = "Linnea Åberg, trygghetssamordnare; Jonas Ekholm, kommunpolis"
UB_CONTACTS = "Samir Haddad, brottsförebyggande samordnare; kommunpolisen"
KUNGSOR_CONTACTS = "Elin Rask, trygghetssamordnare; kommunpolisen"

# Knivsta: agreement 2023–2026 and the medborgarlöfte 2024–2025 (seeds 000 and 001) -------------

KNIVSTA_PROMISE = {
    "title": "Medborgarlöfte Knivsta kommun 2024–2025",
    "kind": Promise.Kind.CITIZEN_PROMISE,
    "period_start": date(2024, 1, 1),
    "period_end": date(2025, 12, 31),
    # Still antagen: closing it after the slutuppföljning is a step left for the demo.
    "status": Promise.Status.ADOPTED,
    "adopted_by": "Kommunstyrelsen",
    "adopted_on": date(2024, 1, 29),
    "adoption_paragraph": "§ 6",
    "reference_number": "",
    "follow_up_cadence": Cadence.HALF_YEARLY,
    "purpose": (
        "Inom samverkansöverenskommelsen formulerar kommunen och polisen ett gemensamt "
        "medborgarlöfte, så att vi tillsammans bedriver ett aktivt brottsförebyggande och "
        "trygghetsskapande arbete i Knivsta."
    ),
    "situation": (
        "De flesta som bor i Knivsta känner sig trygga. Det visar bland annat polisens "
        "trygghetsmätning, Öppna jämförelser, Liv och hälsa ung och Nationella "
        "trygghetsundersökningen. Under 2023 hölls också dialoger med invånare och medarbetare. "
        "Polisen arbetar mot våld i nära relation enligt sin nationella strategi."
    ),
    "background": (
        "Flera delar av medborgarlöftet 2022 lever vidare. De tidigare fokusområdena om unga är nu "
        "aktiviteter under ett gemensamt område, och polisiär närvaro och narkotika finns kvar. "
        "Nytt för 2024–2025 är arbetet mot våld i nära relation: brottet drabbar främst kvinnor "
        "och barn, anmäls sällan och har ett stort mörkertal. Arbetet stärker också barns "
        "rättigheter och hör ihop med kommunens arbete för jämställdhet inom Agenda 2030."
    ),
    "joint_commitment": (
        "Vi ska tillsammans arbeta brottsförebyggande och trygghetsskapande, både för grupper och "
        "för enskilda, arbeta gemensamt mot narkotika och göra fler medvetna om våld i nära "
        "relation. Polisens närvaro i Knivsta inriktas på trafiken, med kontroller av hastighet "
        "och nykterhet, och på besök i skolorna."
    ),
    "expected_effect": (
        "Att unga i riskzon upptäcks tidigare, att färre unga provar narkotika och att fler som "
        "utsätts för våld i nära relation får stöd och vågar anmäla."
    ),
    "follow_along": (
        "Kommunen och polisen berättar löpande om arbetet i sina egna kanaler: kommunens webbplats "
        "och sociala medier och polisens lokala sidor. Här kan du följa varje aktivitet."
    ),
    "signatories": [
        ("Gunilla Ekvall", "Kommunstyrelsens ordförande"),
        ("Oskar Lindvall", "Tf. lokalpolisområdeschef"),
    ],
    "focus_areas": [
        {
            "number": 1,
            "title": "Samverkan kring unga med normbrytande beteende",
            "definition": (
                "Kommunen och polisen arbetar i en gemensam samverkansmodell kring unga med "
                "normbrytande beteende, så att riskbeteenden och tidiga tecken på kriminalitet "
                "upptäcks i tid och rätt insats kan sättas in."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Införa SSPF (skola, socialtjänst, polis och fritid) på kommunens "
                        "högstadieskolor med en gemensam rutin för när och hur vi samverkar."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Skolor, fritidsgårdar",
                    "planned_start": date(2024, 1, 1),
                    "planned_end": date(2024, 12, 31),
                    "updates": [
                        Update("2024-03-12", ONGOING, "samordnare", 0, PUBLIC,
                               "En arbetsgrupp med skola, socialtjänst, polis och fritid har "
                               "bildats och tar fram en gemensam rutin."),
                        Update("2024-09-05", DELAYED, "samordnare", 0, INTERNAL,
                               "Rutinen är försenad eftersom en skola har fått ny ledning under "
                               "sommaren. Ny plan: klar före jul."),
                        Update("2024-12-10", DONE, "samordnare", 0, PUBLIC,
                               "Rutinen är antagen och samverkan enligt SSPF är i gång på alla "
                               "högstadieskolor."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Polis och kommunens fältgrupp är på plats tillsammans när många unga "
                        "samlas, till exempel på valborg, vid skolavslutningen och vid skolstarten."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Nattvandrarna",
                    "target": (3, "gemensamma kvällsinsatser", TargetPeriod.YEAR),
                    "updates": [
                        Update("2024-05-01", DONE, "polis", 1, PUBLIC,
                               "Gemensam närvaro på valborgsmässoafton i centrala Knivsta. Kvällen "
                               "var lugn."),
                        Update("2024-06-14", DONE, "samordnare", 1, PUBLIC,
                               "Skolavslutningskvällen: polis, fältgrupp och nattvandrare fanns "
                               "vid stationsområdet."),
                        Update("2024-10-31", DONE, "polis", 1, PUBLIC,
                               "Gemensam närvaro i centrum och i Alsike under halloweenkvällen."),
                        Update("2025-04-30", DONE, "polis", 1, PUBLIC,
                               "Valborg 2025: gemensam närvaro i centrum och vid badplatsen."),
                        Update("2025-06-13", CANCELLED, "polis", 0, PUBLIC,
                               "Polisens del av skolavslutningskvällen ställdes in på grund av en "
                               "prioriterad händelse på annan ort. Fältgruppen var på plats."),
                        Update("2025-08-22", DONE, "samordnare", 1, PUBLIC,
                               "Gemensam närvaro vid skolstarten, med fokus på stationsområdet."),
                        Update("2025-10-31", DONE, "polis", 1, PUBLIC,
                               "Gemensam närvaro i centrum under halloweenkvällen."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Polisen och socialtjänsten håller skyndsamt gemensamma orossamtal med "
                        "vårdnadshavare när ett barn har uppmärksammats i ett riskbeteende."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Socialtjänsten",
                    "updates": [
                        Update("2024-04-18", ONGOING, "polis", 0, INTERNAL,
                               "Rutinen för gemensamma orossamtal är klar och används."),
                        Update("2025-04-10", ONGOING, "samordnare", 0, INTERNAL,
                               "Rutinen är utvärderad med socialtjänsten. Tiden från polisens "
                               "underrättelse till samtal har blivit kortare."),
                        Update("2025-11-03", DONE, "samordnare", 0, INTERNAL,
                               "Orossamtalen ingår nu i det ordinarie arbetet och följs upp i "
                               "SSPF-gruppen."),
                    ],
                },
            ],
        },
        {
            "number": 2,
            "title": "Polisiär närvaro på prioriterade platser",
            "definition": (
                "Polisen är synlig på de platser som invånarna och lägesbilden pekar ut, för att "
                "öka tryggheten och minska brottsligheten. Tyngdpunkten ligger på trafiken och på "
                "besök i skolorna."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Hastighets- och nykterhetskontroller på de vägar där invånarna upplever "
                        "störst problem."
                    ),
                    "responsible": POLISEN,
                    "target": (6, "trafikkontroller", TargetPeriod.HALF_YEAR),
                    "updates": [
                        Update("2024-03-28", DONE, "polis", 3, PUBLIC,
                               "Tre hastighetskontroller på infartsvägarna till centrum."),
                        Update("2024-06-20", DONE, "polis", 3, PUBLIC,
                               "Två nykterhetskontroller och en hastighetskontroll."),
                        Update("2024-09-30", DONE, "polis", 2, PUBLIC,
                               "Två hastighetskontroller vid skolorna under skolstarten."),
                        Update("2024-12-18", DELAYED, "polis", 1, INTERNAL,
                               "Bara en kontroll under hösten: personalen har lagts på andra "
                               "uppdrag i lokalpolisområdet. Halvårets mål nås inte."),
                        Update("2025-03-27", DONE, "polis", 4, PUBLIC,
                               "Fyra kontroller, varav två nykterhetskontroller en fredagskväll."),
                        Update("2025-06-26", DONE, "polis", 2, PUBLIC,
                               "Två hastighetskontroller på landsvägen mot Alsike."),
                        Update("2025-10-15", ONGOING, "polis", 3, PUBLIC,
                               "Tre kontroller hittills under hösten."),
                        Update("2025-12-12", DONE, "polis", 2, PUBLIC,
                               "Två nykterhetskontroller i december."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Kommunpolisen besöker skolorna och samtalar med eleverna om trafik, "
                        "narkotika och livet på nätet."
                    ),
                    "responsible": POLISEN,
                    "partners": "Skolorna",
                    "contact_persons": "Jonas Ekholm, kommunpolis",
                    "target": (4, "skolbesök", TargetPeriod.TERM),
                    "updates": [
                        Update("2024-05-30", DONE, "polis", 5, PUBLIC,
                               "Fem skolbesök under vårterminen, i årskurs 6–9."),
                        Update("2024-12-05", DONE, "polis", 3, PUBLIC,
                               "Tre skolbesök. Ett fjärde flyttades till vårterminen."),
                        Update("2025-05-28", DONE, "polis", 4, PUBLIC,
                               "Fyra skolbesök, varav ett på gymnasiet."),
                        Update("2025-11-20", DONE, "polis", 4, PUBLIC,
                               "Fyra skolbesök med tema trafik och nätet."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Kommunen och polisen väljer varje kvartal ut platser för riktad närvaro "
                        "utifrån den gemensamma lägesbilden."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update("2024-02-15", ONGOING, "samordnare", 0, INTERNAL,
                               "Första lägesbildsmötet pekade ut stationsområdet och centrumhuset "
                               "kvällstid."),
                        Update("2025-02-20", ONGOING, "polis", 0, INTERNAL,
                               "Lägesbilden visar färre ordningsstörningar vid stationen. Närvaron "
                               "flyttas delvis till Alsike centrum."),
                    ],
                },
            ],
        },
        {
            "number": 3,
            "title": "Insatser i samverkan mot narkotika",
            "definition": (
                "Kommunen och polisen arbetar tillsammans för att minska både tillgången till och "
                "efterfrågan på narkotika, särskilt bland unga."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Planerade narkotikainsatser där polisen och kommunens öppenvård och "
                        "fältgrupp medverkar."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Kommunens öppenvård",
                    "contact_persons": KNIVSTA_CONTACTS,
                    "target": (4, "narkotikainsatser", TargetPeriod.YEAR),
                    "updates": [
                        Update("2024-04-25", DONE, "polis", 1, PUBLIC,
                               "Narkotikainsats vid stationsområdet tillsammans med fältgruppen."),
                        Update("2024-06-07", DONE, "polis", 1, PUBLIC,
                               "Insats inför skolavslutningen, med information till "
                               "vårdnadshavare."),
                        Update("2024-09-19", DONE, "samordnare", 1, PUBLIC,
                               "Insats i centrum; öppenvården fanns på plats för samtal."),
                        Update("2024-11-28", DELAYED, "polis", 0, INTERNAL,
                               "Årets fjärde insats flyttas till januari på grund av "
                               "personalbrist."),
                        Update("2025-01-23", DONE, "polis", 1, PUBLIC,
                               "Insatsen som flyttades från 2024 är genomförd."),
                        Update("2025-04-24", DONE, "polis", 1, PUBLIC,
                               "Narkotikainsats med sökhund i centrala Knivsta."),
                        Update("2025-08-28", DONE, "samordnare", 1, PUBLIC,
                               "Insats vid skolstarten tillsammans med fältgruppen."),
                        Update("2025-10-30", DONE, "polis", 1, PUBLIC,
                               "Insats i Alsike med information till föreningslivet."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "En föräldraträff om narkotika varje läsår för vårdnadshavare till elever "
                        "i årskurs 7–9."
                    ),
                    "responsible": GEMENSAMT,
                    "target": (1, "föräldraträffar", TargetPeriod.SCHOOL_YEAR),
                    "updates": [
                        Update("2024-03-14", DONE, "samordnare", 1, PUBLIC,
                               "Föräldraträff i aulan med kommunpolisen och öppenvården."),
                        Update("2024-10-10", DONE, "samordnare", 1, PUBLIC,
                               "Föräldraträff om narkotika och sociala medier."),
                        Update("2025-10-09", NOT_STARTED, "samordnare", 0, INTERNAL,
                               "Läsårets träff är planerad till november."),
                        Update("2025-11-13", DONE, "samordnare", 1, PUBLIC,
                               "Föräldraträff med ett åttiotal vårdnadshavare."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Kommunen tar fram en ANDT-handlingsplan där polisen bidrar med sin "
                        "lägesbild."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Polisen",
                    "planned_start": date(2024, 3, 1),
                    "planned_end": date(2025, 3, 31),
                    "updates": [
                        Update("2024-06-18", ONGOING, "samordnare", 0, INTERNAL,
                               "Ett första utkast är skrivet; polisen har lämnat sin lägesbild."),
                        Update("2025-03-05", DONE, "samordnare", 0, PUBLIC,
                               "ANDT-handlingsplanen är antagen av kommunstyrelsen."),
                    ],
                },
            ],
        },
        {
            "number": 4,
            "title": "Arbete mot våld i nära relation",
            "definition": (
                "Våld i nära relation drabbar framför allt kvinnor och barn, anmäls sällan och har "
                "ett stort mörkertal. Kommunen och polisen ska tillsammans göra fler medvetna om "
                "våldet, så att fler söker stöd och fler anmäler."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Utbildning om våld i nära relation för kommunens medarbetare i skola, "
                        "förskola och socialtjänst, med polisen som medverkande."
                    ),
                    "responsible": GEMENSAMT,
                    "target": (2, "utbildningstillfällen", TargetPeriod.YEAR),
                    "updates": [
                        Update("2024-04-11", DONE, "samordnare", 1, PUBLIC,
                               "Utbildning för förskolans personal."),
                        Update("2024-10-17", DONE, "samordnare", 1, PUBLIC,
                               "Utbildning för socialtjänsten, med polisen som föreläsare."),
                        Update("2025-03-20", DONE, "samordnare", 1, PUBLIC,
                               "Utbildning för skolans elevhälsa."),
                        Update("2025-09-25", CANCELLED, "samordnare", 0, INTERNAL,
                               "Utbildningen ställdes in på grund av för få anmälda. Ny tid i "
                               "november."),
                        Update("2025-11-06", DONE, "samordnare", 1, PUBLIC,
                               "Utbildning för fritidsgårdarnas personal."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Gemensam informationskampanj kring den internationella dagen för "
                        "avskaffande av våld mot kvinnor den 25 november."
                    ),
                    "responsible": GEMENSAMT,
                    "target": (1, "kampanjer", TargetPeriod.YEAR),
                    "updates": [
                        Update("2024-11-25", DONE, "samordnare", 1, PUBLIC,
                               "Informationsbord på biblioteket och i centrum med kommunen, "
                               "polisen och kvinnojouren."),
                        Update("2025-11-25", DONE, "polis", 1, PUBLIC,
                               "Kampanjen upprepades, nu också i kommunens sociala medier."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Polisen och socialtjänsten tar fram en gemensam rutin för stöd efter att "
                        "polisen har tagit emot en anmälan om våld i nära relation."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Socialtjänsten",
                    "planned_start": date(2024, 3, 1),
                    "planned_end": date(2025, 6, 30),
                    "updates": [
                        Update("2024-05-22", ONGOING, "polis", 0, INTERNAL,
                               "Första mötet mellan polisen och socialtjänsten är hållet."),
                        Update("2024-12-12", DELAYED, "samordnare", 0, INTERNAL,
                               "Rutinen väntar på socialtjänstens nya organisation."),
                        Update("2025-06-05", DONE, "samordnare", 0, PUBLIC,
                               "Den gemensamma rutinen är klar och används."),
                    ],
                },
            ],
        },
    ],
}

KNIVSTA_AGREEMENT = {
    "municipality": "knivsta",
    "police_area": "lpo-uppsala-knivsta",
    "owner": "samordnare",
    "reference_number": "KS-2023/147",
    "title": "Samverkansöverenskommelse Knivsta kommun och Polisen 2023–2026",
    "valid_from": date(2023, 1, 1),
    "valid_to": date(2026, 12, 31),
    "check_in_cadence": Cadence.QUARTERLY,
    "goals": "\n".join(
        [
            "Ett bredare, löpande lägesbildsarbete som grund för det brottsförebyggande arbetet",
            "Ett årshjul för planerade gemensamma aktiviteter",
            "Stärkt samverkan i den situationella preventionen",
            "Stärkt samverkan i det våldsförebyggande arbetet",
            "Bättre kommunikation och uppföljning av genomförda aktiviteter",
        ]
    ),
    "signatories": [
        ("Gunilla Ekvall", "Kommunstyrelsens ordförande"),
        ("Mattias Grön", "Lokalpolisområdeschef"),
    ],
    "promises": [KNIVSTA_PROMISE],
}

# Upplands-Bro: agreement 2022–2023 with its åtgärdsplan; medborgarlöfte 2022–2024 (seed 003) ----


UB_HALF_YEAR = "2022-08-18"  # the updates written for the half-year follow-up to Trygghetsutskottet

UB_ACTION_PLAN = {
    "title": "Åtgärdsplan 2022–2023 till samverkansöverenskommelsen",
    "kind": Promise.Kind.ACTION_PLAN,
    "period_start": date(2022, 1, 1),
    "period_end": date(2023, 12, 31),
    "status": Promise.Status.CLOSED,
    "adopted_by": "Kommunstyrelsen",
    "adopted_on": date(2021, 12, 8),
    "adoption_paragraph": "",
    "reference_number": "KS 21/0531",
    "follow_up_cadence": Cadence.HALF_YEARLY,
    "purpose": (
        "Åtgärdsplanen beskriver hur kommunen och lokalpolisområdet ska samverka inom de fyra "
        "prioriterade områdena i överenskommelsen, så att brottsligheten minskar och tryggheten "
        "ökar i Upplands-Bro."
    ),
    "situation": (
        "Den gemensamma lägesbilden bygger på kommunens kartläggning i Embrace och "
        "EST-områdesgrupperna, polisens trygghetsmätning och löpande statistik."
    ),
    "follow_along": (
        "Planen följs upp varje halvår i Trygghetsutskottet och resultaten redovisas för invånarna."
    ),
    "signatories": [
        ("Fredrik Almgren", "Lokalpolisområdeschef"),
        ("Eva Sandell", "Kommundirektör"),
    ],
    "focus_areas": [
        {
            "number": 1,
            "title": "Inget utsatt område i Upplands-Bro",
            "definition": (
                "Kommunen och polisen ska genom aktiv samverkan se till att det inte finns några "
                "utsatta områden i Upplands-Bro. Ett utsatt område är enligt polisens nationella "
                "kartläggning ett avgränsat område med låg socioekonomisk status där kriminella "
                "påverkar lokalsamhället; Finnsta/Råby har pekats ut sedan den första rapporten. "
                "Arbetet kräver kraftfulla insatser mot nätverkskriminalitet, narkotikahandel, "
                "vapen och våld."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Kommunen skriver fram en ANDTS-handlingsplan (alkohol, narkotika, doping, "
                        "tobak och spel) med polisen som viktig samverkanspart och med särskilt "
                        "fokus på drogprevention, så att unga inte fastnar i ett missbruk som kan "
                        "leda till brott."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Polisen",
                    "updates": [
                        Update("2022-04-07", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "En folkhälsosamordnare med ansvar för ANDTS har börjat på enheten "
                               "för trygghet och prevention och leder arbetet."),
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Arbetet med handlingsplanen pågår. Polisen har bidragit med en "
                               "lägesbild om narkotika bland unga."),
                        Update("2023-06-15", DONE, "samordnare-ub", 0, PUBLIC,
                               "Handlingsplanen är klar och skickad till kommunstyrelsen för "
                               "beslut."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Lovverksamhet för barn 8–12 år i Bro med uppsökande arbete och "
                        "meningsfull fritid, där personalen kan fånga upp oro. Kommunpolisen "
                        "deltar vid evenemang för att bygga relationer och svara på frågor."
                    ),
                    "responsible": KOMMUNEN,
                    "updates": [
                        Update(UB_HALF_YEAR, DONE, "samordnare-ub", 0, PUBLIC,
                               "Sommarlovsverksamheten pågick vecka 25–33 och var mycket "
                               "välbesökt. Inga gemensamma aktiviteter med polisen var planerade, "
                               "men vi samverkar vid behov."),
                        Update("2023-01-12", DONE, "samordnare-ub", 0, PUBLIC,
                               "Höst- och jullovsverksamheten är genomförd; kommunpolisen besökte "
                               "verksamheten under jullovet."),
                        Update("2023-08-24", DONE, "samordnare-ub", 0, PUBLIC,
                               "Sommarlovet 2023 genomfördes med längre öppettider."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Projektet Unga och samhällstillit tar fram en modell som genom "
                        "delaktighet och inflytande stärker ungas tillit till samhället. Polisen "
                        "ingår i projektgruppen och blir sedan en av aktörerna i modellen."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Projektet löper enligt plan och samverkan fungerar bra. Metoden "
                               "väntas vara sammanställd under hösten."),
                        Update("2022-12-15", DELAYED, "samordnare-ub", 0, INTERNAL,
                               "Sammanställningen skjuts till våren 2023 eftersom fler skolor vill "
                               "pröva modellen."),
                        Update("2023-05-11", DONE, "samordnare-ub", 0, PUBLIC,
                               "Modellen är sammanställd och används i strukturerade möten mellan "
                               "polis och unga."),
                    ],
                },
                {
                    "number": 4,
                    "description": (
                        "Avhopparverksamhet för vuxna: efter en gemensam bedömning av hot och risk "
                        "kan kommunen, i tät samverkan med polisen, stödja personer över 18 år "
                        "som vill lämna kriminella nätverk."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Verksamheten fungerar väl och några personer har tagit del av "
                               "stödet. Polisen har en utsedd kontaktperson för avhoppare och "
                               "GVI."),
                        Update("2023-09-07", ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Rutinen för den gemensamma hot- och riskbedömningen har "
                               "förenklats."),
                    ],
                },
                {
                    "number": 5,
                    "description": (
                        "Kommunen och polisen deltar i platssamverkan Bro utveckling, där "
                        "återkommande brottsförebyggande åtgärder i centrala Bro samordnas."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Bro utveckling, fastighetsägare",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Platssamverkan har startat en trygghetsgrupp med kommunen och "
                               "polisen. Trygghetsbesiktningar och en narkotikasökning med hund är "
                               "gjorda, och bovärdar har fått information om hur de ska agera vid "
                               "fynd."),
                        Update("2023-11-16", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Efter en gemensam besiktning har belysningen vid gångtunneln i "
                               "centrala Bro förbättrats."),
                    ],
                },
                {
                    "number": 6,
                    "description": (
                        "Lokalpolisområdet förstärks successivt med fler poliser, vilket ger fler "
                        "ytor för samverkan i det förebyggande och operativa arbetet."
                    ),
                    "responsible": POLISEN,
                    "updates": [
                        Update(UB_HALF_YEAR, DELAYED, "samordnare-ub", 0, PUBLIC,
                               "Inga nya poliser har tillsatts ännu, på grund av ekonomin och "
                               "nuvarande resurser."),
                        Update("2023-10-05", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Två nya tjänster som områdespolis är tillsatta."),
                    ],
                },
                {
                    "number": 7,
                    "description": (
                        "Gemensamma, uppdaterade lägesbilder genom EST och det digitala systemet "
                        "Embrace. Polisen lämnar dagliga rapporter, och kommunen ser till att "
                        "informationen når skola, fritid och socialtjänst."
                    ),
                    "responsible": GEMENSAMT,
                    "contact_persons": UB_CONTACTS,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Kommunpolisen skickar dagliga rapporter som samordnaren lägger in "
                               "i Embrace. Lägesbilden stäms av varannan vecka och polisen deltar "
                               "i alla EST-områdesgrupper och i styrgruppen."),
                        Update("2023-12-07", DONE, "samordnare-ub", 0, PUBLIC,
                               "Arbetssättet är etablerat och fortsätter i nästa överenskommelse."),
                    ],
                },
            ],
        },
        {
            "number": 2,
            "title": "Våld",
            "definition": (
                "Alla har rätt att leva fria från våld och hot om våld. Kommunen och polisen "
                "arbetar våldsförebyggande mot våld mot barn, våld i nära relationer, "
                "hedersrelaterat våld och förtryck, våldsbejakande extremism och våld mellan unga. "
                "Våld i nära relationer är ett särskilt identifierat problem i Upplands-Bro."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Kommunen samordnar en samverkansgrupp mot våld i nära relationer där "
                        "polisen, kommunens kontor, kvinnojouren och bostadsbolag delar lägesbild "
                        "och planerar insatser."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Kvinnojouren, bostadsbolag",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Samverkansgruppen är i gång och fungerar bra; polisen, kommunen, "
                               "kvinnojouren och bostadsbolaget deltar."),
                        Update("2023-06-01", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Gruppen har träffats fyra gånger under halvåret."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Upplands-Brohus inför metoden Huskurage i det kommunala bostadsbeståndet. "
                        "Kommunen och polisen stödjer införandet och är beredda på att "
                        "anmälningarna kan öka."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Upplands-Brohus",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Införandet pågår och följs i samverkansgruppen. Kommunpolisen har "
                               "träffat bostadsbolaget om arbetet."),
                        Update("2023-04-20", DONE, "samordnare-ub", 0, PUBLIC,
                               "Huskurage är infört i hela det kommunala beståndet."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Kommunen utreder en våldsförebyggande metod för skolan eller "
                        "fritidsgårdarna, där polisen kan bjudas in att medverka."
                    ),
                    "responsible": KOMMUNEN,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Högstadieskolorna erbjuds utbildning i metoden Machofabriken. En "
                               "skola har börjat med stöd av fältassistenterna och fler startar "
                               "till hösten."),
                        Update("2023-03-02", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Ytterligare två skolor arbetar nu med metoden."),
                    ],
                },
                {
                    "number": 4,
                    "description": (
                        "Polisen erbjuder kommunens skolor utbildning om pågående dödligt våld."
                    ),
                    "responsible": POLISEN,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Utbildningskontorets ledningsgrupp vet hur skolorna bokar polisen. "
                               "Polisen har besökt gymnasieskolans personal."),
                        Update("2023-05-25", DONE, "samordnare-ub", 0, PUBLIC,
                               "Alla högstadieskolor och gymnasieskolan har fått utbildningen."),
                    ],
                },
            ],
        },
        {
            "number": 3,
            "title": "Trygga offentliga miljöer",
            "definition": (
                "Upplevd trygghet är en förutsättning för att vilja vistas i offentliga rum, som "
                "ska vara tillgängliga för alla oavsett kön, sexuell läggning, ålder, religion "
                "eller etnisk tillhörighet. Samhällsplaneringen ska bidra till att förebygga brott "
                "och främja trygghet i det offentliga rummet och i närmiljön."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Lägesbild genom Embrace och EST: flera aktörer bidrar och polisen lämnar "
                        "dagligen rapporter, så att gemensamma insatser kan sättas in där de "
                        "behövs."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Polisens dagliga rapporter läggs in i Embrace och rapporteringen "
                               "byggs ut löpande."),
                        Update("2023-10-19", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Fastighetsbolagen rapporterar nu också i Embrace."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Polisens årliga trygghetsmätning om upplevd trygghet och utsatthet för "
                        "brott; kommunen och polisen analyserar resultatet tillsammans."
                    ),
                    "responsible": POLISEN,
                    "updates": [
                        Update("2022-06-09", CANCELLED, "samordnare-ub", 0, PUBLIC,
                               "Trygghetsmätningen görs 2022 bara i två kommuner i länet, och "
                               "Upplands-Bro ingår inte."),
                        Update("2023-11-23", DONE, "samordnare-ub", 0, PUBLIC,
                               "Trygghetsmätningen 2023 är genomförd och resultatet analyserat "
                               "tillsammans med kommunen."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Grannstöd och Grannsamverkan förvaltas gemensamt: kommunen sköter "
                        "kontaktlistor och nyhetsbrev, båda utbildar nya kontaktpersoner och "
                        "förare, och polisen tar fram statistik varje månad."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Arbetet fungerar bra. Nya förare är utbildade, träffar hålls "
                               "regelbundet och polisens statistik skickas ut."),
                        Update("2023-09-14", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Höstens utbildning för nya kontaktpersoner är genomförd."),
                    ],
                },
                {
                    "number": 4,
                    "description": (
                        "Kommunens alkoholhandläggare gör systematiska tillsynsbesök hos "
                        "restauranger med serveringstillstånd tillsammans med polisen, vid behov "
                        "också med räddningstjänsten och Skatteverket."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Räddningstjänsten, Skatteverket",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Tillsyn har gjorts på flera restauranger vid två tillfällen, med "
                               "alkoholhandläggare och polis."),
                        Update("2023-12-14", DONE, "samordnare-ub", 0, PUBLIC,
                               "Årets tillsynsplan är genomförd med fyra samordnade "
                               "tillsynskvällar."),
                    ],
                },
                {
                    "number": 5,
                    "description": (
                        "Trygghetsvandringar tre gånger om året med polisen och räddningstjänsten, "
                        "där boende och verksamma visar vad som påverkar tryggheten, till exempel "
                        "buskage och belysning."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Räddningstjänsten",
                    "target": (3, "trygghetsvandringar", TargetPeriod.YEAR),
                    "updates": [
                        Update("2022-04-28", DONE, "samordnare-ub", 1, PUBLIC,
                               "Trygghetsvandring i Bro."),
                        Update("2022-09-22", DONE, "samordnare-ub", 1, PUBLIC,
                               "Trygghetsvandring i Brunna."),
                        Update("2022-10-20", DONE, "samordnare-ub", 1, PUBLIC,
                               "Trygghetsvandring i Kungsängen."),
                        Update("2023-04-27", DONE, "samordnare-ub", 1, PUBLIC,
                               "Trygghetsvandring i Bro."),
                        Update("2023-09-28", CANCELLED, "samordnare-ub", 0, PUBLIC,
                               "Vandringen ställdes in på grund av kraftigt regn; ny tid i "
                               "oktober."),
                        Update("2023-10-12", DONE, "samordnare-ub", 1, PUBLIC,
                               "Trygghetsvandring i Brunna."),
                    ],
                },
                {
                    "number": 6,
                    "description": (
                        "Kommunen samordnar föreningsdriven nattvandring som leds av utbildade "
                        "vandrarvärdar; kommunen och polisen utbildar värdarna tillsammans."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Föreningar",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Nattvandringen fungerar väl. Två utbildningar har hållits för ett "
                               "trettiotal nya vandrarvärdar."),
                        Update("2023-05-17", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Vårens utbildning av vandrarvärdar är genomförd."),
                    ],
                },
                {
                    "number": 7,
                    "description": (
                        "I projektet Omdaning Bro medverkar polisen i handlingsplanerna för "
                        "trygghet i den offentliga miljön, syns ofta i kommundelen och deltar i "
                        "kommunens medborgardialoger."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Polisen",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Polisen deltar i projektets möten och i dialogerna."),
                        Update("2023-06-08", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Handlingsplanerna för 2023 är antagna; polisen medverkade på två "
                               "dialogkvällar."),
                    ],
                },
                {
                    "number": 8,
                    "description": (
                        "Kommunen och polisen informerar om riskerna med vårdslös körning med MC "
                        "och moped och ser över hur körning på gång- och cykelvägar kan "
                        "försvåras."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, DONE, "samordnare-ub", 0, PUBLIC,
                               "Den fysiska miljön i centrala Bro har ändrats för att försvåra "
                               "körning. Problemet upplevs inte längre som stort, och inga "
                               "rapporter har kommit in i Embrace."),
                    ],
                },
            ],
        },
        {
            "number": 4,
            "title": "Ungdomar i riskzon",
            "definition": (
                "Förebyggande insatser riktas ofta till barn och unga, eftersom tidiga insatser "
                "enligt forskningen har störst effekt. Området handlar om att upptäcka unga i "
                "riskzon och förebygga att de börjar eller fortsätter på en väg mot kriminalitet "
                "eller missbruk."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Gemensamma föreläsningar för föräldrar vid skolstart om vad kommunen och "
                        "polisen gör och vilken hjälp som finns."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Folkhälsosamordnaren och kommunpolisen planerar föreläsningarna. "
                               "Kommunpolisen är med på gymnasiets föräldramöte vid terminsstart."),
                        Update("2022-09-29", DONE, "samordnare-ub", 0, PUBLIC,
                               "Föräldraföreläsning i Bro med ett sextiotal vårdnadshavare."),
                        Update("2023-09-21", DONE, "samordnare-ub", 0, PUBLIC,
                               "Föräldraföreläsning i Kungsängen."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Sociala insatsgrupper (SIG): socialtjänsten, polisen, skolan och "
                        "föräldrar samverkar kring unga upp till 18 år för att de ska lämna "
                        "kriminaliteten."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Socialtjänsten, skolan",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, INTERNAL,
                               "En socialsekreterare arbetar särskilt med SIG. Behovet är större "
                               "än resurserna; från hösten avsätts både koordinator och "
                               "socialsekreterare för SIG och SSPF."),
                        Update("2023-04-13", ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Arbetet med SIG har utökats enligt planen."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Orossamtal: polisen och socialtjänsten samtalar skyndsamt och gemensamt "
                        "med föräldrar till unga som visar tecken på att vara på väg in i "
                        "missbruk eller kriminalitet."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Socialtjänsten",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Tät dialog i ärenden med delad oro. Polisen deltar i "
                               "anmälningsmöten och gör orosanmälningar när det behövs."),
                        Update("2022-09-15", ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Arbetet enligt SSPF (skola, socialtjänst, polis och fritid) har "
                               "startat."),
                    ],
                },
                {
                    "number": 4,
                    "description": (
                        "Kommunens beroendemottagning och polisen utvecklar samverkan mot "
                        "narkotika bland unga."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Beroendemottagningen",
                    "updates": [
                        Update(UB_HALF_YEAR, DELAYED, "samordnare-ub", 0, INTERNAL,
                               "Utöver EST-mötena och en föräldraföreläsning har ingen särskild "
                               "samverkan skett ännu."),
                        Update("2022-09-08", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Trygghets- och preventionsenheten, kommunpolisen och "
                               "beroendemottagningen har träffats för att utveckla samverkan kring "
                               "narkotika och unga."),
                    ],
                },
                {
                    "number": 5,
                    "description": (
                        "Polisen och kommunen deltar varje månad i EST-möten per område med "
                        "fältassistenter, fritidsgårdar, socialtjänst, skolor, bostadsbolag och "
                        "väktare: gemensam kartläggning, analys och insatser."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "EST-arbetet utvecklas; under hösten struktureras de gemensamma "
                               "analyserna och insatserna enligt metoden."),
                        Update("2023-11-09", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Alla områdesgrupper gör nu en gemensam analys varje kvartal."),
                    ],
                },
                {
                    "number": 6,
                    "description": (
                        "En socialsekreterare från Barn- och ungdomsenheten är samlokaliserad med "
                        "polisen, för att samarbeta kring unga i riskzon och unga som vill bryta "
                        "med en kriminell livsstil."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Polisen",
                    "updates": [
                        Update(UB_HALF_YEAR, ONGOING, "samordnare-ub", 0, PUBLIC,
                               "En socialsekreterare arbetar delvis från polisens lokaler. "
                               "Samarbetet upplevs som mycket värdefullt och planen är två "
                               "tjänster."),
                        Update("2023-02-16", DONE, "samordnare-ub", 0, PUBLIC,
                               "Två socialsekreterare är nu samlokaliserade med polisen."),
                    ],
                },
            ],
        },
    ],
}

UB_PROMISE = {
    "title": "Medborgarlöfte Upplands-Bro 2022–2024",
    "kind": Promise.Kind.CITIZEN_PROMISE,
    "period_start": date(2022, 9, 1),
    "period_end": date(2024, 12, 31),
    "status": Promise.Status.CLOSED,
    "adopted_by": "Kommunstyrelsen",
    "adopted_on": date(2022, 9, 1),
    "adoption_paragraph": "",
    "reference_number": "KS 22/0091",
    "follow_up_cadence": Cadence.HALF_YEARLY,
    "purpose": (
        "Polisen och Upplands-Bro kommun arbetar tillsammans för en tryggare miljö i kommunen. "
        "Medborgarlöftet är den del av samverkansöverenskommelsen som riktar sig till invånarna."
    ),
    "situation": (
        "I dialogerna med invånare, näringsliv och medarbetare har ungdomsfrågorna fått stort "
        "utrymme: unga utan fritidssysselsättning riskerar att rekryteras till kriminella nätverk. "
        "Medarbetarna lyfter narkotikan och dess följder, invånarna gängkriminaliteten. Centrala "
        "Bro pekas ut som särskilt otryggt, och många önskar att polisen och kommunen syns mer. "
        "Seniorer berättar att många har utsatts för telefonbedrägerier."
    ),
    "background": (
        "Underlaget är öppna medborgardialoger på offentliga platser, dialoger på gymnasiet och "
        "med seniorer, medarbetardialoger i kommunen och polisen, näringslivsdagen, statistik och "
        "enkätsvar."
    ),
    "joint_commitment": (
        "Under perioden fokuserar polisen och kommunen på att synas och kommunicera mer med "
        "invånarna, på ungdomsfrågor, narkotika och nätverksrelaterad kriminalitet. Bro "
        "prioriteras, men hela kommunen berörs."
    ),
    "expected_effect": (
        "Löftet ska möta de önskemål som invånarna har framfört, så att kommunen blir en tryggare "
        "plats för alla som vistas här."
    ),
    "follow_along": (
        "Löftet följs upp under hela perioden och vi berättar om det på polisens och kommunens "
        "webbplatser och i sociala medier, på Trygghetscenter och vid kommunbussen."
    ),
    "signatories": [
        ("Johan Berggren", "Kommunstyrelsens ordförande"),
        ("Fredrik Almgren", "Lokalpolisområdeschef"),
    ],
    "focus_areas": [
        {
            "number": 1,
            "title": "Synlighet och dialog med invånarna",
            "definition": (
                "Invånarna vill se polisen och kommunen i det offentliga rummet och veta vad som "
                "görs för tryggheten. Vi möter invånarna där de är och berättar om arbetet."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Mobila medborgardialoger med kommunbussen och en polisbil, med "
                        "trygghetsfokus: information om trygghetsarbetet och invånarnas "
                        "önskemål och tankar."
                    ),
                    "responsible": GEMENSAMT,
                    "contact_persons": UB_CONTACTS,
                    "target": (1, "mobila medborgardialoger", TargetPeriod.TERM),
                    "updates": [
                        Update("2022-10-08", DONE, "samordnare-ub", 1, PUBLIC,
                               "Mobil dialog vid Bro centrum."),
                        Update("2023-05-13", DONE, "samordnare-ub", 1, PUBLIC,
                               "Mobil dialog i Kungsängen."),
                        Update("2023-09-16", DONE, "samordnare-ub", 1, PUBLIC,
                               "Mobil dialog i Brunna."),
                        Update("2024-04-20", CANCELLED, "samordnare-ub", 0, PUBLIC,
                               "Dialogen ställdes in eftersom polisen behövdes vid en prioriterad "
                               "händelse. Ny tid till hösten."),
                        Update("2024-09-14", DONE, "samordnare-ub", 1, PUBLIC,
                               "Mobil dialog vid Bro centrum."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Tematräffar för invånare på Trygghetscenter i Bro; teman hämtas från "
                        "de mobila dialogerna."
                    ),
                    "responsible": GEMENSAMT,
                    "target": (2, "tematräffar", TargetPeriod.TERM),
                    "updates": [
                        Update("2022-10-20", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om inbrott i villaområden."),
                        Update("2022-11-24", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om säkerhet på nätet."),
                        Update("2023-02-16", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om bedrägerier."),
                        Update("2023-04-13", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om Grannsamverkan."),
                        Update("2023-10-12", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om unga och sociala medier."),
                        Update("2023-12-07", CANCELLED, "samordnare-ub", 0, PUBLIC,
                               "Decemberträffen ställdes in på grund av sjukdom."),
                        Update("2024-03-14", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om trafiken i centrala Bro."),
                        Update("2024-05-16", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om narkotika."),
                        Update("2024-09-26", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om brandsäkerhet med räddningstjänsten."),
                        Update("2024-11-21", DONE, "samordnare-ub", 1, PUBLIC,
                               "Tematräff om bedrägerier inför julhandeln."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Planerade synlighets- och trygghetsinsatser där polisen, kommunens "
                        "verksamheter och civilsamhället är på plats tillsammans, framför allt i "
                        "centrala Bro."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Civilsamhället, Bro utveckling",
                    "target": (6, "synlighetsinsatser", TargetPeriod.YEAR),
                    "updates": [
                        Update("2022-09-30", DONE, "samordnare-ub", 2, PUBLIC,
                               "Två kvällsinsatser i centrala Bro."),
                        Update("2022-12-16", DONE, "samordnare-ub", 1, PUBLIC,
                               "Insats vid julmarknaden."),
                        Update("2023-03-31", DONE, "samordnare-ub", 2, PUBLIC,
                               "Två insatser under sportlovet."),
                        Update("2023-06-30", DONE, "samordnare-ub", 2, PUBLIC,
                               "Insatser på valborg och vid skolavslutningen."),
                        Update("2023-09-29", DONE, "samordnare-ub", 1, PUBLIC,
                               "Insats vid skolstarten."),
                        Update("2023-12-15", DONE, "samordnare-ub", 2, PUBLIC,
                               "Två kvällsinsatser i december."),
                        Update("2024-03-28", DONE, "samordnare-ub", 1, PUBLIC,
                               "Insats i Bro centrum en fredagskväll."),
                        Update("2024-06-28", DONE, "samordnare-ub", 2, PUBLIC,
                               "Insatser på valborg och vid skolavslutningen."),
                        Update("2024-09-27", DELAYED, "samordnare-ub", 0, INTERNAL,
                               "Inga insatser under sommaren på grund av semestrar."),
                        Update("2024-12-13", DONE, "samordnare-ub", 2, PUBLIC,
                               "Två insatser i centrala Bro under hösten."),
                    ],
                },
                {
                    "number": 4,
                    "description": (
                        "Information till seniorer om hur man skyddar sig mot bedrägerier."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Pensionärsföreningarna",
                    "updates": [
                        Update("2022-11-10", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "En informationsfolder tas fram tillsammans med "
                               "pensionärsföreningarna."),
                        Update("2023-03-09", DONE, "samordnare-ub", 0, PUBLIC,
                               "Foldern är utdelad via biblioteken och hemtjänsten."),
                        Update("2024-10-03", DONE, "samordnare-ub", 0, PUBLIC,
                               "Informationsträff för seniorer på Trygghetscenter."),
                    ],
                },
            ],
        },
        {
            "number": 2,
            "title": "Ungdomar och narkotika",
            "definition": (
                "Unga utan meningsfull fritid riskerar att dras in i kriminalitet och narkotika. "
                "Vi stärker ungas tillit till samhället, går gemensamt mot narkotikan och ger "
                "föräldrarna kunskap."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Under 2022 sammanställa en modell för barns och ungas samhällstillit, med "
                        "strukturerade möten mellan polis och unga där de unga är med och formar "
                        "innehållet."
                    ),
                    "responsible": GEMENSAMT,
                    "planned_start": date(2022, 9, 1),
                    "planned_end": date(2022, 12, 31),
                    "updates": [
                        Update("2022-10-27", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "Arbetsgruppen har hållit två workshoppar med unga."),
                        Update("2022-12-20", DELAYED, "samordnare-ub", 0, PUBLIC,
                               "Sammanställningen flyttas till våren 2023."),
                        Update("2023-04-27", DONE, "samordnare-ub", 0, PUBLIC,
                               "Modellen är klar och används på fritidsgårdarna."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Planerade narkotikainsatser i samverkan mellan lokalpolisområdet och "
                        "kommunens beroendemottagning."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Beroendemottagningen",
                    "target": (4, "narkotikainsatser", TargetPeriod.WHOLE_PERIOD),
                    "updates": [
                        Update("2022-11-18", DONE, "samordnare-ub", 1, PUBLIC,
                               "Narkotikainsats i centrala Bro."),
                        Update("2023-05-26", DONE, "samordnare-ub", 1, PUBLIC,
                               "Narkotikainsats vid pendeltågsstationen."),
                        Update("2023-11-03", DONE, "samordnare-ub", 1, PUBLIC,
                               "Narkotikainsats i Kungsängen."),
                        Update("2024-06-14", CANCELLED, "samordnare-ub", 0, PUBLIC,
                               "Insatsen ställdes in eftersom ingen hundförare fanns tillgänglig."),
                        Update("2024-11-29", DELAYED, "samordnare-ub", 0, INTERNAL,
                               "Den fjärde insatsen hinner inte genomföras under perioden."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Bjuda in föräldrar till en föreläsning om narkotika, unga och "
                        "kriminalitet, och vid önskemål medverka på skolornas föräldramöten."
                    ),
                    "responsible": GEMENSAMT,
                    "target": (1, "föräldraföreläsningar", TargetPeriod.SCHOOL_YEAR),
                    "updates": [
                        Update("2023-02-08", DONE, "samordnare-ub", 1, PUBLIC,
                               "Föräldraföreläsning på gymnasiet."),
                        Update("2023-10-04", DONE, "samordnare-ub", 1, PUBLIC,
                               "Föräldraföreläsning i Kungsängen."),
                        Update("2024-09-18", DONE, "samordnare-ub", 1, PUBLIC,
                               "Föräldraföreläsning i Bro."),
                    ],
                },
            ],
        },
        {
            "number": 3,
            "title": "Nätverksrelaterad kriminalitet",
            "definition": (
                "Den grövsta brottsligheten och skjutvapenvåldet drabbar hela samhället. Vi tar "
                "krafttag mot den nätverksorganiserade brottsligheten tillsammans med "
                "Kriminalvården."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Tillsammans med Kriminalvården införa GVI (Group Violence Intervention) "
                        "under 2022–2023."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Kriminalvården",
                    "planned_start": date(2022, 9, 1),
                    "planned_end": date(2023, 12, 31),
                    "updates": [
                        Update("2022-10-05", ONGOING, "samordnare-ub", 0, INTERNAL,
                               "Styrgrupp med kommunen, polisen och Kriminalvården är bildad och "
                               "en projektledare utsedd."),
                        Update("2023-03-22", ONGOING, "samordnare-ub", 0, PUBLIC,
                               "GVI:s första budskapsmöte är genomfört."),
                        Update("2023-12-14", DONE, "samordnare-ub", 0, PUBLIC,
                               "GVI är infört och ingår nu i det ordinarie arbetet."),
                    ],
                },
            ],
        },
    ],
}

UB_AGREEMENT = {
    "municipality": "upplands-bro",
    "police_area": "lpo-jarfalla-upplands-bro",
    "owner": "samordnare-ub",
    "reference_number": "KS 21/0531",
    "title": "Samverkansöverenskommelse Upplands-Bro kommun och lokalpolisområde "
    "Järfälla/Upplands-Bro 2022–2023",
    "valid_from": date(2022, 1, 1),
    "valid_to": date(2023, 12, 31),
    "check_in_cadence": Cadence.QUARTERLY,
    "goals": "\n".join(
        [
            "Inget utsatt område i Upplands-Bro",
            "Våld",
            "Trygga offentliga miljöer",
            "Ungdomar i riskzon",
        ]
    ),
    "signatories": [
        ("Fredrik Almgren", "Lokalpolisområdeschef"),
        ("Eva Sandell", "Kommundirektör"),
    ],
    "promises": [UB_ACTION_PLAN, UB_PROMISE],
}

# Kungsör: medborgarlöfte 2024 (seed 004) ------------------------------------------------------


KUNGSOR_PROMISE = {
    "title": "Medborgarlöfte Kungsör 2024",
    "kind": Promise.Kind.CITIZEN_PROMISE,
    "period_start": date(2024, 1, 1),
    "period_end": date(2024, 12, 31),
    "status": Promise.Status.CLOSED,
    "adopted_by": "Kommunstyrelsen",
    "adopted_on": date(2023, 12, 14),
    "adoption_paragraph": "",
    "reference_number": "",
    "follow_up_cadence": Cadence.TERTIAL,
    "purpose": (
        "Medborgarlöftet bygger på vad de som bor och verkar i Kungsör upplever som viktigast för "
        "att känna sig trygga. Genom att lägga medarbetares och invånares erfarenheter till "
        "kommunens och polisens lägesbild kan arbetet riktas dit där det behövs mest."
    ),
    "situation": (
        "De anmälda brotten minskade 2021–2022 men ökade igen 2022–2023, till ungefär samma nivå "
        "som 2020. Ökningen gäller framför allt stölder, inbrott och bedrägerier, medan "
        "skadegörelsen har minskat."
    ),
    "joint_commitment": (
        "Vi håller täta lägesbildsmöten för att hitta problem och platser som kräver insatser, "
        "och följer upp de fokusområden vi beslutar att arbeta med. Tre områden är redan "
        "identifierade: trafiken, bedrägerierna och narkotikan bland unga."
    ),
    "follow_along": (
        "Arbetet stäms av internt i det lokala brottsförebyggande rådet (BRÅ). Som invånare kan "
        "du följa det på kommunens webbplats."
    ),
    "signatories": [
        ("Ulla Norén", "Kommunstyrelsens ordförande"),
        ("Martin Eklöf", "Lokalpolisområdeschef"),
    ],
    "focus_areas": [
        {
            "number": 1,
            "title": "Trafiksäkerhet och trafikrelaterad brottslighet",
            "definition": (
                "Fortkörning, rattfylleri och olovlig körning skapar otrygghet. Kommunen och "
                "polisen arbetar för säkrare trafik, särskilt kring skolor och i centrum."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": "Hastighets- och nykterhetskontroller i och runt Kungsör.",
                    "responsible": POLISEN,
                    "contact_persons": KUNGSOR_CONTACTS,
                    "target": (10, "trafikkontroller", TargetPeriod.YEAR),
                    "updates": [
                        Update("2024-04-30", DONE, "samordnare-kungsor", 3, PUBLIC,
                               "Tre kontroller under första tertialen."),
                        Update("2024-08-30", DONE, "samordnare-kungsor", 4, PUBLIC,
                               "Fyra kontroller under andra tertialen, varav två "
                               "nykterhetskontroller."),
                        Update("2024-12-20", DONE, "samordnare-kungsor", 2, PUBLIC,
                               "Två kontroller under hösten; en planerad kontroll ställdes in."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Information om trafiksäkra skolvägar vid skolstarten, riktad till "
                        "vårdnadshavare som skjutsar sina barn."
                    ),
                    "responsible": GEMENSAMT,
                    "updates": [
                        Update("2024-08-23", DONE, "samordnare-kungsor", 0, PUBLIC,
                               "Kommunen och polisen stod vid skolorna under första skolveckan och "
                               "delade ut information."),
                    ],
                },
                {
                    "number": 3,
                    "description": "Kontroller av mopeder och EPA- och A-traktorer.",
                    "responsible": POLISEN,
                    "updates": [
                        Update("2024-05-31", ONGOING, "samordnare-kungsor", 0, PUBLIC,
                               "Två kontroller under våren; flera fordon var trimmade."),
                        Update("2024-10-11", DONE, "samordnare-kungsor", 0, PUBLIC,
                               "Höstens kontroller är genomförda."),
                    ],
                },
            ],
        },
        {
            "number": 2,
            "title": "Brottsförebyggande arbete mot bedrägeribrott",
            "definition": (
                "Bedrägerierna ökar och drabbar ofta äldre. Vi sprider kunskap om hur man känner "
                "igen och skyddar sig mot bedrägeriförsök."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Informationsträffar om bedrägerier för äldre, tillsammans med "
                        "pensionärsföreningarna."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Pensionärsföreningarna",
                    "target": (4, "informationsträffar", TargetPeriod.YEAR),
                    "updates": [
                        Update("2024-03-21", DONE, "samordnare-kungsor", 1, PUBLIC,
                               "Informationsträff i kommunhuset."),
                        Update("2024-05-16", DONE, "samordnare-kungsor", 1, PUBLIC,
                               "Informationsträff hos en pensionärsförening."),
                        Update("2024-09-19", DONE, "samordnare-kungsor", 1, PUBLIC,
                               "Informationsträff på biblioteket."),
                        Update("2024-11-14", DONE, "samordnare-kungsor", 1, PUBLIC,
                               "Informationsträff inför julhandeln."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Hemtjänstens personal utbildas i att upptäcka och förebygga bedrägerier "
                        "mot äldre."
                    ),
                    "responsible": KOMMUNEN,
                    "partners": "Hemtjänsten",
                    "updates": [
                        Update("2024-04-18", ONGOING, "samordnare-kungsor", 0, INTERNAL,
                               "Utbildningsmaterialet är klart."),
                        Update("2024-10-24", DONE, "samordnare-kungsor", 0, PUBLIC,
                               "All personal i hemtjänsten har fått utbildningen."),
                    ],
                },
            ],
        },
        {
            "number": 3,
            "title": "Narkotikabruk bland unga",
            "definition": (
                "Vi vill minska narkotikabruket bland unga genom kunskap till unga och "
                "vårdnadshavare och genom polisiär närvaro där unga samlas."
            ),
            "activities": [
                {
                    "number": 1,
                    "description": (
                        "Föräldrainformation om narkotika och tecken att vara vaksam på."
                    ),
                    "responsible": GEMENSAMT,
                    "target": (1, "föräldraträffar", TargetPeriod.TERM),
                    "updates": [
                        Update("2024-04-17", DONE, "samordnare-kungsor", 1, PUBLIC,
                               "Föräldraträff på högstadieskolan."),
                        Update("2024-10-23", CANCELLED, "samordnare-kungsor", 0, PUBLIC,
                               "Höstens träff ställdes in på grund av en krock med skolans "
                               "utvecklingssamtal."),
                        Update("2024-12-04", DONE, "samordnare-kungsor", 1, PUBLIC,
                               "Den inställda träffen hölls i december."),
                    ],
                },
                {
                    "number": 2,
                    "description": (
                        "Riktade insatser på de platser där unga samlas, utifrån lägesbilden."
                    ),
                    "responsible": POLISEN,
                    "updates": [
                        Update("2024-06-13", ONGOING, "samordnare-kungsor", 0, INTERNAL,
                               "Lägesbilden pekar ut två platser; insatserna pågår."),
                        Update("2024-09-26", DONE, "samordnare-kungsor", 0, PUBLIC,
                               "Insatserna under sommaren är genomförda."),
                    ],
                },
                {
                    "number": 3,
                    "description": (
                        "Drogförebyggande lektioner i årskurs 8, där skolan och polisen medverkar."
                    ),
                    "responsible": GEMENSAMT,
                    "partners": "Skolan",
                    "updates": [
                        Update("2024-03-07", DONE, "samordnare-kungsor", 0, PUBLIC,
                               "Lektionerna för vårterminen är hållna."),
                        Update("2024-11-28", ONGOING, "samordnare-kungsor", 0, PUBLIC,
                               "Höstens lektioner pågår."),
                    ],
                },
            ],
        },
    ],
}

KUNGSOR_AGREEMENT = {
    "municipality": "kungsor",
    "police_area": "lpo-vastra-malardalen",
    "owner": "samordnare-kungsor",
    "reference_number": "",
    "title": "Samverkansöverenskommelse Kungsörs kommun och lokalpolisområde Västra Mälardalen",
    "valid_from": date(2024, 1, 1),
    "valid_to": date(2026, 12, 31),
    "check_in_cadence": Cadence.TERTIAL,
    "goals": "\n".join(
        [
            "Ett gemensamt lägesbildsarbete med täta möten",
            "Insatser utifrån identifierade problembilder",
            "Uppföljning i det lokala brottsförebyggande rådet",
        ]
    ),
    "signatories": [
        ("Ulla Norén", "Kommunstyrelsens ordförande"),
        ("Martin Eklöf", "Lokalpolisområdeschef"),
    ],
    "promises": [KUNGSOR_PROMISE],
}

AGREEMENTS: list[dict[str, Any]] = [KNIVSTA_AGREEMENT, UB_AGREEMENT, KUNGSOR_AGREEMENT]
# fmt: on


# Loading -------------------------------------------------------------------------------------


class Outcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class DemoSummary:
    """How many objects of each kind a run created, updated or left as they were."""

    counts: dict[str, dict[Outcome, int]] = field(default_factory=dict)

    def record(self, label: str, outcome: Outcome) -> None:
        row = self.counts.setdefault(str(label), dict.fromkeys(Outcome, 0))
        row[outcome] += 1

    def total(self, outcome: Outcome) -> int:
        return sum(row[outcome] for row in self.counts.values())

    def lines(self) -> list[str]:
        return [
            _("%(label)s: %(created)d nya, %(updated)d ändrade, %(unchanged)d oförändrade")
            % {
                "label": label,
                "created": row[Outcome.CREATED],
                "updated": row[Outcome.UPDATED],
                "unchanged": row[Outcome.UNCHANGED],
            }
            for label, row in self.counts.items()
        ]


def _label(model: type[Model]) -> str:
    return str(model._meta.verbose_name_plural)


def _differences(instance: Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if getattr(instance, name) != value}


def _save_directly(instance: Model, *, user) -> None:
    """For the objects that only the Django admin writes (organisations, memberships)."""
    instance.full_clean()
    instance._history_user = user
    instance.save()


def _load_users(summary: DemoSummary) -> dict[str, Any]:
    User = get_user_model()
    users = {}
    for data in USERS:
        fields = {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "is_staff": data.get("is_staff", False),
            "is_superuser": data.get("is_superuser", False),
            "is_active": True,
        }
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            user = User(username=data["username"], **fields)
            new_password, outcome = True, Outcome.CREATED
        else:
            changes = _differences(user, fields)
            for name, value in changes.items():
                setattr(user, name, value)
            # Hash again only when the password differs, so that a rerun leaves the row alone.
            new_password = not user.check_password(DEMO_PASSWORD)
            outcome = Outcome.UPDATED if changes or new_password else Outcome.UNCHANGED
        if outcome is not Outcome.UNCHANGED:
            if new_password:
                user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
        summary.record(_("användare"), outcome)
        users[data["username"]] = user
    return users


def _load_organisations(admin, summary: DemoSummary) -> dict[str, Organisation]:
    organisations = {}
    for data in ORGANISATIONS:
        fields = {
            "kind": data["kind"],
            "name": data["name"],
            "municipality_code": data.get("municipality_code", ""),
            "office": data.get("office", ""),
        }
        organisation = Organisation.objects.filter(slug=data["slug"]).first()
        if organisation is None:
            organisation = Organisation(slug=data["slug"], **fields)
            _save_directly(organisation, user=admin)
            outcome = Outcome.CREATED
        elif changes := _differences(organisation, fields):
            for name, value in changes.items():
                setattr(organisation, name, value)
            _save_directly(organisation, user=admin)
            outcome = Outcome.UPDATED
        else:
            outcome = Outcome.UNCHANGED
        summary.record(_label(Organisation), outcome)
        organisations[data["slug"]] = organisation

    for data in ORGANISATIONS:
        area = organisations[data["slug"]]
        wanted = [organisations[slug] for slug in data.get("covers", [])]
        present = set(area.covered_municipalities.values_list("pk", flat=True))
        missing = [municipality for municipality in wanted if municipality.pk not in present]
        if missing:
            area._history_user = admin
            area.covered_municipalities.add(*missing)
        for municipality in wanted:
            outcome = Outcome.CREATED if municipality in missing else Outcome.UNCHANGED
            summary.record(_("kommuner i lokalpolisområden"), outcome)
    return organisations


def _load_memberships(users, organisations, admin, summary: DemoSummary) -> None:
    for data in USERS:
        user = users[data["username"]]
        for slug, role, title in data["memberships"]:
            organisation = organisations[slug]
            membership = Membership.objects.filter(user=user, organisation=organisation).first()
            fields = {"role": role, "title": title}
            if membership is None:
                membership = Membership(user=user, organisation=organisation, **fields)
                _save_directly(membership, user=admin)
                outcome = Outcome.CREATED
            elif changes := _differences(membership, fields):
                for name, value in changes.items():
                    setattr(membership, name, value)
                _save_directly(membership, user=admin)
                outcome = Outcome.UPDATED
            else:
                outcome = Outcome.UNCHANGED
            summary.record(_label(Membership), outcome)


def _load_signatories(document, signatories, user, summary: DemoSummary) -> None:
    wanted = [tuple(pair) for pair in signatories]
    current = list(document.signatories.order_by("order", "pk").values_list("name", "title"))
    if current == wanted:
        outcome = Outcome.UNCHANGED
    else:
        outcome = Outcome.UPDATED if current else Outcome.CREATED
        services.set_signatories(document=document, user=user, signatories=wanted)
    for _pair in wanted:
        summary.record(_label(Signatory), outcome)


def _load_agreement(data, organisations, users, summary: DemoSummary, today: date) -> None:
    owner = users[data["owner"]]
    municipality = organisations[data["municipality"]]
    fields = {
        "police_area": organisations[data["police_area"]],
        "title": data["title"],
        "reference_number": data["reference_number"],
        "valid_from": data["valid_from"],
        "valid_to": data["valid_to"],
        "check_in_cadence": data["check_in_cadence"],
        "goals": data["goals"],
    }
    # The diarienummer is the natural key; an agreement without one is known by its title.
    key = "reference_number" if data["reference_number"] else "title"
    agreements = Agreement.objects.filter(municipality=municipality, **{key: fields[key]})
    agreement = agreements.first()
    if agreement is None:
        agreement = services.create_agreement(user=owner, municipality=municipality, **fields)
        outcome = Outcome.CREATED
    elif changes := _differences(agreement, fields):
        services.update_agreement(agreement=agreement, user=owner, fields=changes)
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    summary.record(_label(Agreement), outcome)
    _load_signatories(agreement, data["signatories"], owner, summary)
    for promise_data in data["promises"]:
        _load_promise(promise_data, agreement, owner, users, summary, today)


def _load_promise(data, agreement, owner, users, summary: DemoSummary, today: date) -> None:
    text_fields = (
        "kind",
        "period_start",
        "period_end",
        "reference_number",
        "follow_up_cadence",
        "purpose",
        "situation",
        "background",
        "joint_commitment",
        "expected_effect",
        "follow_along",
    )
    fields = {name: data.get(name, "") for name in text_fields}
    adoption = {name: data[name] for name in ("adopted_by", "adopted_on", "adoption_paragraph")}
    promise = Promise.objects.filter(agreement=agreement, title=data["title"]).first()
    if promise is None:
        promise = services.create_promise(
            user=owner, agreement=agreement, title=data["title"], **fields
        )
        outcome = Outcome.CREATED
    else:
        wanted = {**fields, **(adoption if not promise.is_draft else {})}
        changes = _differences(promise, wanted)
        if changes:
            services.update_promise(promise=promise, user=owner, fields=changes)
        outcome = Outcome.UPDATED if changes else Outcome.UNCHANGED

    # Walk the promise through its decisions as the coordinator would, so the history shows them.
    if promise.is_draft and data["status"] != Promise.Status.DRAFT:
        services.adopt_promise(promise=promise, user=owner, **adoption)
        outcome = Outcome.UPDATED if outcome is Outcome.UNCHANGED else outcome
    if promise.status == Promise.Status.ADOPTED and data["status"] == Promise.Status.CLOSED:
        services.close_promise(promise=promise, user=owner)
        outcome = Outcome.UPDATED if outcome is Outcome.UNCHANGED else outcome
    summary.record(_label(Promise), outcome)

    _load_signatories(promise, data["signatories"], owner, summary)
    # One query per parent finds the existing children, instead of one query per child; the
    # related managers also hand each child its parent, so validation needs no further query.
    areas = {area.number: area for area in promise.focus_areas.all()}
    for area_data in data["focus_areas"]:
        existing_area = areas.get(area_data["number"])
        area = _load_focus_area(area_data, existing_area, promise, owner, summary)
        activities = {a.number: a for a in area.activities.all()} if existing_area else {}
        for activity_data in area_data["activities"]:
            existing_activity = activities.get(activity_data["number"])
            activity = _load_activity(activity_data, existing_activity, area, owner, summary)
            updates = (
                {(u.date, u.description): u for u in activity.status_updates.all()}
                if existing_activity
                else {}
            )
            for update in activity_data.get("updates", []):
                _load_update(update, updates, activity, users, summary, today)


def _load_focus_area(data, area, promise, owner, summary: DemoSummary) -> FocusArea:
    fields = {"title": data["title"], "definition": data["definition"]}
    if area is None:
        area = services.create_focus_area(
            user=owner, promise=promise, number=data["number"], **fields
        )
        outcome = Outcome.CREATED
    elif changes := _differences(area, fields):
        services.update_focus_area(focus_area=area, user=owner, fields=changes)
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    summary.record(_label(FocusArea), outcome)
    return area


def _load_activity(data, activity, focus_area, owner, summary: DemoSummary) -> Activity:
    target_count, target_unit, target_period = data.get("target") or (None, "", "")
    fields = {
        "description": data["description"],
        "responsible": data["responsible"],
        "partners": data.get("partners", ""),
        "contact_persons": data.get("contact_persons", ""),
        "planned_start": data.get("planned_start"),
        "planned_end": data.get("planned_end"),
        "target_count": target_count,
        "target_unit": target_unit,
        "target_period": target_period,
    }
    if activity is None:
        activity = services.create_activity(
            user=owner, focus_area=focus_area, number=data["number"], **fields
        )
        outcome = Outcome.CREATED
    elif changes := _differences(activity, fields):
        services.update_activity(activity=activity, user=owner, fields=changes)
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    summary.record(_label(Activity), outcome)
    return activity


def _load_update(
    update: Update, existing_updates, activity, users, summary: DemoSummary, today: date
) -> None:
    on = date.fromisoformat(update.on)
    if on > today:
        # Only possible with a clock set in the past; the model refuses future dates.
        summary.record(
            _("statusuppdateringar med framtida datum (hoppades över)"), Outcome.UNCHANGED
        )
        return
    author = users[update.by]
    fields = {
        "status": update.status,
        "occurrences": update.count,
        "is_public": update.public,
        "author_id": author.pk,
    }
    existing = existing_updates.get((on, update.text))
    if existing is None:
        services.add_status_update(
            user=author,
            activity=activity,
            date=on,
            status=update.status,
            description=update.text,
            occurrences=update.count,
            is_public=update.public,
        )
        outcome = Outcome.CREATED
    elif changes := _differences(existing, fields):
        services.update_status_update(status_update=existing, user=author, fields=changes)
        outcome = Outcome.UPDATED
    else:
        outcome = Outcome.UNCHANGED
    summary.record(_label(StatusUpdate), outcome)


@transaction.atomic
def load_demo_data(*, summary: DemoSummary | None = None, today: date | None = None) -> DemoSummary:
    """Write the demo organisations, accounts and chains; safe to run any number of times."""
    summary = summary if summary is not None else DemoSummary()
    today = today or timezone.localdate()
    users = _load_users(summary)
    admin = users[ADMIN_USERNAME]
    organisations = _load_organisations(admin, summary)
    _load_memberships(users, organisations, admin, summary)
    for data in AGREEMENTS:
        _load_agreement(data, organisations, users, summary, today)
    return summary

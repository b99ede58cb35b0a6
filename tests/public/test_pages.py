"""The public pages: home, a kommun, a promise, the accessibility statement.

``build_public_world`` (also used by the other test_public_* modules) makes Knivsta with an adopted
promise, public and internal updates, and a draft successor full of markers that must never show.
"""

import itertools
import re
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from promises import services
from promises.models import Activity, Organisation, Promise, StatusUpdate

PUBLIC_MARKER = "PUBLIKMARKOR-7f3a"
INTERNAL_MARKER = "INTERNMARKOR-91bc"
CONTACT_MARKER = "KONTAKTMARKOR-4d2e"
DRAFT_MARKER = "UTKASTMARKOR-c5a0"
DRAFT_TEXT_MARKER = "UTKASTTEXT-e18f"
DRAFT_UPDATE_MARKER = "UTKASTUPPDATERING-0b77"
OTHER_DRAFT_MARKER = "ANNANKOMMUNUTKAST-66aa"
SECRET_MARKERS = (
    INTERNAL_MARKER,
    CONTACT_MARKER,
    DRAFT_MARKER,
    DRAFT_TEXT_MARKER,
    DRAFT_UPDATE_MARKER,
    OTHER_DRAFT_MARKER,
)


@dataclass
class PublicWorld:
    municipality: Organisation
    promise: Promise
    activity: Activity
    public_update: StatusUpdate
    internal_update: StatusUpdate
    draft: Promise
    owner: object

    def url(self, name: str, *, promise: Promise | None = None) -> str:
        slug = self.municipality.slug
        if name in {"public:municipality", "public:municipality_feed"}:
            return reverse(name, kwargs={"slug": slug})
        return reverse(name, kwargs={"slug": slug, "pk": (promise or self.promise).pk})

    def public_urls(self) -> list[str]:
        return [
            reverse("public:home"),
            reverse("public:accessibility"),
            self.url("public:municipality"),
            self.url("public:municipality_feed"),
            self.url("public:promise"),
            self.url("public:promise_feed"),
            self.url("public:promise_csv"),
            self.url("public:promise_json"),
        ]

    def cacheable_urls(self) -> list[str]:
        """Every public URL, the binary XLSX included (whose body is not text)."""
        return [*self.public_urls(), self.url("public:promise_xlsx")]


def build_public_world(
    *, owner, adopted_promise, focus_area, activity, upplands_bro, outsider, jarfalla_police
) -> PublicWorld:
    services.update_promise(
        promise=adopted_promise,
        user=owner,
        fields={
            "situation": "Invånarna känner sig otrygga vid stationen på kvällarna.",
            "joint_commitment": "Fler vuxna ute på kvällarna.",
            "follow_along": "Vi berättar om arbetet på kommunens webbplats.",
        },
    )
    services.update_activity(
        activity=activity, user=owner, fields={"contact_persons": f"{CONTACT_MARKER}, kommunpolis"}
    )
    public_update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description=f"Två narkotikainsatser i december. {PUBLIC_MARKER}",
        date=date(2025, 12, 13),
        occurrences=2,
        is_public=True,
    )
    services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="En narkotikainsats vid stationen.",
        date=date(2025, 3, 1),
        occurrences=1,
        is_public=True,
    )
    internal_update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.DELAYED,
        description=f"Internt: fem insatser till. {INTERNAL_MARKER}",
        date=date(2025, 12, 20),
        occurrences=5,
        is_public=False,
    )
    draft = services.draft_successor(
        promise=adopted_promise,
        user=owner,
        title=f"Medborgarlöfte 2026–2027 {DRAFT_MARKER}",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    services.update_promise(
        promise=draft, user=owner, fields={"purpose": f"Nytt syfte {DRAFT_TEXT_MARKER}"}
    )
    draft_area = services.create_focus_area(user=owner, promise=draft, title="Ny inriktning")
    draft_activity = services.create_activity(
        user=owner, focus_area=draft_area, description="En aktivitet i utkastet."
    )
    # Marked public, but its promise is a draft: it must not show either.
    services.add_status_update(
        user=owner,
        activity=draft_activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description=f"Uppdatering i utkast {DRAFT_UPDATE_MARKER}",
        date=date(2026, 2, 1),
        is_public=True,
    )
    # Another kommun with nothing but a draft never appears on the home page.
    other_agreement = services.create_agreement(
        user=outsider,
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Samverkansöverenskommelse Upplands-Bro",
        valid_from=date(2025, 1, 1),
        valid_to=date(2026, 12, 31),
    )
    services.create_promise(
        user=outsider,
        agreement=other_agreement,
        title=f"Utkast {OTHER_DRAFT_MARKER}",
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
    )
    adopted_promise.refresh_from_db()
    return PublicWorld(
        municipality=adopted_promise.agreement.municipality,
        promise=adopted_promise,
        activity=activity,
        public_update=public_update,
        internal_update=internal_update,
        draft=draft,
        owner=owner,
    )


def grow_public_world(world: PublicWorld, *, factor: int = 10) -> None:
    """Multiply the data behind every public page: focus areas, activities, updates, promises and
    kommuner with adopted promises."""
    owner = world.owner
    for n in range(factor):
        area = services.create_focus_area(user=owner, promise=world.promise, title=f"Område {n}")
        for m in range(2):
            activity = services.create_activity(
                user=owner,
                focus_area=area,
                description=f"Aktivitet {n}:{m}",
                contact_persons=f"{CONTACT_MARKER} {n}",
                target_count=2,
                target_unit="möten",
                target_period="ar",
            )
            for is_public in (True, False):
                services.add_status_update(
                    user=owner,
                    activity=activity,
                    status=StatusUpdate.Status.DONE,
                    description=f"Uppdatering {n}:{m} {'' if is_public else INTERNAL_MARKER}",
                    date=date(2025, 6, 1),
                    occurrences=1,
                    is_public=is_public,
                )
        kommun = Organisation.objects.create(
            kind=Organisation.Kind.MUNICIPALITY,
            name=f"Exempelby {n} kommun",
            slug=f"exempelby-{n}",
            municipality_code=f"{9000 + n}",
        )
        world.promise.agreement.police_area.covered_municipalities.add(kommun)
        agreement = services.create_agreement(
            user=owner,
            municipality=kommun,
            police_area=world.promise.agreement.police_area,
            title=f"Överenskommelse {n}",
            valid_from=date(2024, 1, 1),
            valid_to=date(2025, 12, 31),
        )
        for k in range(2):
            promise = services.create_promise(
                user=owner,
                agreement=agreement,
                title=f"Löfte {n}-{k}",
                period_start=date(2024, 1, 1),
                period_end=date(2025, 12, 31),
            )
            services.adopt_promise(
                promise=promise,
                user=owner,
                adopted_by="Kommunstyrelsen",
                adopted_on=date(2024, 2, 1),
            )
        # Earlier promises on Knivsta's own page, too.
        earlier = services.create_promise(
            user=owner,
            agreement=world.promise.agreement,
            title=f"Äldre löfte {n}",
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
        )
        services.adopt_promise(
            promise=earlier, user=owner, adopted_by="Kommunstyrelsen", adopted_on=date(2023, 1, 20)
        )
        services.close_promise(promise=earlier, user=owner)


def body(response) -> bytes:
    """The whole body of a response, read to the end when it streams (the data files)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Home ------------------------------------------------------------------------------------------


def test_it_lists_kommuner_with_adopted_promises_and_links_to_login(client, world):
    html = _html(client.get(reverse("public:home")))
    assert world.municipality.name in html
    assert reverse("public:municipality", kwargs={"slug": "knivsta"}) in html
    assert reverse("login") in html
    assert "Upplands-Bro" not in html


def test_it_lists_a_kommun_whose_promises_are_all_closed(client, world):
    services.close_promise(promise=world.promise, user=world.owner)
    html = _html(client.get(reverse("public:home")))
    assert reverse("public:municipality", kwargs={"slug": "knivsta"}) in html
    assert "Inget aktuellt löfte" in html


def test_it_redirects_a_logged_in_user_from_home_to_start(client, owner):
    client.force_login(owner)
    response = client.get(reverse("public:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("promises:start")


# A kommun --------------------------------------------------------------------------------------


def test_it_shows_current_and_earlier_promises_of_a_kommun(client, world):
    earlier = services.create_promise(
        user=world.owner,
        agreement=world.promise.agreement,
        title="Medborgarlöfte Knivsta 2022–2023",
        period_start=date(2022, 1, 1),
        period_end=date(2023, 12, 31),
    )
    services.adopt_promise(
        promise=earlier,
        user=world.owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2022, 1, 31),
    )
    services.close_promise(promise=earlier, user=world.owner)

    html = _html(client.get(world.url("public:municipality")))
    current_part, earlier_part = html.split('id="earlier-heading"')
    assert world.promise.title in current_part
    assert earlier.title in earlier_part
    assert world.url("public:promise", promise=earlier) in earlier_part
    assert "29 januari 2024" in current_part
    assert world.url("public:municipality_feed") in html


def test_it_tells_a_running_promise_from_one_whose_period_has_ended(client, world):
    running = services.create_promise(
        user=world.owner,
        agreement=world.promise.agreement,
        title="Medborgarlöfte Knivsta 2026–2030",
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
    )
    services.adopt_promise(
        promise=running,
        user=world.owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2026, 1, 20),
    )
    html = _html(client.get(world.url("public:municipality")))
    cards = dict(
        (title, card)
        for card in html.split('<li class="card">')[1:]
        for title in (world.promise.title, running.title)
        if title in card
    )
    assert "Gäller nu" in cards[running.title]
    assert "Perioden är slut. Kommunen och polisen följer upp löftet." in cards[world.promise.title]


def test_it_answers_404_for_an_unknown_kommun_or_a_police_area(client, world):
    assert (
        client.get(reverse("public:municipality", kwargs={"slug": "finns-inte"})).status_code == 404
    )
    police_slug = world.promise.agreement.police_area.slug
    assert (
        client.get(reverse("public:municipality", kwargs={"slug": police_slug})).status_code == 404
    )


# A promise -------------------------------------------------------------------------------------


def test_it_shows_the_promise_texts_activities_progress_and_public_updates(client, world):
    html = _html(client.get(world.url("public:promise")))
    assert "<h1>Medborgarlöfte Knivsta 2024–2025</h1>" in html
    for text in (
        "Ett gemensamt brottsförebyggande arbete.",
        "Invånarna känner sig otrygga vid stationen på kvällarna.",
        "Det här ska vi åstadkomma tillsammans",
        "Fler vuxna ute på kvällarna.",
        "Vi berättar om arbetet på kommunens webbplats.",
        "Insatser i samverkan mot narkotika",
        '<th scope="row">1:1</th>',
        # Progress counts the two public updates (2 + 1), not the internal one (5).
        "3 av 4 narkotikainsatser, 2025",
        PUBLIC_MARKER,
        "Lokalpolisområde Uppsala/Knivsta",
    ):
        assert text in html, text
    assert re.search(r'<progress id="progress-\d+" max="4" value="3">', html)
    assert re.search(r'<label for="progress-\d+">3 av 4 narkotikainsatser, 2025</label>', html)
    assert "Siffrorna räknar bara de uppdateringar som visas på den här sidan" in html


def add_first_year_updates(world) -> None:
    """A public update (2 occurrences) and an internal one (7) in 2024, the promise's first year."""
    for occurrences, is_public in ((2, True), (7, False)):
        services.add_status_update(
            user=world.owner,
            activity=world.activity,
            status=StatusUpdate.Status.IN_PROGRESS,
            description=f"Insatser under det första året ({'offentlig' if is_public else 'intern'})",
            date=date(2024, 10, 1),
            occurrences=occurrences,
            is_public=is_public,
        )


def test_it_shows_progress_in_every_target_period_from_public_updates(client, world):
    """Issue 9 §5: the promise has ended, so its last year (2025) comes first, then 2024."""
    add_first_year_updates(world)
    html = _html(client.get(world.url("public:promise")))
    assert re.search(r'<label for="progress-\d+">3 av 4 narkotikainsatser, 2025</label>', html)
    assert "<li>2024: 2 av 4 narkotikainsatser</li>" in html
    assert html.index("3 av 4 narkotikainsatser, 2025") < html.index("2024: 2 av 4")
    assert "2024: 9 av 4" not in html


def test_it_writes_dates_out_in_swedish_in_running_text(client, world):
    html = _html(client.get(world.url("public:promise")))
    assert '<time class="date" datetime="2025-12-13">13 december 2025</time>' in html
    assert "Kommunstyrelsen beslutade om löftet den 29 januari 2024." in html
    assert "Löftets period är 1 januari 2024 till och med 31 december 2025." in html


def test_it_lists_public_updates_newest_first(client, world):
    html = _html(client.get(world.url("public:promise")))
    assert html.index("13 december 2025") < html.index("1 mars 2025")


def test_it_shows_the_latest_public_status_not_the_latest_internal_one(client, world):
    html = _html(client.get(world.url("public:promise")))
    row = re.search(r'<th scope="row">1:1</th>(.*?)</tr>', html, re.S).group(1)
    assert "Pågår" in row
    assert "2025-12-13" in row
    assert "Försenad" not in row


def test_it_does_not_link_a_draft_successor(client, world):
    html = _html(client.get(world.url("public:promise")))
    assert world.url("public:promise", promise=world.draft) not in html


def test_it_links_an_adopted_successor_and_its_predecessor(client, world):
    successor = services.adopt_promise(
        promise=world.draft,
        user=world.owner,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2026, 1, 20),
    )
    old_html = _html(client.get(world.url("public:promise")))
    new_html = _html(client.get(world.url("public:promise", promise=successor)))
    assert world.url("public:promise", promise=successor) in old_html
    assert "Löftet har ersatts av ett nyare löfte" in old_html
    assert world.url("public:promise") in new_html


def test_it_answers_404_for_a_draft_promise(client, world):
    for name in (
        "public:promise",
        "public:promise_feed",
        "public:promise_csv",
        "public:promise_json",
    ):
        assert client.get(world.url(name, promise=world.draft)).status_code == 404, name


def test_it_answers_404_for_a_draft_even_with_a_conditional_request(client, world):
    response = client.get(world.url("public:promise", promise=world.draft), HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 404


def test_it_answers_404_for_a_promise_under_another_kommuns_address(client, world):
    url = reverse("public:promise", kwargs={"slug": "upplands-bro", "pk": world.promise.pk})
    assert client.get(url).status_code == 404


def test_it_answers_405_to_a_post(client, world):
    for url in world.public_urls():
        assert client.post(url).status_code == 405, url


# Accessibility statement -----------------------------------------------------------------------


def test_it_publishes_an_accessibility_statement_with_what_digg_requires(client, settings, world):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@knivsta.example"
    settings.ACCESSIBILITY_OPERATOR = "Knivsta kommun"
    html = _html(client.get(reverse("public:accessibility")))
    for text in (
        "<h1>Tillgänglighetsredogörelse för Löfteskollen</h1>",
        "Knivsta kommun står bakom Löfteskollen.",
        "delvis förenlig",
        "Innehåll som inte är tillgängligt",
        "12 §",
        "9 §",
        'href="mailto:tillganglighet@knivsta.example"',
        'href="https://www.digg.se/tdosanmalan"',
        "självskattning",
        "22 november 2026",
    ):
        assert text in html, text
    assert "helt förenlig" not in html


def test_it_links_the_accessibility_statement_from_every_page_footer(client, world, owner):
    statement = reverse("public:accessibility")
    for url in (
        reverse("public:home"),
        world.url("public:municipality"),
        world.url("public:promise"),
    ):
        footer = _html(client.get(url)).split('<footer class="site-footer">')[1]
        assert f'href="{statement}"' in footer, url
    client.force_login(owner)
    footer = _html(client.get(reverse("promises:start"))).split('<footer class="site-footer">')[1]
    assert f'href="{statement}"' in footer


# Structure -------------------------------------------------------------------------------------


def test_it_gives_every_public_page_one_h1_and_headings_in_order(client, world):
    for url in (
        reverse("public:home"),
        reverse("public:accessibility"),
        world.url("public:municipality"),
        world.url("public:promise"),
    ):
        html = _html(client.get(url))
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels.count(1) == 1, url
        assert levels[0] == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (url, levels)
        assert '<html lang="sv">' in html
        assert '<main id="main"' in html

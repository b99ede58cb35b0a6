"""The words of the generated data: Sweden's 290 kommuner (public bodies, so their real names),
invented people (common first and last names combined at random) and the texts of the chain.

Kommun codes are synthetic (the county's two digits and a running number): unique and four digits,
as the model asks, but not SCB's.
"""

# By county (län), in the order of SCB's county codes; the first kommun is the largest.
COUNTIES = {
    "01": "Stockholm, Solna, Sundbyberg, Lidingö, Danderyd, Täby, Upplands Väsby, Vallentuna, "
    "Österåker, Värmdö, Järfälla, Ekerö, Huddinge, Botkyrka, Salem, Haninge, Tyresö, Upplands-Bro, "
    "Nykvarn, Sollentuna, Södertälje, Nacka, Vaxholm, Norrtälje, Sigtuna, Nynäshamn",
    "03": "Håbo, Älvkarleby, Knivsta, Heby, Tierp, Uppsala, Enköping, Östhammar",
    "04": "Vingåker, Gnesta, Nyköping, Oxelösund, Flen, Katrineholm, Eskilstuna, Strängnäs, Trosa",
    "05": "Ödeshög, Ydre, Kinda, Boxholm, Åtvidaberg, Finspång, Valdemarsvik, Linköping, "
    "Norrköping, Söderköping, Motala, Vadstena, Mjölby",
    "06": "Aneby, Gnosjö, Mullsjö, Habo, Gislaved, Vaggeryd, Jönköping, Nässjö, Värnamo, Sävsjö, "
    "Vetlanda, Eksjö, Tranås",
    "07": "Uppvidinge, Lessebo, Tingsryd, Alvesta, Älmhult, Markaryd, Växjö, Ljungby",
    "08": "Högsby, Torsås, Mörbylånga, Hultsfred, Mönsterås, Emmaboda, Kalmar, Nybro, Oskarshamn, "
    "Västervik, Vimmerby, Borgholm",
    "09": "Gotland",
    "10": "Olofström, Karlskrona, Ronneby, Karlshamn, Sölvesborg",
    "12": "Svalöv, Staffanstorp, Burlöv, Vellinge, Östra Göinge, Örkelljunga, Bjuv, Kävlinge, "
    "Lomma, Svedala, Skurup, Sjöbo, Hörby, Höör, Tomelilla, Bromölla, Osby, Perstorp, Klippan, "
    "Åstorp, Båstad, Malmö, Lund, Landskrona, Helsingborg, Höganäs, Eslöv, Ystad, Trelleborg, "
    "Kristianstad, Simrishamn, Ängelholm, Hässleholm",
    "13": "Hylte, Halmstad, Laholm, Falkenberg, Varberg, Kungsbacka",
    "14": "Härryda, Partille, Öckerö, Stenungsund, Tjörn, Orust, Sotenäs, Munkedal, Tanum, "
    "Dals-Ed, Färgelanda, Ale, Lerum, Vårgårda, Bollebygd, Grästorp, Essunga, Karlsborg, "
    "Gullspång, Tranemo, Bengtsfors, Mellerud, Lilla Edet, Mark, Svenljunga, Herrljunga, Vara, "
    "Götene, Tibro, Töreboda, Göteborg, Mölndal, Kungälv, Lysekil, Uddevalla, Strömstad, "
    "Vänersborg, Trollhättan, Alingsås, Borås, Ulricehamn, Åmål, Mariestad, Lidköping, Skara, "
    "Skövde, Hjo, Tidaholm, Falköping",
    "17": "Kil, Eda, Torsby, Storfors, Hammarö, Munkfors, Forshaga, Grums, Årjäng, Sunne, "
    "Karlstad, Kristinehamn, Filipstad, Hagfors, Arvika, Säffle",
    "18": "Lekeberg, Laxå, Hallsberg, Degerfors, Hällefors, Ljusnarsberg, Örebro, Kumla, "
    "Askersund, Karlskoga, Nora, Lindesberg",
    "19": "Skinnskatteberg, Surahammar, Kungsör, Hallstahammar, Norberg, Västerås, Sala, Fagersta, "
    "Köping, Arboga",
    "20": "Vansbro, Malung-Sälen, Gagnef, Leksand, Rättvik, Orsa, Älvdalen, Smedjebacken, Mora, "
    "Falun, Borlänge, Säter, Hedemora, Avesta, Ludvika",
    "21": "Ockelbo, Hofors, Ovanåker, Nordanstig, Ljusdal, Gävle, Sandviken, Söderhamn, Bollnäs, "
    "Hudiksvall",
    "22": "Ånge, Timrå, Härnösand, Sundsvall, Kramfors, Sollefteå, Örnsköldsvik",
    "23": "Ragunda, Bräcke, Krokom, Strömsund, Åre, Berg, Härjedalen, Östersund",
    "24": "Nordmaling, Bjurholm, Vindeln, Robertsfors, Norsjö, Malå, Storuman, Sorsele, Dorotea, "
    "Vännäs, Vilhelmina, Åsele, Umeå, Lycksele, Skellefteå",
    "25": "Arvidsjaur, Arjeplog, Jokkmokk, Överkalix, Kalix, Övertorneå, Pajala, Gällivare, "
    "Älvsbyn, Luleå, Piteå, Boden, Haparanda, Kiruna",
}


def kommuner() -> list[tuple[str, str]]:
    """(name, synthetic code) of all 290 kommuner, the largest first."""
    result = []
    for county, names in COUNTIES.items():
        for index, name in enumerate(names.split(", "), start=1):
            result.append((name.strip(), f"{county}{index:02d}"))
    return result


def kommun_title(name: str) -> str:
    """ "Knivsta kommun", "Köpings kommun": the genitive s after a consonant."""
    if name[-1].lower() in "aeiouyåäösxz":
        return f"{name} kommun"
    return f"{name}s kommun"


_FIRST = (
    "Anna Eva Maria Karin Sara Lena Kristina Emma Elin Linnea Ida Johanna Malin Sofia Hanna Maja "
    "Petra Jenny Helena Camilla Frida Amanda Nora Alva Greta Agnes Ebba Moa Tove Lisa Erik Lars "
    "Karl Anders Johan Per Mikael Nils Jonas Fredrik Daniel Oskar Magnus Henrik Mattias Viktor "
    "Emil Anton Axel Filip Gustav Hugo Isak Ludvig Samir Ali Omar Yusuf Amir Leila Fatima Mira"
)
_LAST = (
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström "
    "Olofsson Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson "
    "Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson "
    "Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson Isaksson Fransson "
    "Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström "
    "Åberg Ekholm Sjölund Haddad Rask Ekvall Grön Lindvall Mohammed Ali Hassan Yilmaz Novak"
)
FIRST_NAMES, LAST_NAMES = _FIRST.split(), _LAST.split()

COORDINATOR_TITLES = ("Trygghetssamordnare", "Brottsförebyggande samordnare", "Säkerhetschef")
SECRETARY_TITLES = ("Nämndsekreterare", "Kommunsekreterare")
POLICE_TITLES = ("Kommunpolis", "Områdespolis", "Lokalpolisområdeschef", "Gruppchef")
COMMITTEES = ("Kommunstyrelsen", "Trygghetsberedningen", "Socialnämnden", "Kommunfullmäktige")
OFFICES = ("Kommunledningskontoret", "Kommunledningsförvaltningen", "Stadsledningskontoret")

FOCUS_AREAS = (
    "Trygghet i centrum",
    "Unga i riskmiljöer",
    "Narkotika i skolan och på fritiden",
    "Våld i nära relation",
    "Trafiksäkerhet",
    "Bostadsområden med låg trygghet",
    "Ordningsstörningar under sommaren",
    "Brott mot äldre",
    "Inbrott i bostäder",
    "Samverkan i lägesbild",
    "Skadegörelse och klotter",
    "Kvinnofrid och hedersrelaterat våld",
)

ACTIVITIES = (
    "Gemensamma trygghetsvandringar i centrum med kommunens fastighetsbolag.",
    "Polisen genomför riktade narkotikainsatser vid skolor och fritidsgårdar.",
    "Kommunen och polisen håller medborgardialoger i varje kommundel.",
    "Föräldravandringar kvällstid under helger och lov.",
    "Hastighets- och nykterhetskontroller vid infarterna.",
    "Utbildning för skolpersonal om tidiga tecken på kriminalitet.",
    "Samverkansmöten med socialtjänst, skola och polis om unga i riskzon.",
    "Information om våld i nära relation på vårdcentraler och bibliotek.",
    "Belysning och röjning av buskage längs gång- och cykelvägar.",
    "Polisens närvaro vid större evenemang och skolavslutningar.",
    "Grannsamverkan startas i nya bostadsområden.",
    "Lägesbild tas fram varje månad och delas med berörda förvaltningar.",
    "Besök i årskurs 8 om narkotika och sociala medier.",
    "Klotter saneras inom två dygn efter anmälan.",
    "Stöd till föreningar som håller öppet kvällstid för unga.",
)
PARTNERS = (
    "Fastighetsbolaget, Räddningstjänsten",
    "Socialtjänsten, Skolförvaltningen",
    "Brottsofferjouren",
    "Kriminalvården",
    "Föreningslivet, Fritidsgårdarna",
    "Trafikverket",
    "Region, Vårdcentralerna",
)
UNITS = (
    "trygghetsvandringar",
    "narkotikainsatser",
    "medborgardialoger",
    "kontroller",
    "utbildningstillfällen",
    "skolbesök",
    "möten",
    "informationsinsatser",
)

UPDATE_SENTENCES = (
    "Insatsen genomfördes enligt plan tillsammans med polisen.",
    "Vi träffade ett tjugotal invånare som berättade om sin upplevelse av tryggheten.",
    "Flera synpunkter gällde belysningen vid busshållplatsen, som har anmälts till förvaltningen.",
    "Kontrollerna gav ett fåtal rapporter för hastighet och ingen för rattfylleri.",
    "Skolan bjöd in alla vårdnadshavare till ett informationsmöte om narkotika.",
    "Mötet fick flyttas en vecka på grund av sjukdom.",
    "Uppslutningen var god och föräldrarna vill fortsätta under hösten.",
    "Polisen deltog med två personer i uniform under hela kvällen.",
    "Socialtjänsten följer upp de ärenden som kom fram under veckan.",
    "Insatsen är försenad eftersom upphandlingen drog ut på tiden.",
    "Materialet har översatts till fem språk och delats ut i bostadsområdet.",
    "Lägesbilden visar färre anmälda inbrott än samma period förra året.",
    "Fritidsgården har haft öppet till klockan 23 alla fredagar.",
    "Nästa steg är en gemensam utvärdering med skolan i december.",
    "Klottret sanerades inom ett dygn på samtliga platser.",
    "Grannsamverkan har startat i ytterligare två områden.",
)
REASONS = (
    "Rättat stavfel",
    "Kompletterat med antal tillfällen",
    "Förtydligat beskrivningen",
    "Publicerad efter samråd med polisen",
)
PROMISE_TEXT = (
    "Kommunen och polisen arbetar tillsammans för att fler ska känna sig trygga i kommunen. "
    "Löftet bygger på en gemensam lägesbild och på dialoger med invånarna. Vi följer upp varje "
    "aktivitet löpande och berättar om arbetet på kommunens webbplats och i polisens kanaler."
)

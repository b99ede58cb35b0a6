"""What the models of the lägesbild share: the frozen-version guard and the reminder of the form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from promises.limits import number_validators  # noqa: F401 - re-exported for the models

# Problems and causes are numbered within their lägesbild and problem (Orsak 1.2).
MAX_PROBLEM_NUMBER = 99
MAX_CAUSE_NUMBER = 99

# Shown on every form that describes a problem: the law asks for a picture of crime, never of
# persons, and the personnummer guard (NO_ID_NUMBER) sits on every free-text field.
NEVER_INDIVIDUALS = _(
    "Beskriv platser, situationer och grupper – aldrig enskilda personer. Skriv inga namn, "
    "personnummer eller andra uppgifter som pekar ut någon."
)


class AdoptedVersionIsFrozen(ValidationError):
    """A change to an adopted lägesbild (or its problems and causes): make a new version instead."""

    def __init__(self):
        super().__init__(
            _("Lägesbilden är antagen och kan inte ändras. Gör en ny version i stället."),
            code="adopted_frozen",
        )

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from promises.validators import validate_no_personal_identity_number

from .limits import MAX_ACTIVITIES, MAX_FILE_NAME_LENGTH, MAX_FILE_SIZE, human_size
from .readers import file_format


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med planen"),
        help_text=_(
            "En .xlsx- eller .csv-fil med mallens kolumner, eller ett Word-dokument (.docx) med "
            "tabeller med rader som ”Insats 1:1”. Högst %(size)s och %(count)s insatser."
        )
        % {
            "size": human_size(MAX_FILE_SIZE),
            "count": f"{MAX_ACTIVITIES:,}".replace(",", "\u00a0"),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,.docx,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet,text/csv,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if file_format(name) is None:
            raise ValidationError(_("Välj en fil av typen .xlsx, .csv eller .docx."))
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(
                _("Filen är %(size)s. En import får vara högst %(limit)s.")
                % {"size": human_size(upload.size), "limit": human_size(MAX_FILE_SIZE)}
            )
        if len(name) > MAX_FILE_NAME_LENGTH:
            raise ValidationError(
                _("Filnamnet får vara högst %(limit)s tecken. Byt namn på filen.")
                % {"limit": MAX_FILE_NAME_LENGTH}
            )
        validate_no_personal_identity_number(name)
        return upload

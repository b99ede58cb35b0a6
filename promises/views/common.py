from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form


def apply_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def saved(request, message) -> None:
    messages.success(request, message)


def form_data(request):
    """The submitted data on POST (even when empty, so optional-only forms validate), else None."""
    return request.POST if request.method == "POST" else None

"""Post a form back the way a browser would: every field as the page rendered it, then changes.

Built from the forms in a response's context, so that hidden fields (the version an edit form was
opened on, management forms of formsets) are whatever the view put there.
"""


def as_sent(*forms) -> dict:
    data = {}
    for form in forms:
        if hasattr(form, "management_form"):
            for field in form.management_form:
                data[field.html_name] = field.value()
            members = list(form)
        else:
            members = [form]
        for member in members:
            for field in member:
                value = field.value()
                if value is None or value is False:
                    continue
                if value is True:
                    value = "on"
                elif hasattr(value, "isoformat"):
                    value = value.isoformat()
                elif isinstance(value, list):
                    value = [str(v) for v in value]
                data[field.html_name] = value
    return data


def page_form(client, url, name="form") -> dict:
    """The data of the form ``name`` on the page at ``url``, as the browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return as_sent(response.context[name])

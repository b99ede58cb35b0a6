"""The errors of a refused write, by field, for the tests of the services."""


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict

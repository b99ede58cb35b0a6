"""Long lists are shown in pages of a fixed size, chosen by the query parameter ``sida``.

Every page reads only its own rows. A bad page number ("abc", "0", "99999") shows the nearest
page that exists, never an error (``Paginator.get_page``).
"""

from django.core.paginator import Page, Paginator

PAGE_PARAMETER = "sida"


class CountedPaginator(Paginator):
    """A paginator that is told how many objects there are, when the page already knows it
    (e.g. from per-group counts), instead of asking the database again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def page_of(object_list, number, *, per_page: int, count: int | None = None) -> Page:
    """Page ``number`` (as given in the request, possibly bad) of ``object_list``."""
    if count is None:
        paginator = Paginator(object_list, per_page)
    else:
        paginator = CountedPaginator(object_list, per_page, count=count)
    return paginator.get_page(number)


def page_number(request) -> str | None:
    return request.GET.get(PAGE_PARAMETER)

"""What an edit form opened now would carry as its version (read fresh from the database)."""

from promises.services import group_version as _group_version


def current_version(obj) -> int:
    return type(obj)._base_manager.values_list("lock_version", flat=True).get(pk=obj.pk)


def group_version(items) -> str:
    items = list(items)
    return _group_version(type(items[0])._base_manager.filter(pk__in=[i.pk for i in items]))

"""aiosmtpd's ``Controller``, imported beside the project's own ``public`` app.

aiosmtpd imports ``from public import public`` (the ``atpublic`` package), and the project has an
app named ``public`` that comes first on ``sys.path``. So atpublic's module is loaded from
site-packages under its name just while aiosmtpd's modules are imported, then the app's module is
put back; aiosmtpd keeps the function it imported.
"""

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])


def _import_aiosmtpd():
    path = [entry for entry in sys.path if entry not in ("", ".", ROOT)]
    spec = importlib.machinery.PathFinder.find_spec("public", path)
    atpublic = importlib.util.module_from_spec(spec)
    ours = sys.modules.get("public")
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        from aiosmtpd import controller, handlers, smtp  # noqa: F401  imported under atpublic
    finally:
        if ours is not None:
            sys.modules["public"] = ours
        else:
            del sys.modules["public"]
    return controller.Controller


Controller = _import_aiosmtpd()

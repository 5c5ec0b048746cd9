"""All mapped tables. Each capability keeps its tables in its own module here.

Importing this package imports every module in it, so ``Base.metadata`` is complete
for Alembic and for tests.
"""

import importlib
import pkgutil

from clerk.storage.models.base import Base

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Base"]

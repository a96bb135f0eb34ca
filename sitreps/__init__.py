"""sitreps: claim-aware political and conflict event data from news reports.

    >>> import sitreps
    >>> events = sitreps.extract("Rebels shelled Aleppo on Wednesday, the army said.", published="2015-10-18")
"""

import logging

from . import incidents as _incidents_package  # noqa: F401  (loaded first: the name below is the function)
from .api import articles, code_articles, extract, incidents, ingest, read
from .model import Actor, Article, Claim, Coded, Event, Failure, Place, Quantity, When

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = [
           "Actor",
           "Article",
           "Claim",
           "Coded",
           "Event",
           "Failure",
           "Place",
           "Quantity",
           "When",
           "__version__",
           "articles",
           "code_articles",
           "extract",
           "incidents",
           "ingest",
           "read",
]

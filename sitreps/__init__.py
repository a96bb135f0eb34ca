"""sitreps: claim-aware political and conflict event data from news reports."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"

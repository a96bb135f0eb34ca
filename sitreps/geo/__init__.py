"""The gazetteer: countries, first-level divisions, cities and regions, with coordinates."""

from .gazetteer import Candidate, Gazetteer, default_path
from .names import normalise, split_admin_suffix

__all__ = ["Candidate", "Gazetteer", "default_path", "normalise", "split_admin_suffix"]

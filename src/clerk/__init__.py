"""clerk: the workstation of a government service hall's comprehensive window."""

__version__ = "0.1.0"

"""findit: French-aware search over an archive of events and press coverage."""

__version__ = "0.1.0"

"""Counter: the intake desk of the State Corporation "Government for Citizens"."""

__version__ = "0.1.0"

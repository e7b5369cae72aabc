"""Helpers shared by the tests (databases, a private PostgreSQL server); imported as ``tests.support``."""

"""The domain core: catalog, checklist rules, IIN, calendar, numbering, intake use-cases.

Nothing in this package imports Qt (a test enforces it).
"""

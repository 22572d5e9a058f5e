"""The web page: the responsive HTML document and tables the report is written into (``page.py``).

Formatting only, no numbers of its own: strings in, escaped HTML out. Imports nothing from ``hedgeopt``; the
report (``hedgeopt.face.report``) imports it. Room for the report's other page parts as they grow.
"""

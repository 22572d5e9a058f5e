"""The face: the command line, terminal tables and JSON, i18n, the report and its figures, the demo.

English and Japanese; files are written atomically. Everything here formats; the numbers come from below.
Imports every other room of ``hedgeopt``; nothing in ``hedgeopt`` imports it.
"""

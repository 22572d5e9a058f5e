"""The route comparison in words and tables: the terminal's (``hedgeopt routes``) and the report's section.

Imports the library's :mod:`hedgeopt.routes` and the face's own i18n, names and tables; nothing below imports it.
"""

"""``hedgeopt batch`` in words: the book's answer first, the accounts breaking their cap, the errors, the run.

:mod:`~hedgeopt.face.batch.words` words the answer once, :mod:`~hedgeopt.face.batch.tables` prints it on the
terminal and :mod:`~hedgeopt.face.batch.page` writes the report page. Imports ``hedgeopt.batch`` and the face's
own helpers (i18n, names, terminal, web); nothing else imports it but the command line.
"""

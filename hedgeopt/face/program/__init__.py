"""The standing-put program search as a user reads it: the verdict and the action first, then the evidence.

``words`` says a program and the answer in sentences, ``tables`` builds the tables (who does the work, the crisis
replay, the frontier) for the terminal and the report and gives the JSON, ``figure`` draws the frontier and
``section`` is the report's section. They read :class:`hedgeopt.program.answer.ProgramAnswer` and may import the
library below the face and the face's own language modules (``i18n``, ``render``, ``terminal``, ``tables``,
``paths_words``); nothing in the face outside this folder imports them except the command line and the report.
"""

"""Reading the user's files safely: one regular file, of bounded size, decoded as UTF-8, errors naming the file.

``text`` offers :func:`read_text` (a TOML or CSV file as text), :func:`read_toml` (a TOML file's tables),
:func:`check_file` (the same checks, for a file another library reads, such as a Parquet table), :func:`decode`
and the size limits. Imports only the rest of :mod:`pricing`.
"""

from pricing.files.text import MAX_TABLE_BYTES, MAX_TOML_BYTES, check_file, decode, read_text, read_toml

__all__ = ["MAX_TABLE_BYTES", "MAX_TOML_BYTES", "check_file", "decode", "read_text", "read_toml"]

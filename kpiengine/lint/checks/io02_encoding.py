"""A file that is not UTF-8 text (Thai text must be saved as UTF-8).

This is a pseudo-check: the loader reports it at the first byte it cannot
decode. Save the file as UTF-8 (with or without a byte-order mark).
"""

CODE = "IO02"
NAME = "io.encoding"
SEVERITY = "error"
SUMMARY = "file is not UTF-8"
check = None

"""A rule or evidence file that cannot be read (missing, a directory, no permission).

This is a pseudo-check: the loader reports it; it has no YAML example.
"""

CODE = "IO01"
NAME = "io.unreadable"
SEVERITY = "error"
SUMMARY = "file cannot be read"
check = None

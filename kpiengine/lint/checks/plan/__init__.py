"""PL: milestone tables and the facts the printed plan declares."""

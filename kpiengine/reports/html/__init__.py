"""Self-contained HTML reports: one file, inline styles and SVG charts made here, nothing fetched."""

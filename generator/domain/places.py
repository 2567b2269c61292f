"""Where a figure stands in a letter; the sidecar (.tal.json) records it by these names."""

PLACE_TEXT = "tekst"  # a figure in an answer paragraph
PLACE_TABLE = "tabel"  # a figure in a table cell
PLACE_CAPTION = "billedtekst"  # a figure in a table's caption

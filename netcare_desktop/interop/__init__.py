"""File formats: vCard, CSV, JSON; matching and the importer.  Never imports Qt."""

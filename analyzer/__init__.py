"""Pure functions over text and DataFrames: no database, no network."""

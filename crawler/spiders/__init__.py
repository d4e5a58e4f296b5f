"""One spider module per source type; each spider crawls one configured source."""

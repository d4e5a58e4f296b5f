"""A learner's checklist: read (read, with markdown, plain, table, lists and syntax),
mapped onto skill ids (mapping), and the seed roadmaps' coverage by the taxonomy (seeds)."""

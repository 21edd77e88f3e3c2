"""Who and what the archive's stories are about: people, places, organisations, quotes
with their speakers, topics and inferred dates (stored; found by morgue.pipeline.enrich)."""

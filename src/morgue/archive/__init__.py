"""The archive app: models, loading (ingest), export."""

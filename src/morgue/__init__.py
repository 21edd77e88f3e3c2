"""morgue."""

"""Item pipelines, one per module: extract → record → report."""

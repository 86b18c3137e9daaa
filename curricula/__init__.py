"""Bundled curricula (YAML), shipped inside the package."""

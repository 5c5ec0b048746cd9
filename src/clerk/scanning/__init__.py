"""The page pipeline: find the page, check quality, read codes, identify the material (no Qt)."""

"""clerk's own image-source plugins: document camera, hot folder, files, SANE, WIA.

Each is registered under the ``clerk.scanners`` entry-point group in pyproject.toml and
implements ``clerk.scanning.sources.PageSource`` or ``LiveSource``.
"""

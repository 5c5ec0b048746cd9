"""clerk's own device plugins for images: document camera, SANE, WIA.

Each is registered under the ``clerk.scanners`` entry-point group in pyproject.toml and
implements ``clerk.plugin_api.PageSource`` or ``LiveSource``; plugins import nothing of
clerk but ``clerk.plugin_api``.
"""

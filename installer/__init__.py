"""Packaging clerk: PyInstaller spec, AppImage recipe, WiX source for the MSI, build checks."""

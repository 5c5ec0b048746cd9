"""Qt widgets and item models: the only package that imports QtWidgets."""

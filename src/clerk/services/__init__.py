"""Use cases of the window: every rule and every role check lives here, never in the GUI."""

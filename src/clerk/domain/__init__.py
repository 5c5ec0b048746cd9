"""Rules and values of the hall, with no I/O and no Qt."""

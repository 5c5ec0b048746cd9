"""ReportLab documents: case data in, PDF bytes out (no Qt)."""

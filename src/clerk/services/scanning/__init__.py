"""Scanning at the window: pages kept under checklist materials, and ``clerk check``."""

from clerk.services.scanning.check import CheckReport, MaterialFinding, check_files
from clerk.services.scanning.pages import (
    PageView,
    ScanSession,
    delete_page,
    draft_pages,
    export_pdf,
    file_page,
    load_references,
    material_states,
    page_image,
    register_reference_from_page,
    register_reference_image,
    thumbnail,
)

__all__ = [
    "CheckReport",
    "MaterialFinding",
    "PageView",
    "ScanSession",
    "check_files",
    "delete_page",
    "draft_pages",
    "export_pdf",
    "file_page",
    "load_references",
    "material_states",
    "page_image",
    "register_reference_from_page",
    "register_reference_image",
    "thumbnail",
]

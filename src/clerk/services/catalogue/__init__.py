"""The hall's catalogue of matters and materials: files in and out, versions, loading one."""

from clerk.services.catalogue.columns import MAX_FILE_BYTES, CatalogueFileError, Problem
from clerk.services.catalogue.file_read import read_catalogue_file
from clerk.services.catalogue.file_write import content_sha256, write_catalogue_file
from clerk.services.catalogue.versions import (
    ImportResult,
    VersionInfo,
    demo_catalogue_path,
    export_catalogue,
    import_catalogue,
    list_versions,
    load_catalogue,
    load_search_index,
    seed_demo_catalogue,
)

__all__ = [
    "MAX_FILE_BYTES",
    "CatalogueFileError",
    "ImportResult",
    "Problem",
    "VersionInfo",
    "content_sha256",
    "demo_catalogue_path",
    "export_catalogue",
    "import_catalogue",
    "list_versions",
    "load_catalogue",
    "load_search_index",
    "read_catalogue_file",
    "seed_demo_catalogue",
    "write_catalogue_file",
]

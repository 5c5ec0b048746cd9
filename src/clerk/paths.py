"""Where clerk's packaged resources and its per-user folders are."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "clerk"


def resource_dir() -> Path:
    """The resources folder: inside an installed wheel, or the source tree's ``resources/``."""
    packaged = Path(__file__).parent / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def machine_config_dir() -> Path:
    """Machine-wide settings set by the installer or IT (over the user's settings)."""
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False, multipath=False))


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))

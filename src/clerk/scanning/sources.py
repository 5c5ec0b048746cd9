"""Image sources: opening the plugin the settings name.

Two kinds of source exist (their interfaces are in ``clerk.plugin_api``). A
``PageSource`` hands over finished pages (a file, a hot folder, a flatbed or feeder
scanner). A ``LiveSource`` is a camera: frames for a live preview, from which clerk
takes a capture itself. Plugins live outside ``clerk`` (the ``clerk_scanners`` package,
or a vendor's own package) and register a factory under the ``clerk.scanners``
entry-point group; clerk's own file and hot-folder sources (``clerk.scanning.files``,
``clerk.scanning.hotfolder``) are registered there too.

A factory is called with keyword options from the settings (``device=0``,
``folder=...``) and returns a source. Nothing in ``clerk`` names a plugin.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from typing import Any

from clerk.domain.errors import ClerkError
from clerk.plugin_api import SCANNERS, LiveSource, PageSource, SourceError
from clerk.settings import Settings

log = logging.getLogger(__name__)


def available() -> dict[str, Any]:
    """Installed source factories by entry-point name."""
    found = {}
    for point in entry_points(group=SCANNERS):
        try:
            found[point.name] = point.load()
        except Exception as exc:  # a broken vendor plugin must not stop the console
            log.warning("scanner plugin %s cannot be loaded: %r", point.name, exc)
    return found


def open_source(name: str, **options: Any) -> PageSource | LiveSource:
    factories = available()
    if name not in factories:
        known = "、".join(sorted(factories)) or "无"
        raise SourceError(f"未安装名为“{name}”的图像来源插件（已安装：{known}）。", name)
    try:
        source = factories[name](**options)
    except ClerkError:
        raise
    except Exception as exc:  # a vendor's factory that rejects the options must not crash
        raise SourceError(
            f"图像来源插件“{name}”无法按当前设置创建，请联系信息技术人员。", repr(exc)
        ) from exc
    if not isinstance(source, PageSource | LiveSource):
        raise SourceError(f"图像来源插件“{name}”不符合接口。", repr(source))
    return source


def configured_camera(settings: Settings) -> LiveSource:
    """The document camera the settings name.

    ``scanning.camera_plugin`` names the plugin (``camera``, clerk's own VideoCapture
    one, or a vendor's); it is called with ``device`` (``scanning.camera``), ``width``
    and ``height`` (``scanning.camera_resolution``).
    """
    plugin = settings.get("scanning.camera_plugin") or "camera"
    resolution = settings.get("scanning.camera_resolution")
    width, _, height = resolution.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise SourceError(
            f"设置项 scanning.camera_resolution 应写作 宽x高（如 4000x3000），现为“{resolution}”。"
        )
    source = open_source(
        plugin, device=settings.get("scanning.camera"), width=int(width), height=int(height)
    )
    if not isinstance(source, LiveSource):
        raise SourceError(f"图像来源插件“{plugin}”不是高拍仪（实时来源）。", repr(source))
    return source

"""A flatbed or feeder scanner through SANE (Linux), with PyPI ``python-sane``.

Optional: install with ``pip install clerk[sane]`` (needs ``libsane-dev`` to build).
With a feeder (``source="ADF"`` or the device's own name for it) every sheet in the
tray is scanned; SANE's "no more documents" ends the batch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from clerk.plugin_api import Capture, SourceError, to_bgr

log = logging.getLogger(__name__)


class SaneScanner:
    """``PageSource`` over one SANE device."""

    def __init__(
        self, device: str = "", source: str = "", resolution: int = 200, mode: str = "Color"
    ) -> None:
        self.device = device
        self.source = source
        self.resolution = int(resolution)
        self.mode = mode
        self.title = f"扫描仪 {device or '（默认）'}"

    def _open(self) -> tuple[str, Any]:
        try:
            import sane
        except ImportError as exc:
            raise SourceError(
                "本机未安装 SANE 扫描支持（clerk[sane]），请联系信息技术人员。", repr(exc)
            ) from exc
        sane.init()
        device = self.device
        if not device:
            devices = sane.get_devices()
            if not devices:
                raise SourceError(
                    "没有找到扫描仪，请检查连接和电源。", "sane.get_devices() is empty"
                )
            device = devices[0][0]
        try:
            scanner = sane.open(device)
        except Exception as exc:  # _sane.error carries SANE's status text
            raise SourceError(f"无法打开扫描仪“{device}”，请检查连接和电源。", repr(exc)) from exc
        for option, value in (
            ("mode", self.mode),
            ("resolution", self.resolution),
            ("source", self.source),
        ):
            if value and option in scanner.optlist:
                try:
                    setattr(scanner, option, value)
                except Exception as exc:
                    log.info("scanner %s ignores %s=%r: %r", device, option, value, exc)
        return device, scanner

    def pages(self) -> Iterator[Capture]:
        device, scanner = self._open()
        try:
            feeder = (
                "adf" in str(getattr(scanner, "source", "")).lower()
                or "feeder" in str(getattr(scanner, "source", "")).lower()
            )
            images = scanner.multi_scan() if feeder else iter([scanner.scan()])
            for index, image in enumerate(images):
                yield Capture(to_bgr(image), f"sane:{device}#{index + 1}", on_desk=False)
        except StopIteration:
            return
        except Exception as exc:
            if isinstance(exc, SourceError):
                raise
            raise SourceError(
                "扫描过程中出错（卡纸或断开），已扫描的页面不受影响。", repr(exc)
            ) from exc
        finally:
            scanner.close()

"""A scanner through Windows Image Acquisition (WIA 2.0 automation), with PyPI ``pywin32``.

Optional and Windows only: ``pip install clerk[wia]``. Most TWAIN scanners sold for
offices also ship a WIA driver, so WIA is the one Windows path here. NOT tested on this
project's Linux machines (see docs/scanning.md); it follows the WIA automation layer's
documented objects: DeviceManager → DeviceInfo.Connect() → Item.Transfer(format).
"""

from __future__ import annotations

from collections.abc import Iterator

from clerk.plugin_api import Capture, SourceError, decode_image_bytes

WIA_FORMAT_PNG = "{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}"
WIA_ERROR_PAPER_EMPTY = -2145320957  # 0x80210003: the feeder has no more sheets


class WiaScanner:
    """``PageSource`` over the first (or the named) WIA scanner."""

    def __init__(self, device: str = "", feeder: bool = False) -> None:
        self.device = device
        self.feeder = feeder
        self.title = f"扫描仪 {device or '（WIA 默认）'}"

    def pages(self) -> Iterator[Capture]:
        try:
            import win32com.client
            from pywintypes import com_error
        except ImportError as exc:
            raise SourceError(
                "本机未安装 WIA 扫描支持（clerk[wia]），请联系信息技术人员。", repr(exc)
            ) from exc
        manager = win32com.client.Dispatch("WIA.DeviceManager")
        infos = [manager.DeviceInfos.Item(i + 1) for i in range(manager.DeviceInfos.Count)]
        chosen = [i for i in infos if not self.device or i.Properties("Name").Value == self.device]
        if not chosen:
            raise SourceError("没有找到扫描仪，请检查连接和电源。", f"WIA devices: {len(infos)}")
        device = chosen[0].Connect()
        index = 0
        while True:
            try:
                image = device.Items(1).Transfer(WIA_FORMAT_PNG)
            except com_error as exc:
                if self.feeder and index and exc.hresult == WIA_ERROR_PAPER_EMPTY:
                    return
                raise SourceError(
                    "扫描过程中出错（卡纸、无纸或断开），已扫描的页面不受影响。", repr(exc)
                ) from exc
            index += 1
            data = bytes(image.FileData.BinaryData)
            yield Capture(
                decode_image_bytes(data, "扫描图像"), f"wia:{self.device}#{index}", on_desk=False
            )
            if not self.feeder:
                return

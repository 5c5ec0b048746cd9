"""The page pipeline: find the page, check quality, read codes, identify the material (no Qt).

``clerk.scanning.decode_codes(image)`` reads every barcode and QR code on a BGR image
(see ``clerk.scanning.codes``); it is loaded on first use, so importing a light module
such as ``clerk.scanning.sources`` does not load the decoder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clerk.scanning.codes import Code, decode_codes

__all__ = ["Code", "decode_codes"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from clerk.scanning import codes

        return getattr(codes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

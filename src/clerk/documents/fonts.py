"""The embedded fonts and the text cleaning that keeps any applicant's data printable.

Two TrueType (glyf) faces are shipped in ``resources/fonts`` and embedded as subsets, so a
PDF prints the same on a printer or a machine without Chinese fonts:

- ``SERIF``: Noto Serif SC Regular (OFL-1.1), a 宋体-like face for the body of official text;
- ``SANS``: WenQuanYi Micro Hei (Apache-2.0), a 黑体-like face for titles, headings and the
  thermal ticket, where thin serifs print poorly.

A character neither face has (emoji, most rare characters beyond the BMP) is printed as
``PLACEHOLDER`` (〓, the typesetter's mark for a missing character) so that a line never
breaks or shows a blank box.
"""

from __future__ import annotations

import threading
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from clerk.domain.errors import ClerkError
from clerk.paths import resource

SERIF = "ClerkSerif"
SANS = "ClerkSans"
PLACEHOLDER = "〓"
IDEOGRAPHIC_SPACE = "\u00a0" * 4

_FILES = {
    SERIF: ("NotoSerifSC-Regular.ttf", 0),
    SANS: ("wqy-microhei.ttc", 0),
}
_lock = threading.Lock()
_glyphs: dict[str, frozenset[int]] = {}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    # ReportLab 4/5 writes the ToUnicode code of a character beyond the BMP as five hex
    # digits (makeToUnicodeCMap, "<%04X>"), so text extraction and search get another
    # character. PDF wants UTF-16BE there, i.e. a surrogate pair.
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(code)}>" for i, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def preload() -> None:
    """Load and register both fonts (about 0.2 s); call once at start-up off the GUI thread."""
    with _lock:
        for name, (file_name, index) in _FILES.items():
            if name in _glyphs:
                continue
            path = resource("fonts", file_name)
            try:
                font = TTFont(name, str(path), subfontIndex=index)
            except (OSError, ttfonts.TTFError) as exc:
                raise ClerkError(
                    f"打印字体文件 {file_name} 缺失或已损坏，请重新安装本程序。", str(exc)
                ) from exc
            _keep_glyph_table(font.face)
            pdfmetrics.registerFont(font)
            _glyphs[name] = frozenset(font.face.charToGlyph)


def _keep_glyph_table(face: ttfonts.TTFontFile) -> None:
    """Subsetting reads the whole 'glyf' table (14 MB for the serif) for every document:
    copy it out of the font file once and hand out that copy."""
    glyf = face.get_table("glyf")
    read = face.get_table
    face.get_table = lambda tag: glyf if tag == "glyf" else read(tag)


def glyphs(font: str) -> frozenset[int]:
    if font not in _glyphs:
        preload()
    return _glyphs[font]


def printable(text: str, font: str = SERIF) -> str:
    """``text`` with control characters dropped and characters without a glyph replaced.

    Line breaks are kept; variation selectors and zero-width joiners (parts of an emoji
    sequence) are dropped so that one emoji gives one placeholder.
    """
    have = glyphs(font)
    out: list[str] = []
    joined = False  # the previous character was a zero-width joiner
    for ch in text:
        code = ord(ch)
        continues = joined or _emoji_tail(code)
        joined = ch == "\u200d"
        if ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf") or 0xFE00 <= code <= 0xFE0F:
            continue
        elif code in have:
            out.append(ch)
        elif not (continues and out and out[-1] == PLACEHOLDER):
            out.append(PLACEHOLDER)
    return "".join(out)


def _emoji_tail(code: int) -> bool:
    # Skin-tone modifiers and tag characters (subdivision flags)
    # continue the emoji before them.
    return 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def markup(text: str, font: str = SERIF) -> str:
    """Plain text made safe for a ReportLab Paragraph: cleaned, escaped, breaks kept.

    ReportLab collapses runs of whitespace, the ideographic space (U+3000) included, so the
    blanks of a form ("年　　月　　日") become no-break spaces of about the same width.
    """
    text = escape(printable(text, font)).replace("\n", "<br/>").replace("\t", " ")
    return text.replace("\u3000", IDEOGRAPHIC_SPACE)

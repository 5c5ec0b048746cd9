"""Frozen on Linux, the programs clerk starts run with the host's libraries, not the bundled ones.

PyInstaller's bootloader puts the bundled folder in LD_LIBRARY_PATH for this process, and
children inherit it: CUPS's ``lp`` and ``lpstat``, and the speech-dispatcher that
libspeechd starts for the hall display's speech, would load the bundled libcups, GnuTLS,
GLib… whose versions need not be those the host's programs were built against (the
AppImage runs on other distributions than the one it was built on). The dynamic loader of
this process read the variable when it started, so putting back the original value (the
bootloader keeps it in LD_LIBRARY_PATH_ORIG) changes nothing for clerk itself.
"""

import os
import sys

if sys.platform.startswith("linux"):
    _original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if _original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = _original

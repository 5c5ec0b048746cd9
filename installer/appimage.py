"""The Linux AppImage: an AppDir around the frozen folder, its squashfs image, the runtime.

An AppImage is the AppImage runtime (a small static ELF program) followed by a squashfs
image of the AppDir. The runtime cannot be downloaded on the build machines here, so
``assemble`` takes it as a file and refuses any file whose SHA-256 is not the pinned one
(the release workflow downloads exactly that file). The AppDir and the squashfs image
are built and checked everywhere.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from installer.icons import SVG, render_png

HERE = Path(__file__).parent / "linux"
APP_ID = "io.clerk.Clerk"
# AppImage type2-runtime, release 20251108, file runtime-x86_64 (944,632 bytes).
RUNTIME_URL = "https://github.com/AppImage/type2-runtime/releases/download/20251108/runtime-x86_64"
RUNTIME_SHA256 = "2fca8b443c92510f1483a883f60061ad09b46b978b2631c807cd873a47ec260d"
# The type2 runtime mounts zstd- or gzip-compressed images; zstd unpacks faster at start.
SQUASHFS_OPTIONS = ["-comp", "zstd", "-root-owned", "-noappend", "-no-progress", "-quiet"]


def build_appdir(frozen: Path, appdir: Path, version: str) -> Path:
    """AppRun, desktop file, icons and AppStream metadata around a copy of ``frozen``."""
    if appdir.exists():
        shutil.rmtree(appdir)
    shutil.copytree(frozen, appdir / "usr" / "lib" / "clerk", symlinks=True)
    shutil.copy2(HERE / "AppRun", appdir / "AppRun")
    desktop = f"{APP_ID}.desktop"
    shutil.copy2(HERE / desktop, appdir / desktop)
    applications = appdir / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(HERE / desktop, applications / desktop)
    icons = appdir / "usr" / "share" / "icons" / "hicolor"
    render_png(icons / "256x256" / "apps" / "clerk.png", 256)
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(SVG, icons / "scalable" / "apps" / "clerk.svg")
    shutil.copy2(icons / "256x256" / "apps" / "clerk.png", appdir / "clerk.png")
    (appdir / ".DirIcon").symlink_to("clerk.png")
    metainfo = appdir / "usr" / "share" / "metainfo" / f"{APP_ID}.metainfo.xml"
    metainfo.parent.mkdir(parents=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible builds set it
    built = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    text = (HERE / metainfo.name).read_text(encoding="utf-8")
    metainfo.write_text(
        text.replace("@VERSION@", version).replace("@DATE@", built.date().isoformat()),
        encoding="utf-8",
    )
    return appdir


def build_squashfs(appdir: Path, image: Path) -> Path:
    image.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mksquashfs", str(appdir), str(image), *SQUASHFS_OPTIONS], check=True)
    return image


def extract_squashfs(image: Path, dest: Path) -> Path:
    """Unpack an image (what the runtime mounts) to check what is inside."""
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(
        ["unsquashfs", "-no-progress", "-quiet", "-d", str(dest), str(image)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return dest


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble(runtime: Path, image: Path, out: Path, pinned: str = RUNTIME_SHA256) -> Path:
    """runtime + squashfs = the AppImage; a runtime that is not the pinned file is refused."""
    found = sha256(runtime)
    if found != pinned:
        raise ValueError(
            f"{runtime} is not the pinned AppImage runtime: SHA-256 {found}, expected {pinned}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        for part in (runtime, image):
            with part.open("rb") as src:
                shutil.copyfileobj(src, fh)
    out.chmod(0o755)
    return out

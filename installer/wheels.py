"""Lean wheels of OpenCV and NumPy for the packages, built from their pinned sources.

    .venv/bin/python -m installer.wheels [--out out/wheels] [--sources DIR] [--jobs 2]
    python installer/wheels.py --constraints    (the pins, for pip install -c)

The PyPI wheels carry far more than clerk uses, and PyInstaller has to take all of it:
opencv-python-headless's one cv2 library (74 MB) holds every OpenCV module (DNN,
object detection, stitching, photo …) and links OpenBLAS with gfortran (42 MB) and
FFmpeg with its codecs (38 MB); NumPy links its own OpenBLAS (28 MB) for linear algebra
clerk never does. Built here from the same releases' sources:

- **OpenCV** with only the modules clerk's code calls (core, imgproc, imgcodecs, videoio,
  features, flann, geometry, and the Python bindings), statically linked into one cv2
  library; image codecs PNG, JPEG, TIFF (and BMP, built in), each built from OpenCV's own
  copy; cameras through V4L2 (Linux) or Media Foundation and DirectShow (Windows), image
  sequences and OpenCV's own MJPEG reader and writer; no FFmpeg or GStreamer, no LAPACK or
  OpenBLAS, no OpenCL, no IPP, no GUI. Baseline SSE3 with SSE4.1 and AVX2 paths chosen at
  run time.
- **NumPy** with no BLAS and no LAPACK (``-Dblas=none -Dlapack=none``): its own loops do
  the little matrix arithmetic clerk does with it; and its run-time CPU paths only up to
  AVX2 (``-Dcpu-dispatch=X86_V3``: no AVX-512 copies of every sort and loop).

Each source archive is checked against its pinned SHA-256 (``--sources`` is searched
first, then it is downloaded from PyPI's file host). The versions are the ones the
project's virtualenv has, so the lean wheels replace the PyPI ones one for one; the
OpenCV wheel is versioned ``5.0.0.93+clerk.lean``. ``installer.build --wheels DIR`` freezes
with them.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import importlib.metadata
import io
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = sys.platform == "win32"


@dataclass(frozen=True)
class Source:
    name: str  # distribution name
    version: str
    url: str
    sha256: str

    @property
    def filename(self) -> str:
        return self.url.rsplit("/", 1)[1]


OPENCV = Source(
    "opencv-python-headless",
    "5.0.0.93",
    "https://files.pythonhosted.org/packages/1d/99/76b7c80252aa83c1af16393454aafd125a0287101afe8deb0a6821af0e30/opencv_python_headless-5.0.0.93.tar.gz",
    "b82f9831daab90b725c7c1ee1b36cb5732c367096ac76d119e64e14eb70d5f3c",
)
NUMPY = Source(
    "numpy",
    "2.4.6",
    "https://files.pythonhosted.org/packages/d0/ad/fed0499ce6a338d2a03ebae59cd15093910c8875328855781952abf6c2fe/numpy-2.4.6.tar.gz",
    "f3a3570c4a2a16746ac2c31a7c7c7b0c186b95ce902e33db6f28094ed7387dda",
)
LOCAL_VERSION = "clerk.lean"

# The OpenCV modules clerk calls (grep cv2. in src/ and scanners/): features holds ORB
# and the FLANN matcher, geometry estimateAffinePartial2D; the rest follow from these.
OPENCV_MODULES = ["core", "imgproc", "imgcodecs", "videoio", "features", "flann", "geometry"]
OPENCV_OFF = [
    # video and cameras: only the system's camera API, image sequences and OpenCV's MJPEG
    "FFMPEG", "GSTREAMER", "1394", "OBSENSOR", "VA", "VA_INTEL",
    # maths libraries and accelerators clerk's calls do not need
    "LAPACK", "EIGEN", "IPP", "ITT", "OPENCL", "CUDA", "TBB", "OPENMP",
    "PROTOBUF", "QUIRC", "ADE", "FLATBUFFERS",
    # no GUI (highgui is not built)
    "GTK", "QT", "OPENGL", "VTK", "WIN32UI",
    # image formats scans never come in
    "WEBP", "OPENJPEG", "JASPER", "OPENEXR", "AVIF", "JPEGXL", "GDAL", "GDCM", "SPNG",
    "IMGCODEC_HDR", "IMGCODEC_SUNRASTER", "IMGCODEC_PXM", "IMGCODEC_PFM", "IMGCODEC_GIF",
]  # fmt: skip
OPENCV_ON = ["PNG", "JPEG", "TIFF"] + (["MSMF", "DSHOW"] if WINDOWS else ["V4L"])


def fetch(source: Source, sources: Path) -> Path:
    """The source archive, from ``sources`` or downloaded there, checked against its SHA-256."""
    path = sources / source.filename
    if not path.exists():
        sources.mkdir(parents=True, exist_ok=True)
        print(f"downloading {source.url}", flush=True)
        with urllib.request.urlopen(source.url) as response, open(f"{path}.part", "wb") as file:
            shutil.copyfileobj(response, file)
        os.replace(f"{path}.part", path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != source.sha256:
        raise SystemExit(f"{path}: SHA-256 {digest}, expected {source.sha256} (pinned)")
    return path


def check_installed(source: Source) -> None:
    """The lean wheel must be the same release as the virtualenv's, or the freeze mixes them."""
    installed = importlib.metadata.version(source.name).split("+")[0]
    if installed != source.version:
        raise SystemExit(
            f"{source.name} {installed} is installed but {source.version} is pinned in"
            " installer/wheels.py: pin the new release (URL and SHA-256) there"
        )


def python_paths() -> list[str]:
    """The CMake arguments that name this interpreter, its headers and its library."""
    include = sysconfig.get_paths()["include"]
    if WINDOWS:
        version = f"{sys.version_info.major}{sys.version_info.minor}"
        library = Path(sys.base_prefix) / "libs" / f"python{version}.lib"
    else:
        library = Path(sysconfig.get_config_var("LIBDIR")) / sysconfig.get_config_var("LDLIBRARY")
    return [
        f"-DPYTHON3_EXECUTABLE={sys.executable}",
        f"-DPYTHON3_INCLUDE_DIR={include}",
        f"-DPYTHON3_LIBRARY={library}",
    ]


def opencv_cmake_args(prefix: Path) -> list[str]:
    modules = ",".join([*OPENCV_MODULES, "python3", "python_bindings_generator"])
    return [
        "-G", "Ninja",
        "-DCMAKE_BUILD_TYPE=Release",
        f"-DCMAKE_INSTALL_PREFIX={prefix}",
        f"-DBUILD_LIST={modules}",
        "-DBUILD_SHARED_LIBS=OFF",
        "-DBUILD_opencv_python3=ON",
        "-DBUILD_opencv_python2=OFF",
        "-DPYTHON3_LIMITED_API=ON",
        *python_paths(),
        "-DOPENCV_PYTHON3_INSTALL_PATH=python",
        "-DOPENCV_SKIP_PYTHON_LOADER=OFF",
        "-DBUILD_TESTS=OFF", "-DBUILD_PERF_TESTS=OFF", "-DBUILD_DOCS=OFF",
        "-DBUILD_EXAMPLES=OFF", "-DBUILD_opencv_apps=OFF", "-DBUILD_JAVA=OFF",
        "-DVIDEOIO_ENABLE_PLUGINS=OFF",
        *[f"-DWITH_{name}=OFF" for name in OPENCV_OFF],
        *[f"-DWITH_{name}=ON" for name in OPENCV_ON],
        # Every codec from OpenCV's own copy, linked in: nothing of the build machine's.
        "-DBUILD_ZLIB=ON", "-DBUILD_PNG=ON", "-DBUILD_JPEG=ON", "-DBUILD_TIFF=ON",
        "-DCPU_BASELINE=SSE3",
        "-DCPU_DISPATCH=SSE4_1;AVX2",
        "-DENABLE_PRECOMPILED_HEADERS=OFF",
        "-DOPENCV_GENERATE_PKGCONFIG=OFF",
        "-DENABLE_CCACHE=OFF",
    ]  # fmt: skip


def unpack(archive: Path, into: Path) -> Path:
    """The archive's top folder under ``into`` (unpacked once)."""
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        if not (into / top).is_dir():
            tar.extractall(into, filter="data")
    return into / top


def build_opencv(archive: Path, work: Path, out: Path, jobs: int) -> Path:
    tree = unpack(archive, work) / "opencv"
    build, prefix = work / "opencv-build", work / "opencv-install"
    subprocess.run(
        ["cmake", "-S", str(tree), "-B", str(build), *opencv_cmake_args(prefix)], check=True
    )
    # --config: the Visual Studio generator builds several configurations (ignored elsewhere).
    release = ["--config", "Release"]
    subprocess.run(["cmake", "--build", str(build), *release, "--parallel", str(jobs)], check=True)
    if prefix.exists():
        shutil.rmtree(prefix)
    subprocess.run(
        ["cmake", "--install", str(build), *release, "--strip"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return opencv_wheel(prefix / "python" / "cv2", archive, out)


# The loader configuration of the PyPI wheel's layout: the extension beside __init__.py,
# no shared OpenCV libraries (everything is linked into the extension).
CONFIG = "import os\n\nBINARIES_PATHS = [] + BINARIES_PATHS\n"
CONFIG_3 = "PYTHON_EXTENSIONS_PATHS = [\n    LOADER_DIR\n] + PYTHON_EXTENSIONS_PATHS\n"


def opencv_wheel(loader: Path, archive: Path, out: Path) -> Path:
    """The installed cv2 package laid out like the PyPI wheel's, as a wheel."""
    (extension,) = loader.glob("python-3*/cv2*")
    files: dict[str, bytes] = {}
    for path in sorted(loader.rglob("*")):
        relative = path.relative_to(loader).as_posix()
        # The extension moves up beside __init__.py; the configuration is rewritten below.
        skipped = relative.startswith(("python-3", "config")) or "__pycache__" in relative
        if path.is_file() and not skipped:
            files[f"cv2/{relative}"] = path.read_bytes()
    files[f"cv2/{extension.name}"] = extension.read_bytes()
    files["cv2/config.py"] = CONFIG.encode()
    files["cv2/config-3.py"] = CONFIG_3.encode()
    version = f"{OPENCV.version}+{LOCAL_VERSION}"
    files["cv2/version.py"] = (
        f'opencv_version = "{OPENCV.version.rsplit(".", 1)[0]}"\ncontrib = False\n'
        f"headless = True\nrolling = False\nci_build = False\n"
    ).encode()
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        for name in ("LICENSE.txt", "LICENSE-3RD-PARTY.txt"):
            member = tar.extractfile(f"{top}/{name}")
            if member:
                files[f"cv2/{name}"] = member.read()
    tag = "cp311-abi3-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return write_wheel(out, "opencv_python_headless", version, tag, files)


def write_wheel(out: Path, name: str, version: str, tag: str, files: dict[str, bytes]) -> Path:
    info = f"{name}-{version}.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: {version}\n"
        "Summary: OpenCV's Python bindings, only the modules clerk uses (installer/wheels.py)\n"
        "License: Apache 2.0\nRequires-Dist: numpy>=2\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: clerk installer.wheels\nRoot-Is-Purelib: false\nTag: {tag}\n"
    ).encode()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([path, f"sha256={digest}", len(data)])
    writer.writerow([f"{info}/RECORD", "", ""])
    files[f"{info}/RECORD"] = record.getvalue().encode()
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            entry = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            entry.external_attr = (0o755 if path.endswith((".so", ".pyd")) else 0o644) << 16
            archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return wheel


def build_numpy(archive: Path, out: Path, jobs: int) -> Path:
    """NumPy's own build (meson-python), with no BLAS and no LAPACK."""
    for old in out.glob("numpy-*.whl"):
        old.unlink()
    subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(archive),
            "-Csetup-args=-Dblas=none", "-Csetup-args=-Dlapack=none",
            "-Csetup-args=-Dallow-noblas=true", "-Csetup-args=-Dcpu-dispatch=X86_V3",
            f"-Ccompile-args=-j{jobs}",
        ],
        check=True,
    )  # fmt: skip
    (wheel,) = out.glob("numpy-*.whl")
    return wheel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "wheels")
    parser.add_argument("--sources", type=Path, default=ROOT / "out" / "sources")
    parser.add_argument("--work", type=Path, default=ROOT / "out" / "wheels-build")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", choices=["opencv", "numpy"], help="build only this one")
    parser.add_argument(
        "--constraints", action="store_true", help="print the pins as pip constraints, and stop"
    )
    args = parser.parse_args(argv)
    if args.constraints:
        print("\n".join(f"{source.name}=={source.version}" for source in (OPENCV, NUMPY)))
        return 0
    out, work = args.out.resolve(), args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    for source in (OPENCV, NUMPY):
        check_installed(source)
    if args.only in (None, "opencv"):
        wheel = build_opencv(fetch(OPENCV, args.sources), work, out, args.jobs)
        print(f"built {wheel} ({wheel.stat().st_size / 1e6:.1f} MB)")
    if args.only in (None, "numpy"):
        wheel = build_numpy(fetch(NUMPY, args.sources), out, args.jobs)
        print(f"built {wheel} ({wheel.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Render resources/icons/netcare.svg to the PNG sizes the desktop needs.

Run with: QT_QPA_PLATFORM=offscreen python resources/make_icons.py
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - rendering needs an application
    here = Path(__file__).resolve().parent / "icons"
    renderer = QSvgRenderer(str(here / "netcare.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(here / f"netcare-{size}.png"))
        print(f"netcare-{size}.png")
    try:  # Windows .ico and macOS .icns need Pillow (the dev extra)
        from PIL import Image
    except ImportError:
        print("Pillow not installed: netcare.ico and netcare.icns left as they are")
        return
    big = Image.open(here / "netcare-512.png")
    big.save(here / "netcare.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(here / "netcare.icns")
    print("netcare.ico netcare.icns")


if __name__ == "__main__":
    main()

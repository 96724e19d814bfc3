"""The application's icon, from resources/icons."""

from __future__ import annotations

from PySide6.QtGui import QIcon


def app_icon(sizes: tuple[int, ...] = (16, 24, 32, 48, 64, 128)) -> QIcon:
    """The app icon from resources/icons.

    Window icons stop at 128 px: on X11 every size is decoded and sent to the
    window manager, and 256/512 px cost ~10 ms of start-up for nothing (the
    desktop entry's hicolor icons cover the large sizes).
    """
    from netcare_desktop.paths import resources_dir

    icon = QIcon()
    icons = resources_dir() / "icons"
    for size in sizes:
        png = icons / f"netcare-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    return icon

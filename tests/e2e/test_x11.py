"""The real GUI on a real X server (xcb), as a person launching NetCare gets it."""

import os
import subprocess
import sys


def test_self_test_on_a_real_x_server(xserver, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NETCARE_DATA_DIR", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=xserver, QT_QPA_PLATFORM="xcb")
    r = subprocess.run(
        [sys.executable, "-m", "netcare_desktop", "--data-dir", str(tmp_path / "d"), "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "self-test ok (platform xcb;" in r.stdout
    assert (tmp_path / "d" / "netcare.db").exists()

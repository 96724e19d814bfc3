"""The installer recipes compile and validate here, even those that only run elsewhere."""

import subprocess

from pkg_helpers import ROOT, require_tool

from netcare_desktop import __version__


def test_desktop_entry_is_valid_and_opens_contact_files():
    tool = require_tool("desktop-file-validate")
    entry = ROOT / "resources" / "netcare.desktop"
    r = subprocess.run([tool, str(entry)], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "", r.stdout + r.stderr
    text = entry.read_text()
    assert "Exec=netcare %F" in text
    # vCards open in NetCare; CSV does not (a bank statement is a CSV too): issue 14.
    mime = next(line for line in text.splitlines() if line.startswith("MimeType="))
    assert mime.removeprefix("MimeType=").split(";") == ["text/vcard", "text/x-vcard", ""]
    assert "text/csv" not in text
    assert "Icon=netcare" in text


def test_nsis_script_compiles_to_a_windows_installer(tmp_path):
    makensis = require_tool("makensis")
    payload = tmp_path / "netcare"
    (payload / "_internal").mkdir(parents=True)
    (payload / "netcare.exe").write_bytes(b"MZ stand-in for the frozen app")
    (payload / "_internal" / "python311.dll").write_bytes(b"stand-in")
    out = tmp_path / f"NetCare-{__version__}-setup.exe"
    r = subprocess.run(
        [
            makensis,
            "-V2",
            f"-DVERSION={__version__}",
            f"-DSRCDIR={payload}",
            f"-DOUTFILE={out}",
            str(ROOT / "packaging" / "windows" / "netcare.nsi"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    data = out.read_bytes()
    assert data[:2] == b"MZ"
    assert b"PE\x00\x00d\x86" in data[:4096]  # a 64-bit (amd64) Windows executable


def test_icons_exist_for_every_platform():
    icons = ROOT / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (icons / f"netcare-{size}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (icons / "netcare.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "netcare.icns").read_bytes()[:4] == b"icns"
    assert b"<svg" in (icons / "netcare.svg").read_bytes()

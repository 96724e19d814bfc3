"""PyInstaller entry point: the same main() as the `netcare` console script."""

import sys

from netcare_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""The frozen application's entry point (PyInstaller runs this file as __main__)."""

import multiprocessing
import sys

from llamadesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless unless a library starts worker processes
    sys.exit(main())

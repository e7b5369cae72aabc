"""Entry point of the frozen program (PyInstaller): the same ``counter-app`` command as the installed script."""

import multiprocessing
import sys

from counter_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())

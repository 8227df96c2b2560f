import sys

from .cli import main

# Guarded: PDFs are made in spawned processes, which import the main module again.
if __name__ == "__main__":
    sys.exit(main())

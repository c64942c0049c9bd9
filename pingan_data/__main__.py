"""``python -m pingan_data``: the same command line as ``pingan-data``."""

import sys

from pingan_data.cli import main

sys.exit(main())

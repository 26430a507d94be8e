"""Allow ``python -m usjapan_edu``."""

import sys

from usjapan_edu.cli import main

sys.exit(main())

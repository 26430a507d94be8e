"""``python -m usjapan_edu.instructor COMMAND``: the instructor commands on their own."""

import sys

from usjapan_edu.instructor.cli import main

sys.exit(main())

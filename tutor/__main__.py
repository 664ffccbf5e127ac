"""`python -m tutor` is `dltutor`."""

import sys

from tutor.cli import main

sys.exit(main())

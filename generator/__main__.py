"""`python -m generator` runs the `digest` command."""

import sys

from generator.cli import main

sys.exit(main())

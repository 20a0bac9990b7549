"""`python -m lenet_gui` is the same as the `lenet-gui` command."""

import sys

from lenet_gui.cli import main

sys.exit(main())

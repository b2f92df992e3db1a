"""``python -m backchannel.cli``."""

from . import main

main()

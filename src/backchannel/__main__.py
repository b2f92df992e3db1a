"""``python -m backchannel`` is the CLI."""

from .cli import main

main()

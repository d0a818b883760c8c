"""``python -m microjob``: the command line."""

from microjob.cli import main

raise SystemExit(main())

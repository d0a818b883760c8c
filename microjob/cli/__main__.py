"""``python -m microjob.cli``: the same as ``microjob`` and ``python -m microjob``."""

from microjob.cli import main

raise SystemExit(main())

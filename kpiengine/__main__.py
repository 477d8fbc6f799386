"""``python -m kpiengine`` runs the ``kpi`` command line."""

import sys

from kpiengine.cli.main import main

sys.exit(main())

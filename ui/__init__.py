"""The web workspace over :class:`rag.Assistant` (``policyqa serve``).

Import :mod:`ui.app` for :func:`~ui.app.serve` and :func:`~ui.app.build_app`;
:mod:`ui.render` holds the pure HTML and export helpers.
"""

import os

# No calls home: set before ui.app imports Gradio (the app also passes analytics_enabled=False).
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

"""A short load test of the public /ask endpoint: concurrent users get their own answers, and no errors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _load_module():
    name = "policyqa_eval_load"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "eval" / "load.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.mark.parametrize("protocol", ["api", "queue", "call"])
def test_concurrent_users_get_their_own_answers(protocol, seed_e5_dirs):
    load = _load_module()
    result = load.main(["--users", "8", "--seconds", "3", "--protocol", protocol, "--timeout", "60",
                        "--index", str(seed_e5_dirs / "index")])
    assert result["answers"] > 0
    assert result["errors"] == 0
    assert result["leaks"] == 0


def test_ask_endpoint_is_the_api_function(tmp_path, hash_embedder):
    """The chat's private `ask` event must not take the name /ask from the public endpoint."""
    import shutil

    from rag.assistant import Assistant
    from ui.app import build_app
    from ui.server import ServerContext

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    a = Assistant.open(tmp_path / "corpus", tmp_path / "index", embedder=hash_embedder)
    app = build_app(a, ServerContext.from_env(tmp_path / "data", {"POLICYQA_ADMIN_FILE": str(tmp_path / "none")}))
    named = [fn for fn in app.fns.values() if fn.api_name == "ask"]
    assert len(named) == 1 and named[0].api_visibility == "public"
    assert named[0].fn("第26项谁牵头")["citations"][0]["task"] == 26
    assert set(named[0].fn("")) == {"question", "error"}
    assert set(named[0].fn(None)) == {"question", "error"}

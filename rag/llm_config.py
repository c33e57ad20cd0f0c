"""Where and how the optional chat model is called: ``LLMConfig`` from ``POLICYQA_LLM_*`` and the CLI flags.

Kept apart from :mod:`rag.llm` so that reading the settings (every ``policyqa ask`` does, to know whether
generative mode is on) costs nothing when no model is configured.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .errors import PolicyQAError

ENV = {"base_url": "POLICYQA_LLM_BASE_URL", "model": "POLICYQA_LLM_MODEL",
       "api_key": "POLICYQA_LLM_API_KEY", "timeout": "POLICYQA_LLM_TIMEOUT"}
MAX_TIMEOUT = 600.0


class LLMConfigError(PolicyQAError, ValueError):
    """The generative-mode settings are unusable; the message names the setting."""


@dataclass(frozen=True)
class LLMConfig:
    """Where and how to call the chat model.

    >>> LLMConfig("http://127.0.0.1:8080/v1").timeout
    30.0
    >>> LLMConfig("ftp://x")
    Traceback (most recent call last):
    ...
    rag.llm_config.LLMConfigError: LLM base URL must be an http(s) URL such as http://127.0.0.1:8080/v1, got 'ftp://x'
    """

    base_url: str
    model: str = "default"  # servers that host one model (llama.cpp) ignore it
    api_key: str = ""
    timeout: float = 30.0  # seconds, for the whole request including generation
    max_tokens: int = 300  # a concise answer of up to four sentences
    temperature: float = 0.0
    max_records: int = 5  # task records shown to the model
    max_record_chars: int = 800  # per record text; longer texts are cut

    def __post_init__(self):
        u = urlparse(self.base_url)
        if u.scheme not in ("http", "https") or not u.netloc:
            raise LLMConfigError(f"LLM base URL must be an http(s) URL such as http://127.0.0.1:8080/v1, got {self.base_url!r}")
        if not self.model.strip():
            raise LLMConfigError("LLM model name is empty; set POLICYQA_LLM_MODEL or --llm-model")
        if not 0 < self.timeout <= MAX_TIMEOUT:
            raise LLMConfigError(f"LLM timeout must be between 0 and {MAX_TIMEOUT:g} seconds, got {self.timeout:g}")
        if self.max_tokens < 1 or self.max_records < 1 or self.max_record_chars < 50:
            raise LLMConfigError("max_tokens and max_records must be ≥ 1 and max_record_chars ≥ 50")
        if not 0 <= self.temperature <= 2:
            raise LLMConfigError(f"temperature must be in [0, 2], got {self.temperature}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, base_url: str | None = None, model: str | None = None,
                 api_key: str | None = None, timeout: float | str | None = None) -> LLMConfig | None:
        """Settings from ``POLICYQA_LLM_*``, each overridden by a non-None argument (a CLI flag).

        Returns None when no base URL is set: generative mode is off.

        >>> LLMConfig.from_env({}) is None
        True
        >>> LLMConfig.from_env({"POLICYQA_LLM_BASE_URL": "http://h:1/v1", "POLICYQA_LLM_TIMEOUT": "5"}, model="m")
        LLMConfig(base_url='http://h:1/v1', model='m', api_key='***', timeout=5.0, ...)
        """
        env = os.environ if env is None else env

        def pick(name: str, flag):
            value = flag if flag is not None else env.get(ENV[name])
            return value.strip() if isinstance(value, str) else value

        url = pick("base_url", base_url)
        if not url:
            return None
        raw_timeout = pick("timeout", timeout)
        kwargs: dict[str, Any] = {"base_url": url}
        if raw_timeout not in (None, ""):
            try:
                kwargs["timeout"] = float(raw_timeout)
            except (TypeError, ValueError):
                raise LLMConfigError(f"{ENV['timeout']} / --llm-timeout must be a number of seconds, got {raw_timeout!r}") from None
        if pick("model", model):
            kwargs["model"] = pick("model", model)
        if pick("api_key", api_key):
            kwargs["api_key"] = pick("api_key", api_key)
        return cls(**kwargs)

    def __repr__(self) -> str:  # never print the key
        return (f"LLMConfig(base_url={self.base_url!r}, model={self.model!r}, api_key='***', "
                f"timeout={self.timeout}, ...)")

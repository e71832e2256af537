"""Vega-Lite specs checked against the Vega-Lite JSON schema (the one Altair ships), in tests
only: the app builds its specs as dicts and never validates them on a rerun."""

from __future__ import annotations

import json

import jsonschema
from altair.vegalite.v6.schema import load_schema

_VALIDATOR = jsonschema.Draft7Validator(load_schema())


def validation_errors(spec: dict) -> list[str]:
    """What the Vega-Lite JSON schema finds wrong with a spec."""
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:200]}"
            for e in _VALIDATOR.iter_errors(json.loads(json.dumps(spec)))]

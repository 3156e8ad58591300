"""A synthetic research field with planted roles: a demo corpus and ground truth for evaluation.

>>> from mentalmap.synthetic import generate_field
>>> field = generate_field(500, seed=1)
>>> sorted(set(field.truth.role)) == sorted(ROLES)
True
"""

from __future__ import annotations

from pathlib import Path

from mentalmap.synthetic.field import Field
from mentalmap.synthetic.generator import GrowthParams, default_topics, generate_field
from mentalmap.synthetic.roles import INTENTS, ROLES
from mentalmap.synthetic.text import TOPIC_NAMES

#: The example field shipped with the package (600 papers, seed 7); see data/README.md.
EXAMPLE_PATH = Path(__file__).with_name("example") / "example-field.npz"
EXAMPLE_SIZE = 600
EXAMPLE_SEED = 7

__all__ = [
    "EXAMPLE_PATH",
    "EXAMPLE_SEED",
    "EXAMPLE_SIZE",
    "Field",
    "GrowthParams",
    "INTENTS",
    "ROLES",
    "TOPIC_NAMES",
    "default_topics",
    "generate_field",
    "load_example_field",
]


def load_example_field() -> Field:
    """The small example field (600 papers, seed 7) stored with the package."""
    return Field.load(EXAMPLE_PATH)

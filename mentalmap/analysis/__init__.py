"""Signals, roles, the reading list and their evaluation, as plain functions of a map.

Every signal takes a :class:`CitationMatrix` (build it once with :func:`citation_matrix`) or a
``(papers, edges)`` tuple and returns a Series indexed by paperId; :func:`analyze` combines them
into the analysis table of docs/api.md.

The names below load on first use (PEP 562): importing one submodule, as ``mentalmap rank``
does, does not import every other (the reading list's, the evaluation's).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name → the submodule that defines it.
_MODULES = {
    "citations_per_year": "citations", "in_map_citations": "citations",
    "rescale_by_age": "citations", "rescaled_citations": "citations",
    "code_links": "code", "find_code_url": "code",
    "cocitation_with_seeds": "coupling", "coupling_with_seeds": "coupling",
    "derivative_score": "coupling", "prior_score": "coupling",
    "cd_index": "disruption", "cd_nok": "disruption", "disruption_counts": "disruption",
    "baseline_roles": "evaluate", "evaluate_roles": "evaluate",
    "influential_share": "intents", "methodology_share": "intents",
    "MainPath": "mainpath", "main_path": "mainpath",
    "CitationMatrix": "matrix", "citation_matrix": "matrix",
    "READING_COLUMNS": "reading", "reading_list": "reading", "to_markdown": "reading",
    "ROLES": "roles", "RoleRules": "roles", "assign_roles": "roles",
    "TABLE_COLUMNS": "table", "analyze": "table", "analyze_matrix": "table",
    "importance": "table",
    "cluster_labels": "topics", "clusters": "topics",
}  # fmt: skip

# Eager: the submodule ``pagerank`` would otherwise shadow the function of the same name once
# any module imported it.
from mentalmap.analysis.pagerank import citerank, pagerank, rescaled_pagerank  # noqa: E402

__all__ = [
    "READING_COLUMNS",
    "ROLES",
    "TABLE_COLUMNS",
    "CitationMatrix",
    "MainPath",
    "RoleRules",
    "analyze",
    "analyze_matrix",
    "assign_roles",
    "baseline_roles",
    "cd_index",
    "cd_nok",
    "citation_matrix",
    "citations_per_year",
    "citerank",
    "cluster_labels",
    "clusters",
    "cocitation_with_seeds",
    "code_links",
    "coupling_with_seeds",
    "derivative_score",
    "disruption_counts",
    "evaluate_roles",
    "find_code_url",
    "importance",
    "in_map_citations",
    "influential_share",
    "main_path",
    "methodology_share",
    "pagerank",
    "prior_score",
    "reading_list",
    "rescale_by_age",
    "rescaled_citations",
    "rescaled_pagerank",
    "to_markdown",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next lookup is a plain global
    return value


def __dir__() -> list[str]:
    return sorted(__all__)  # the public names, loaded or not


if TYPE_CHECKING:  # what type checkers and IDEs see
    from mentalmap.analysis.citations import (
        citations_per_year,
        in_map_citations,
        rescale_by_age,
        rescaled_citations,
    )
    from mentalmap.analysis.code import code_links, find_code_url
    from mentalmap.analysis.coupling import (
        cocitation_with_seeds,
        coupling_with_seeds,
        derivative_score,
        prior_score,
    )
    from mentalmap.analysis.disruption import cd_index, cd_nok, disruption_counts
    from mentalmap.analysis.evaluate import baseline_roles, evaluate_roles
    from mentalmap.analysis.intents import influential_share, methodology_share
    from mentalmap.analysis.mainpath import MainPath, main_path
    from mentalmap.analysis.matrix import CitationMatrix, citation_matrix
    from mentalmap.analysis.reading import READING_COLUMNS, reading_list, to_markdown
    from mentalmap.analysis.roles import ROLES, RoleRules, assign_roles
    from mentalmap.analysis.table import TABLE_COLUMNS, analyze, analyze_matrix, importance
    from mentalmap.analysis.topics import cluster_labels, clusters

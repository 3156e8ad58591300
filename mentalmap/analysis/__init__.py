"""Signals, roles, the reading list and their evaluation, as plain functions of a map.

Every signal takes a :class:`CitationMatrix` (build it once with :func:`citation_matrix`) or a
``(papers, edges)`` tuple and returns a Series indexed by paperId; :func:`analyze` combines them
into the analysis table of docs/api.md.
"""

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
from mentalmap.analysis.pagerank import citerank, pagerank, rescaled_pagerank
from mentalmap.analysis.reading import READING_COLUMNS, reading_list, to_markdown
from mentalmap.analysis.roles import ROLES, RoleRules, assign_roles
from mentalmap.analysis.table import TABLE_COLUMNS, analyze, analyze_matrix, importance
from mentalmap.analysis.topics import cluster_labels, clusters

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

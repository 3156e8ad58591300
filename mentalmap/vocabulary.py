"""Terms the whole package shares, each defined once: the stop words and the frontier's years.

Survey search (a topic's words), BibTeX keys (a title's first word) and topic labels (a title's
telling words) all skip the same function words; only topic labels also skip the words nearly
every AI title carries ("learning", "model", "novel"), which say nothing about a sub-topic.
The frontier is the same span of years for the analysis (``RoleRules``) and for the fields the
generator plants (``FieldParams``), so a planted frontier is what the analysis calls one.
"""

from __future__ import annotations

#: Articles, prepositions, conjunctions, pronouns and auxiliaries.
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "with", "without", "to", "from", "by",
    "via", "at", "as", "into", "over", "under", "toward", "towards", "through", "beyond", "is",
    "are", "be", "can", "do", "does", "not", "we", "our", "its", "it", "this", "that", "their",
    "what", "how", "why", "when", "all", "than", "more", "less", "vs", "versus",
})  # fmt: skip

#: Words common to research titles of any sub-area.
GENERIC_WORDS = frozenset({
    "using", "use", "based", "new", "novel", "approach", "approaches", "method", "methods",
    "study", "analysis", "learning", "model", "models", "network", "networks", "neural", "deep",
    "data", "task", "tasks", "paper", "improved", "improving", "efficient", "large", "scale",
    "large-scale", "one", "two", "three",
})  # fmt: skip

#: What a topic label leaves out of the titles it is made from.
LABEL_STOPWORDS = FUNCTION_WORDS | GENERIC_WORDS

#: The frontier: papers of the map's last this-many publication years that have no other role.
FRONTIER_YEARS = 2


def frontier_start(latest: float, years: int = FRONTIER_YEARS) -> float:
    """The first year of the frontier of a map whose newest paper is from ``latest``.

    >>> frontier_start(2025)
    2024
    """
    return latest - years + 1

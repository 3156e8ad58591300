"""Find links to code (GitHub, GitLab, Hugging Face) in a paper's text."""

from __future__ import annotations

import re

import pandas as pd

from mentalmap.frames import text_column

CODE_URL = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/[\w.\-]+(?:/[\w.\-]+)?",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"(?<![\w/.])(?:github\.com|gitlab\.com|huggingface\.co)/[\w.\-]+(?:/[\w.\-]+)?",
    re.IGNORECASE,
)


def find_code_url(text: object) -> str:
    """The first code-hosting link in ``text`` ("" when none), trailing punctuation removed."""
    if not isinstance(text, str) or not text:
        return ""
    hit = CODE_URL.search(text)
    if hit:
        url = hit.group(0)
    else:
        bare = _BARE.search(text)
        if not bare:
            return ""
        url = "https://" + bare.group(0)
    return url.rstrip(".,;:)")


def code_links(papers: pd.DataFrame) -> pd.DataFrame:
    """``has_code`` and ``code_url`` per paper, from existing columns or links in the abstract.

    Columns ``has_code`` / ``code_url`` already present in ``papers`` (a synthetic field, a links
    file) win; otherwise the abstract (then the title) is searched.
    """
    index = papers.index
    if "code_url" in papers.columns:
        urls = papers["code_url"].fillna("").astype(str).to_numpy()
    else:
        if "abstract" in papers.columns:
            texts = papers["abstract"]
        else:
            texts = pd.Series("", index=papers.index)
        urls = texts.map(find_code_url).to_numpy()
    urls = pd.Series(urls, index=index, dtype=object)
    if "has_code" in papers.columns:
        has = pd.Series(papers["has_code"].fillna(False).astype(bool).to_numpy(), index=index)
        has = has | (urls != "")
    else:
        has = urls != ""
    return pd.DataFrame({"has_code": has.astype(bool), "code_url": text_column(urls, index)})

"""Semantic Scholar: id parsing and the Graph API client."""

from mentalmap.s2.client import DEFAULT_API_URL, ClientSettings, S2Client
from mentalmap.s2.ids import parse_paper_id, parse_paper_ids

__all__ = ["DEFAULT_API_URL", "ClientSettings", "S2Client", "parse_paper_id", "parse_paper_ids"]

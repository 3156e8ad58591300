"""The one exception tree of mentalmap.

Library code raises these; only the CLI turns them into messages and exit codes.
Each class says in one line when it is raised.
"""

from __future__ import annotations


class MentalmapError(Exception):
    """Base of every error mentalmap raises on purpose."""


# --- ids -------------------------------------------------------------------------------------
class InvalidPaperId(MentalmapError, ValueError):
    """A paper id a user typed matches none of the forms Semantic Scholar accepts."""


# --- settings ------------------------------------------------------------------------------
class ConfigError(MentalmapError):
    """A setting from the command line or the environment cannot be used (proxy, certificates)."""


# --- the Semantic Scholar API ----------------------------------------------------------------
class ApiError(MentalmapError):
    """The Semantic Scholar API answered with an error that retrying cannot fix."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PaperNotFound(ApiError):
    """The API answered 404 for a paper id."""

    def __init__(self, paper_id: str, message: str | None = None) -> None:
        super().__init__(message or f"paper {paper_id!r} not found on Semantic Scholar", 404)
        self.paper_id = paper_id


class BadRequest(ApiError):
    """The API answered 400 (bad fields, bad parameter, response too large, past a list cap)."""


class ResponseTooLarge(BadRequest):
    """The API answered 400 because the response would pass its 10 MB cap (s2-api.md §4.2)."""


class AuthError(ApiError):
    """The API answered 403: the API key is wrong, revoked or pruned."""


class RetriesExhausted(ApiError):
    """Rate limits, server errors or network faults outlasted every retry."""


def api_error(status: int, message: str, paper_id: str | None = None) -> ApiError:
    """The precise error for an S2 error status: one mapping for every Source."""
    if status == 404 and paper_id is not None:
        return PaperNotFound(paper_id)
    if status == 400 and "exceed maximum size" in message:
        return ResponseTooLarge(f"Semantic Scholar's answer would be too large: {message}", status)
    if status == 400:
        return BadRequest(f"Semantic Scholar rejected the request: {message}", status)
    if status in (401, 403):
        return AuthError(
            "Semantic Scholar refused the API key (403 Forbidden): check S2_API_KEY or "
            "--api-key, or run without a key (slower)",
            status,
        )
    return ApiError(f"Semantic Scholar answered {status}: {message}", status)


# --- the store -------------------------------------------------------------------------------
class StoreError(MentalmapError):
    """The SQLite store cannot be used."""


class CorruptStore(StoreError):
    """The --db file is not a readable SQLite database, or is damaged inside."""


class ForeignStore(StoreError):
    """The --db file is SQLite but was not made by mentalmap."""


class SchemaTooNew(StoreError):
    """The store was written by a newer mentalmap than this one."""


class StoreNotFound(StoreError):
    """A command that reads a store was pointed at a file that does not exist."""


class StoreBusy(StoreError):
    """Another process is crawling into the same store."""


class ReadOnlyStore(StoreError):
    """A command that writes was pointed at a store on read-only media or an immutable file."""


class StoreNeedsUpgrade(StoreError):
    """A store made by an older mentalmap was opened read-only: ``mentalmap upgrade`` first."""


class StoreWriteFailed(StoreError):
    """SQLite could not write the store (a full disk, an I/O error); earlier writes are kept."""


class EmptyStore(StoreError):
    """The store holds no papers yet (nothing was crawled)."""


# --- crawling --------------------------------------------------------------------------------
class CrawlError(MentalmapError):
    """A crawl cannot start or go on (e.g. no seed could be resolved)."""


# --- analyses, maps, exports -----------------------------------------------------------------
class AnalysisError(MentalmapError):
    """An analysis got input it cannot work on (empty graph, missing column)."""


class OutputError(MentalmapError):
    """An output file cannot be written (a missing or read-only folder, a full disk)."""


class RenderError(OutputError):
    """The HTML map cannot be written."""


class ExportError(OutputError):
    """An export format or selection cannot be written."""


# --- recorded and sample data ----------------------------------------------------------------
class DataNotFound(MentalmapError, FileNotFoundError):
    """A recorded or sample data file a loader needs does not exist."""


# --- synthetic fields ------------------------------------------------------------------------
class SyntheticError(MentalmapError, ValueError):
    """A synthetic field was asked for with bad arguments, or its file cannot be read."""


# --- reading plans: surveys, code links, reading log -----------------------------------------
class UnknownPaper(MentalmapError, LookupError):
    """A well-formed paper id names no paper in the store (not crawled, or a typo)."""


class InvalidQuery(MentalmapError, ValueError):
    """A search topic is empty once hyphens and blanks are cleaned out."""


class NoSurveysFound(MentalmapError):
    """A survey search found no survey or review to seed a crawl with."""


class NoSearchResults(MentalmapError):
    """A bulk search for seeds (``crawl --search``) found no paper."""


class CodeLinksError(MentalmapError):
    """A --code-links file cannot be read or holds a malformed row."""


class InvalidPass(MentalmapError, ValueError):
    """A reading pass is not one of 1, 2, 3 or deep."""


# --- seeds from a library file ---------------------------------------------------------------
class LibraryFileError(MentalmapError):
    """A ``--from`` library file is missing, empty, unreadable, or holds no entry."""


# --- bulk datasets (mentalmap.datasets) ------------------------------------------------------
class DatasetsError(MentalmapError):
    """A bulk-dataset download, ingest, extract or scoring cannot go on."""


class DatasetsUnavailable(DatasetsError):
    """DuckDB or pyarrow, needed for bulk datasets, is not installed."""


class SparkUnavailable(DatasetsUnavailable):
    """The spark engine cannot run: pyspark is not installed, Java is missing, or Spark did not
    start on the master given."""


class ApiKeyMissing(DatasetsError):
    """The Datasets API's file links need an API key and none was given."""


class UnknownRelease(DatasetsError):
    """The Datasets API has no such release."""


class DatasetNotInRelease(DatasetsError):
    """A release lacks a dataset that was asked for."""


class DownloadError(DatasetsError):
    """A shard could not be downloaded, or failed its size or checksum check."""


class CorruptShard(DatasetsError):
    """Shards are truncated, not gzip, not JSON Lines, or of another dataset; ``shards`` names
    them (the other shards were ingested)."""

    def __init__(self, message: str, shards: list[str]) -> None:
        super().__init__(message)
        self.shards = shards


class WarehouseError(DatasetsError):
    """A warehouse is missing, or lacks a dataset a step needs."""

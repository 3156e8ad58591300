"""The public API is explicit: ``mentalmap.__all__`` lists exactly the names the package exports.

Like httpx's tests/test_exported_members.py: every public name of ``mentalmap`` is in
``__all__`` (sorted), and every name in ``__all__`` exists.
"""

from __future__ import annotations

import types

import mentalmap

#: The documented API of docs/api.md; removing one of these is a breaking change.
DOCUMENTED = {
    "analyse_store",
    "analyze",
    "crawl",
    "export_papers",
    "FieldAnalysis",
    "generate_field",
    "load_edges",
    "load_example_field",
    "load_graph",
    "load_papers",
    "load_seeds",
    "reading_list",
    "render_map",
    "run_demo",
    "select_papers",
    "write_map",
}


def test_all_is_sorted_and_has_no_duplicates() -> None:
    assert mentalmap.__all__ == sorted(set(mentalmap.__all__))


def test_every_public_name_is_exported() -> None:
    public = {
        name
        for name in dir(mentalmap)  # lazy names (PEP 562) are listed by the module's __dir__
        if not name.startswith("_") and not isinstance(getattr(mentalmap, name), types.ModuleType)
    }
    assert public == set(mentalmap.__all__) - {"__version__"}


def test_every_exported_name_exists() -> None:
    for name in mentalmap.__all__:
        assert getattr(mentalmap, name, None) is not None, name
    namespace: dict[str, object] = {}
    exec("from mentalmap import *", namespace)
    assert set(mentalmap.__all__) <= set(namespace)


def test_the_documented_api_is_exported() -> None:
    assert set(mentalmap.__all__) >= DOCUMENTED


def test_exported_callables_come_from_mentalmap_and_are_documented() -> None:
    for name in mentalmap.__all__:
        value = getattr(mentalmap, name)
        if callable(value):
            assert value.__module__.startswith("mentalmap."), name
            assert value.__doc__, f"mentalmap.{name} has no docstring"

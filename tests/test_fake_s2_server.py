"""The fake server over real HTTP (httpx): routes, bodies, headers, keys and every fault mode."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
import pytest
from conftest import small_sha

from mentalmap.fake_s2 import CorpusSource, Faults
from mentalmap.synthetic import generate_field

P0, P3, P5 = (small_sha(f"p{i}") for i in (0, 3, 5))
BODY_429 = {
    "message": "Too Many Requests. Please wait and try again or apply for a key for higher rate "
    "limits. https://www.semanticscholar.org/product/api#api-key-form",
    "code": "429",
}


@pytest.fixture
def server(fake_s2_factory, small_corpus):
    return fake_s2_factory(small_corpus)


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url + "/", timeout=10) as client:
        yield client


def test_url_is_loopback_graph_v1(server):
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/graph/v1")


@pytest.mark.parametrize(
    "raw",
    [
        "10.5555/small.3",
        "DOI:10.5555/SMALL.3",
        "CorpusID:1003",
        "URL:https://arxiv.org/abs/2101.00003v1",
        "URL%3Ahttps%3A%2F%2Farxiv.org%2Fabs%2F2101.00003",
        P3,
    ],
)
def test_get_paper_by_any_id_form_over_http(http, raw):
    response = http.get(f"paper/{raw}", params={"fields": "year"})
    assert response.status_code == 200
    assert response.json() == {"paperId": P3, "year": 2016}


def test_success_headers_and_body_format(http):
    response = http.get(f"paper/{P3}")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["via"].endswith("(CloudFront)")
    assert response.headers["x-cache"] == "Miss from cloudfront"
    assert "x-amzn-requestid" in response.headers and "retry-after" not in response.headers
    assert response.content == (
        b'{"paperId": "' + P3.encode() + b'", "title": "Sparse attention variant 3 for long '
        b'documents"}\n'
    )


def test_unknown_field_and_unknown_paper_bodies_are_compact_with_newline(http):
    bad = http.get(f"paper/{P3}", params={"fields": "unknown"})
    assert bad.status_code == 400
    assert bad.content == b'{"error":"Unrecognized or unsupported fields: [unknown]"}\n'
    assert bad.headers["x-cache"] == "Error from cloudfront"
    missing = http.get("paper/CorpusId:0")
    assert missing.status_code == 404
    assert missing.content == b'{"error":"Paper with id CorpusId:0 not found"}\n'


def test_batch_over_http(http):
    response = http.post(
        "paper/batch", params={"fields": "year"}, json={"ids": [small_sha("old-p5"), "x", P3]}
    )
    assert response.json() == [
        {"paperId": P5, "year": 2016},
        None,
        {"paperId": P3, "year": 2016},
    ]
    too_many = http.post("paper/batch", json={"ids": [P3] * 501})
    assert too_many.status_code == 400 and "error" in too_many.json()
    assert http.post("paper/batch", content=b"{not json").status_code == 400


def test_lists_over_http(http):
    page = http.get(
        f"paper/{P0}/citations",
        params={"fields": "isInfluential,year", "offset": 2000, "limit": 1000},
    ).json()
    assert page["offset"] == 2000 and "next" not in page and len(page["data"]) == 348
    assert http.get(f"paper/{P0}/citations", params={"limit": 1001}).status_code == 400
    refs = http.get("paper/10.5555/small.3/references", params={"fields": "title"}).json()
    assert len(refs["data"]) == 3 and refs["offset"] == 0
    dated = http.get(
        f"paper/{P0}/citations", params={"publicationDateOrYear": "2024", "fields": "year"}
    ).json()
    assert {i["citingPaper"]["year"] for i in dated["data"]} == {2024}


def test_search_routes_over_http(http):
    found = http.get("paper/search", params={"query": "sparse attention", "limit": 2}).json()
    assert found["total"] == 30 and found["next"] == 2
    assert http.get("paper/search", params={"query": "zzzz"}).content == (
        b'{"total": 0, "offset": 0}\n'
    )
    assert http.get("paper/search", params={"query": "sparse", "limit": 101}).status_code == 400
    oa = http.get("paper/search", params={"query": "sparse", "openAccessPdf": ""}).json()
    assert oa["total"] == 10  # p0, p3, ..., p27
    match = http.get("paper/search/match", params={"query": "Foundations of Sparse Attention"})
    assert match.json()["data"][0]["paperId"] == P0
    assert http.get("paper/search/match", params={"query": "nothing alike"}).status_code == 404
    bulk = http.get("paper/search/bulk", params={"query": "applied", "fields": "year"}).json()
    assert len(bulk["data"]) == 1000 and bulk["token"]
    last = http.get("paper/search/bulk", params={"query": "applied", "token": bulk["token"]})
    assert last.json()["data"][0]["paperId"] > bulk["data"][-1]["paperId"]


def test_unknown_route_is_404(http):
    assert http.get("author/1/nothing").status_code == 404


def test_http_and_in_process_answers_are_identical(http, small_corpus):
    source = CorpusSource(small_corpus)
    ids = [P3, "CorpusId:0", small_sha("old-p5")]
    fields = "title,year,authors,externalIds,tldr"
    assert http.post(
        "paper/batch", params={"fields": fields}, json={"ids": ids}
    ).json() == source.fetch_papers(ids, fields)
    params = {"fields": "paperId,year,isInfluential,intents", "offset": 7, "limit": 50}
    assert http.get(f"paper/{P0}/citations", params=params).json() == source.fetch_edge_page(
        P0, "citations", 7, 50, params["fields"]
    )


# --- keys ------------------------------------------------------------------------------------
def test_wrong_key_is_403_and_the_key_is_logged_on_every_request(fake_s2_factory, small_corpus):
    server = fake_s2_factory(small_corpus, api_keys={"good"})
    with httpx.Client(base_url=server.url + "/", headers={"x-api-key": "good"}) as http:
        assert http.get(f"paper/{P3}").status_code == 200
        assert http.post("paper/batch", json={"ids": [P3]}).status_code == 200
        assert http.get(f"paper/{P0}/citations").status_code == 200
    assert [r.api_key for r in server.requests] == ["good"] * 3
    bad = httpx.get(f"{server.url}/paper/{P3}", headers={"x-api-key": "revoked"})
    assert bad.status_code == 403
    assert bad.content == b'{"message":"Forbidden"}'
    assert bad.headers["x-amzn-errortype"] == "ForbiddenException"
    anonymous = httpx.get(f"{server.url}/paper/{P3}")
    assert anonymous.status_code == 200 and not server.requests[-1].has_api_key


def test_request_log_records_method_path_and_params(server, http):
    http.get("paper/10.5555/small.3/references", params={"fields": "title", "limit": 5})
    (record,) = server.requests
    assert (record.method, record.path) == ("GET", "/graph/v1/paper/10.5555/small.3/references")
    assert record.params == {"fields": "title", "limit": "5"}
    assert record.status == 200 and record.fault == "ok"


# --- faults ----------------------------------------------------------------------------------
def faulty(fake_s2_factory, small_corpus, **plan):
    server = fake_s2_factory(small_corpus, faults=Faults(**plan))
    return server, httpx.Client(base_url=server.url + "/", timeout=5)


def test_scripted_faults_over_http(fake_s2_factory, small_corpus):
    script = ["429", "500", "502", "503", "504", "ok"]
    server, http = faulty(fake_s2_factory, small_corpus, script=script)
    with http:
        responses = [http.get(f"paper/{P3}") for _ in script]
    assert [r.status_code for r in responses] == [429, 500, 502, 503, 504, 200]
    assert responses[0].json() == BODY_429
    assert "retry-after" not in responses[0].headers
    assert json.loads(responses[1].content)["message"]
    with pytest.raises(ValueError):
        responses[2].json()  # CloudFront's HTML page
    assert responses[2].headers["content-type"] == "application/json"
    assert responses[4].json() == {"message": "Endpoint request timed out"}
    assert [r.fault for r in server.requests] == script


def test_429_carries_retry_after_only_when_configured(fake_s2_factory, small_corpus):
    _, http = faulty(fake_s2_factory, small_corpus, script=["429"], retry_after=3)
    with http:
        response = http.get(f"paper/{P3}")
    assert response.status_code == 429 and response.headers["retry-after"] == "3"


def test_storm_of_429_then_service(fake_s2_factory, small_corpus):
    _, http = faulty(fake_s2_factory, small_corpus, storm_429=3)
    with http:
        codes = [http.get(f"paper/{P3}").status_code for _ in range(5)]
    assert codes == [429, 429, 429, 200, 200]


def test_rps_limit_per_caller(fake_s2_factory, small_corpus):
    _, http = faulty(fake_s2_factory, small_corpus, rps_limit=2)
    with http:
        codes = [http.get(f"paper/{P3}").status_code for _ in range(3)]
        keyed = http.get(f"paper/{P3}", headers={"x-api-key": "k"}).status_code
    assert codes == [200, 200, 429]
    assert keyed == 200  # a key has its own budget, apart from the anonymous pool


def test_random_faults_are_seeded_and_reproducible():
    def sequence(seed):
        plan = Faults(seed=seed, rate_429=0.2, rate_500=0.1, rate_504=0.1, rate_drop=0.1)
        return [plan.decide() for _ in range(400)]

    first = sequence(7)
    assert first == sequence(7) and first != sequence(8)
    share = first.count("429") / len(first)
    assert 0.1 < share < 0.3 and {"ok", "429", "500", "504", "drop"} == set(first)


def test_fault_plan_validation():
    with pytest.raises(ValueError):
        Faults(script=["418"])
    with pytest.raises(ValueError):
        Faults(rate_429=0.7, rate_500=0.6)


def test_truncated_body_is_200_with_broken_json(fake_s2_factory, small_corpus):
    _, http = faulty(fake_s2_factory, small_corpus, script=["truncated", "ok"])
    with http:
        broken = http.post("paper/batch", params={"fields": "title"}, json={"ids": [P0, P3]})
        whole = http.post("paper/batch", params={"fields": "title"}, json={"ids": [P0, P3]})
    assert broken.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        broken.json()
    assert whole.content.startswith(broken.content)


def test_dropped_connection(fake_s2_factory, small_corpus):
    server, http = faulty(fake_s2_factory, small_corpus, script=["drop", "ok"])
    with http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(f"paper/{P3}")
        assert http.get(f"paper/{P3}").status_code == 200
    assert [r.status for r in server.requests] == [None, 200]


def test_slow_response_times_out_the_client(fake_s2_factory, small_corpus):
    server = fake_s2_factory(small_corpus, faults=Faults(script=["slow"], slow_seconds=0.6))
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{server.url}/paper/{P3}", timeout=0.2)
    assert httpx.get(f"{server.url}/paper/{P3}", timeout=2).status_code == 200


# --- the real client against the fake --------------------------------------------------------
def test_live_client_survives_the_fake_faults_and_sends_the_key(fake_s2_factory, small_corpus):
    import mentalmap.s2.client as client_module

    script = ["429", "502", "truncated", "drop", "504", "ok"]
    server = fake_s2_factory(small_corpus, faults=Faults(script=script), api_keys={"k1"})
    settings = client_module.ClientSettings(
        api_url=server.url, api_key="k1", rps=1000, timeout=5, backoff_base=0.001, backoff_cap=0.01
    )
    with client_module.S2Client(settings, sleep=lambda _: None) as client:
        papers = client.fetch_papers([P3, "CorpusId:0"], "year")
        page = client.fetch_edge_page(P0, "citations", 0, 10, "paperId,isInfluential")
    assert papers == [{"paperId": P3, "year": 2016}, None]
    assert len(page["data"]) == 10 and page["next"] == 10
    assert [r.fault for r in server.requests] == [*script, "ok"]
    assert all(r.api_key == "k1" for r in server.requests)


# --- python -m mentalmap.fake_s2 -------------------------------------------------------------
def test_module_serves_until_stopped():
    paper = generate_field(n_papers=200, seed=0).to_s2_records()[0][0]
    process = subprocess.Popen(
        [sys.executable, "-m", "mentalmap.fake_s2", "--synthetic", "200", "--storm-429", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/graph/v1", url)
        target = f"{url}/paper/{paper['paperId']}"
        assert httpx.get(target, timeout=5).status_code == 429
        assert httpx.get(target, timeout=5).json()["title"] == paper["title"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_module_needs_a_field_or_datasets():
    done = subprocess.run(
        [sys.executable, "-m", "mentalmap.fake_s2"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "give --synthetic N" in done.stderr

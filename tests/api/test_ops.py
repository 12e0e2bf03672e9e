"""GET /health, /ready, /metrics, /v1/models and the OpenAPI docs."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def samples(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_health(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_ready_with_models(client):
    assert client.get("/ready").json() == {"status": "ready", "models": 2}


def test_ready_is_503_without_models(make_client, tmp_path):
    no_models = make_client(models_dir=tmp_path)
    assert no_models.get("/health").status_code == 200
    response = no_models.get("/ready")
    assert response.status_code == 503
    assert "no models loaded" in response.json()["error"]


def test_metrics_count_requests_latency_batches_and_queue(client):
    client.post("/v1/translate", json={"text": "the lord. ka lo mi.", "source": "en", "target": "es"})
    values = samples(client)
    key = ("mt_http_requests_total", (("method", "POST"), ("route", "/v1/translate"), ("status", "200")))
    assert values[key] >= 1
    assert values[("mt_http_request_seconds_count", (("route", "/v1/translate"),))] >= 1
    assert values[("mt_batch_sentences_count", ())] >= 1
    assert values[("mt_batch_sentences_sum", ())] >= 2  # the two sentences shared one call
    assert values[("mt_batch_seconds_count", ())] >= 1
    assert values[("mt_queue_sentences", ())] == 0


def test_cors_origins(make_client, client):
    preflight = {"Origin": "http://app.example", "Access-Control-Request-Method": "POST"}
    allowed = make_client(cors_origins="http://app.example").options("/v1/translate", headers=preflight)
    assert allowed.headers["access-control-allow-origin"] == "http://app.example"
    assert "access-control-allow-origin" not in client.options("/v1/translate", headers=preflight).headers


def test_unmatched_paths_share_one_label(client):
    client.get("/no/such/page")
    assert (
        samples(client)[
            ("mt_http_requests_total", (("method", "GET"), ("route", "unmatched"), ("status", "404")))
        ]
        >= 1
    )


def test_models_lists_pairs_with_metadata(client):
    models = client.get("/v1/models").json()["models"]
    assert [(m["source"], m["target"], m["name"]) for m in models] == [
        ("en", "es", "en-es"),
        ("es", "en", "es-en"),
    ]
    en_es = models[0]
    assert en_es["architecture"]["rnn"] == "gru" and en_es["architecture"]["hidden_size"] == 32
    assert en_es["data"]["src_lang"] == "en"
    assert en_es["step"] == 0
    assert en_es["metrics"] == {"dev_bleu": 0.5, "test_bleu": 0.4}
    assert en_es["test_bleu"] == 0.4
    assert (en_es["device"], en_es["precision"]) == ("cpu", "fp32")
    assert models[1]["test_bleu"] is None


def test_int8_models_serve(make_client):
    client = make_client(precision="int8")
    assert {m["precision"] for m in client.get("/v1/models").json()["models"]} == {"int8"}
    response = client.post("/v1/translate", json={"text": "the lord said", "source": "en", "target": "es"})
    assert response.status_code == 200
    assert response.json()["results"][0]["translation"]


def _has_example(content: dict, schemas: dict) -> bool:
    """An example on the media type, or on the (item) schema it refers to."""
    if "example" in content or "examples" in content:
        return True
    schema = content.get("schema", {})
    schema = schema.get("items", schema)
    ref = schema.get("$ref", "").rsplit("/", 1)[-1]
    return bool(ref) and "examples" in schemas[ref]


def test_docs_page_and_examples_for_every_endpoint(client):
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            (ok,) = operation["responses"]["200"]["content"].values()
            assert _has_example(ok, schemas), f"{method} {path}: no response example"
            if method == "post":
                body = operation["requestBody"]["content"]["application/json"]
                assert _has_example(body, schemas), f"{method} {path}: no request example"

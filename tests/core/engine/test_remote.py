"""The remote engine against a real OpenAI-compatible server that nobody on this project
wrote: llama-cpp-python's own server on 127.0.0.1 with the tiny test model (one per module,
with an API key; llama.cpp's llama-server with LLAMADESK_LLAMA_SERVER). Between them,
where a test needs it, a relay that drops connections, a proxy, TLS with a certificate
authority of our own, and a server that never answers."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from llamadesk.core.engine import (
    GenerationFailed,
    GenerationFinished,
    ModelLoaded,
    ModelLoadFailed,
    PromptPreviewed,
    ReasoningOptions,
    RemoteEngine,
    RemoteError,
    RemoteModel,
    RemoteServer,
    RetryPolicy,
    SamplingParams,
    ServedModel,
    ServerInfo,
    TextReceived,
    ThinkingSupport,
    TokensCounted,
    estimate_tokens,
    is_loopback,
    normalize_base_url,
    probe,
)
from llamadesk.core.engine.remote import request_fields
from llamadesk.core.engine.remote_server import (
    LLAMA_SERVER,
    OLLAMA,
    UNKNOWN,
    VLLM,
)
from llamadesk.core.machine import LoadOptions
from tests.remote_servers import (
    API_KEY,
    MODEL_ALIAS,
    Forwarder,
    Proxy,
    ScriptedServer,
    StallingServer,
    free_port,
    llama_cpp_server,
    make_certificates,
)

TIMEOUT = 60
TEMPLATES = Path(__file__).parents[2] / "data" / "chat_templates"
FAST_RETRY = RetryPolicy(attempts=3, first_delay=0.05)
# A grammar the tiny model can follow for ever: the answer ends only at max_tokens. (With
# "[a-z ]+" the end of text is allowed after the first letter, and among the few tokens the
# grammar leaves the random model picks it within 3 to 130 tokens.)
ENDLESS = "root ::= [a-z ] root"


pytestmark = pytest.mark.usefixtures("plain_network")


@pytest.fixture
def engines():
    made: list[RemoteEngine] = []

    def make(url: str, key: str | None = API_KEY, **options) -> RemoteEngine:
        retry = options.pop("retry", FAST_RETRY)
        engine = RemoteEngine(RemoteServer(url, key, "test-box", **options), retry=retry)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


def load(engine: RemoteEngine, model: str = MODEL_ALIAS) -> RemoteModel:
    engine.load(model, LoadOptions())
    event = engine.wait_for(ModelLoaded, ModelLoadFailed, timeout=TIMEOUT)
    assert isinstance(event, ModelLoaded), event
    return event.model


def answer(engine: RemoteEngine, request: int) -> tuple[str, list, object]:
    """The answer's text, its TextReceived events, and the event that ended it."""
    pieces: list[TextReceived] = []
    while True:
        event = engine.next_event(TIMEOUT)
        assert event is not None, "no event in time"
        if isinstance(event, TextReceived) and event.request_id == request:
            pieces.append(event)
        elif isinstance(event, GenerationFinished | GenerationFailed):
            assert event.request_id == request
            return "".join(p.text for p in pieces), pieces, event


HELLO = [{"role": "user", "content": "Hello"}]


# ---------------------------------------------------------------------- a real server
def test_the_server_says_what_it_is_and_which_models_it_serves(llama_server):
    info = probe(RemoteServer(llama_server.url, API_KEY))
    assert info.kind.key == llama_server.kind
    assert info.models == (ServedModel(MODEL_ALIAS, llama_server.n_ctx),)
    assert info.label.startswith(llama_server.name)


def test_an_answer_streams_through_the_seam_with_its_figures(llama_server, engines):
    engine = engines(llama_server.url)
    assert [m.id for m in engine.list_models()] == [MODEL_ALIAS]
    model = load(engine)
    assert model.label == f"{MODEL_ALIAS} · test-box"
    assert model.backend.startswith(llama_server.name) and model.backend.endswith("127.0.0.1")
    assert model.n_ctx == llama_server.n_ctx
    assert model.template_warning is None and not model.thinking.switch
    sampling = SamplingParams(max_tokens=24, seed=11, top_k=20, min_p=0.1)
    text, pieces, end = answer(engine, engine.generate(HELLO, sampling))
    assert isinstance(end, GenerationFinished), end
    stats = end.stats
    assert text and pieces
    assert stats.finish_reason == "length" and stats.seed == 11
    assert 0 < stats.generated_tokens <= 24
    assert stats.time_to_first_token > 0 and stats.tokens_per_second > 0
    assert stats.warnings == [] and stats.error is None
    assert stats.context_used >= stats.generated_tokens
    again, _, _ = answer(engine, engine.generate(HELLO, sampling))
    assert again == text  # the seed reached the server


def test_a_text_is_carried_on_through_the_completions_endpoint(llama_server, engines):
    engine = engines(llama_server.url)
    load(engine)
    sampling = SamplingParams(max_tokens=8, seed=4)
    text, _, end = answer(engine, engine.complete("Once upon a time", sampling))
    assert isinstance(end, GenerationFinished), end
    assert text and end.stats.finish_reason == "length" and 0 < end.stats.generated_tokens <= 8


def test_stop_closes_the_stream_at_once_and_the_server_stays_usable(llama_server, engines):
    engine = engines(llama_server.url)
    load(engine)
    endless = SamplingParams(max_tokens=3000, grammar=ENDLESS, seed=1)
    request = engine.generate(HELLO, endless)
    first = engine.wait_for(TextReceived, timeout=TIMEOUT)
    assert first.request_id == request and first.text
    stopped_at = time.perf_counter()
    engine.stop_generation()
    end = engine.wait_for(GenerationFinished, timeout=TIMEOUT)
    assert time.perf_counter() - stopped_at < 1.0
    assert end.stats.finish_reason == "cancelled"
    assert end.stats.generated_tokens < 3000
    queued = engine.generate(HELLO, SamplingParams(max_tokens=4))
    _, _, after = answer(engine, queued)
    assert isinstance(after, GenerationFinished) and after.stats.finish_reason == "length"


def test_think_tags_in_the_answer_become_its_thinking_part(llama_server, engines):
    engine = engines(llama_server.url)
    load(engine)
    tagged = 'root ::= "<think>" [a-z]{3,8} " " [a-z]{3,8} "</think>" [a-z]{3,8}'
    sampling = SamplingParams(max_tokens=60, grammar=tagged, seed=2)
    text, pieces, end = answer(engine, engine.generate(HELLO, sampling))
    thought = "".join(p.thinking for p in pieces)
    assert isinstance(end, GenerationFinished), end
    assert re.fullmatch(r"[a-z]{3,8} [a-z]{3,8}", thought.strip()), thought
    assert re.fullmatch(r"[a-z]{3,8}", text.strip()) and "<think>" not in text
    stats = end.stats
    assert 0 < stats.thinking_tokens < stats.generated_tokens
    assert stats.thinking_seconds > 0


def test_a_request_stopped_before_it_started_is_answered_as_cancelled(llama_server, engines):
    engine = engines(llama_server.url)
    load(engine)
    request = engine.generate(HELLO, SamplingParams(max_tokens=8))
    engine.stop_generation()
    _, _, end = answer(engine, request)
    assert isinstance(end, GenerationFinished) and end.stats.finish_reason == "cancelled"


def test_a_wrong_or_missing_key_is_a_clear_sentence(llama_server, engines):
    with pytest.raises(RemoteError) as wrong:
        probe(RemoteServer(llama_server.url, "sk-wrong-key-0000"))
    assert wrong.value.reason == "unauthorized"
    assert "refused the API key (HTTP 401)" in str(wrong.value)
    assert "sk-wrong-key-0000" not in str(wrong.value)
    with pytest.raises(RemoteError) as missing:
        probe(RemoteServer(llama_server.url))
    assert "asks for an API key" in str(missing.value)
    engine = engines(llama_server.url, "sk-wrong-key-0000")
    engine.load(MODEL_ALIAS, LoadOptions())
    failed = engine.wait_for(ModelLoaded, ModelLoadFailed, timeout=TIMEOUT)
    assert isinstance(failed, ModelLoadFailed) and "HTTP 401" in failed.message


def test_a_model_the_server_does_not_serve_is_named(llama_server, engines):
    engine = engines(llama_server.url)
    model = load(engine)
    engine.load("llama3.3:70b", LoadOptions())
    failed = engine.wait_for(ModelLoaded, ModelLoadFailed, timeout=TIMEOUT)
    assert isinstance(failed, ModelLoadFailed)
    assert '"llama3.3:70b"' in failed.message and MODEL_ALIAS in failed.message
    assert failed.still_loaded == model  # the model chosen before stays


def test_an_address_that_is_not_the_api_says_so(llama_server):
    root = llama_server.url.removesuffix("/v1") + "/api"
    with pytest.raises(RemoteError) as raised:
        probe(RemoteServer(root, API_KEY))
    assert raised.value.reason == "not_found" and "usually ends in /v1" in str(raised.value)


def test_the_prompt_preview_says_the_server_writes_the_prompt(llama_server, engines):
    engine = engines(llama_server.url)
    request = engine.preview_prompt(HELLO, SamplingParams())
    event = engine.wait_for(PromptPreviewed, timeout=TIMEOUT)
    assert event.request_id == request and event.preview is None
    assert "writes the prompt itself" in event.message


def test_the_prompt_preview_of_a_raw_text_is_the_text_itself(llama_server, engines):
    engine = engines(llama_server.url)
    load(engine)
    text = "Once upon a time"
    request = engine.preview_prompt([{"role": "user", "content": text}], SamplingParams(), raw=True)
    event = engine.wait_for(PromptPreviewed, timeout=TIMEOUT)
    preview = event.preview
    assert event.request_id == request and preview.text == text
    assert preview.tokens == estimate_tokens(text) and preview.n_ctx == (engine.model.n_ctx or 0)
    assert "estimate" in preview.warning


def test_tokens_are_estimated_and_said_to_be(llama_server, engines):
    engine = engines(llama_server.url)
    request = engine.count_tokens(["The report says sales grew.", "销售增长了"])
    event = engine.wait_for(TokensCounted, timeout=TIMEOUT)
    assert event.request_id == request and not event.exact
    assert event.counts == (7, 5)  # 27 letters at 4 a token; a token for each Han character
    assert estimate_tokens("") == 0


def test_connection_errors_before_the_first_token_are_tried_again(llama_server, engines):
    relay = Forwarder(llama_server.port)
    try:
        engine = engines(f"http://127.0.0.1:{relay.port}/v1")
        load(engine)
        tries = relay.connections
        relay.restart(failing=2)  # the next two tries fail
        text, _, end = answer(engine, engine.generate(HELLO, SamplingParams(max_tokens=6)))
        assert isinstance(end, GenerationFinished) and text
        assert relay.connections - tries == 3
        tries = relay.connections
        relay.restart(failing=10)  # down for longer than the tries
        _, _, failed = answer(engine, engine.generate(HELLO, SamplingParams(max_tokens=6)))
        assert isinstance(failed, GenerationFailed)
        assert relay.connections - tries == FAST_RETRY.attempts + 1
    finally:
        relay.close()


# ---------------------------------------------------------------------- failures
def test_a_server_that_is_down_is_connection_refused(engines):
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(RemoteError) as raised:
        probe(RemoteServer(url))
    assert raised.value.reason == "refused" and "connection refused" in str(raised.value)
    engine = engines(url)
    engine.load("any", LoadOptions())
    failed = engine.wait_for(ModelLoaded, ModelLoadFailed, timeout=TIMEOUT)
    assert isinstance(failed, ModelLoadFailed) and "connection refused" in failed.message


def test_a_name_that_does_not_resolve_is_said_so():
    with pytest.raises(RemoteError) as raised:
        probe(RemoteServer("http://no-such-server.invalid:8000/v1"))
    assert raised.value.reason == "dns" and "no-such-server.invalid" in str(raised.value)


def test_a_server_that_dies_mid_answer_keeps_what_arrived(tiny_model, tmp_path, engines):
    with llama_cpp_server(tiny_model, tmp_path / "server.log") as server:
        engine = engines(server.url, None)
        load(engine)
        request = engine.generate(HELLO, SamplingParams(max_tokens=3000, grammar=ENDLESS))
        first = engine.wait_for(TextReceived, timeout=TIMEOUT)
        server.kill()
        text, _, end = answer(engine, request)
    assert isinstance(end, GenerationFinished), end
    stats = end.stats
    assert stats.finish_reason == "error"
    assert "broke off" in stats.error and "The part that arrived is kept" in stats.error
    assert (first.text + text).strip()
    assert stats.generated_tokens > 0


def test_a_silent_server_times_out_and_stop_ends_the_wait_at_once(engines):
    slow = StallingServer()
    try:
        engine = engines(slow.url, None, timeout=1.0)
        load(engine, "slow")
        started = time.perf_counter()
        _, _, failed = answer(engine, engine.generate(HELLO, SamplingParams()))
        assert isinstance(failed, GenerationFailed)
        assert "did not answer within 1 s" in failed.message
        assert slow.chat_requests == 1  # a timeout is not tried again
        assert time.perf_counter() - started < 10
        patient = engines(slow.url, None, timeout=600.0)
        load(patient, "slow")
        request = patient.generate(HELLO, SamplingParams())
        while slow.chat_requests < 2:
            assert patient.next_event(0.05) is None
        stopped_at = time.perf_counter()
        patient.stop_generation()
        end = patient.wait_for(GenerationFinished, timeout=TIMEOUT)
        assert end.request_id == request and end.stats.finish_reason == "cancelled"
        assert time.perf_counter() - stopped_at < 1.0
    finally:
        slow.close()


def test_a_server_that_never_lists_its_models_times_out():
    slow = StallingServer(stall_models=True)
    try:
        with pytest.raises(RemoteError) as raised:
            probe(RemoteServer(slow.url, timeout=1.0))
    finally:
        slow.close()
    assert raised.value.reason == "timeout"


# ---------------------------------------------------------------------- the network's ways
def test_requests_go_through_the_proxy_the_environment_names(llama_server, monkeypatch):
    proxy = Proxy({"llama.example.invalid:8080": llama_server.port})
    try:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        info = probe(RemoteServer("http://llama.example.invalid:8080/v1", API_KEY))
    finally:
        proxy.close()
    assert [m.id for m in info.models] == [MODEL_ALIAS]
    assert "llama.example.invalid:8080" in proxy.asked


def test_tls_needs_the_company_authority_from_ssl_cert_file(llama_server, monkeypatch, tmp_path):
    name = "secure.example.invalid"
    certificates = make_certificates(tmp_path, (name,))
    tls = Forwarder(llama_server.port, tls=certificates.server)
    proxy = Proxy({f"{name}:443": tls.port})
    try:
        direct = RemoteServer(f"https://127.0.0.1:{tls.port}/v1", API_KEY)
        with pytest.raises(RemoteError) as untrusted:
            probe(direct)
        assert untrusted.value.reason == "tls"
        assert "not trusted" in str(untrusted.value) and "SSL_CERT_FILE" in str(untrusted.value)
        monkeypatch.setenv("SSL_CERT_FILE", str(certificates.authority))
        assert [m.id for m in probe(direct).models] == [MODEL_ALIAS]
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)  # through a CONNECT tunnel, by name
        info = probe(RemoteServer(f"https://{name}/v1", API_KEY))
        assert [m.id for m in info.models] == [MODEL_ALIAS]
        assert set(proxy.asked) == {f"{name}:443"}
    finally:
        proxy.close()
        tls.close()


def test_http_to_a_tls_port_and_tls_to_a_plain_one_say_what_to_change(llama_server):
    secure = llama_server.url.replace("http://", "https://")
    with pytest.raises(RemoteError) as raised:  # llama-server waits; uvicorn answers in HTTP
        probe(RemoteServer(secure, API_KEY, connect_timeout=1.0))
    assert raised.value.reason in ("tls", "timeout")
    assert "http:// instead of https://" in str(raised.value)


def chunk(delta: dict | None = None, finish: str | None = None, usage: dict | None = None):
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "scripted",
        "choices": choices,
        "usage": usage,
    }


def test_reasoning_fields_and_usage_become_thinking_and_figures(engines):
    """A narrow test of what llama-cpp-python's server never sends (a scripted server)."""
    usage = {
        "prompt_tokens": 17,
        "completion_tokens": 9,
        "total_tokens": 26,
        "prompt_tokens_details": {"cached_tokens": 12},
        "completion_tokens_details": {"reasoning_tokens": 5},
    }
    scripted = ScriptedServer(
        [
            chunk({"role": "assistant", "reasoning_content": "First, "}),
            chunk({"reasoning": "think."}),
            chunk({"content": "The answer"}),
            chunk({"content": " is 4."}, finish="stop"),
            chunk(usage=usage),
        ]
    )
    try:
        engine = engines(scripted.url, "sk-scripted-key-1234")
        load(engine, "scripted")
        messages = [*HELLO, {"role": "assistant", "content": "Hi", "reasoning_content": "x"}]
        sampling = SamplingParams(top_k=7, seed=3, stop=("END",))
        thinking = ReasoningOptions(thinking=True, effort="high")
        text, pieces, end = answer(engine, engine.generate(messages, sampling, reasoning=thinking))
    finally:
        scripted.close()
    assert text == "The answer is 4."
    assert "".join(p.thinking for p in pieces) == "First, think."
    stats = end.stats
    assert (stats.prompt_tokens, stats.cached_tokens, stats.generated_tokens) == (17, 12, 9)
    assert stats.thinking_tokens == 5 and stats.context_used == 26
    assert stats.finish_reason == "stop" and stats.seed == 3
    (body,) = scripted.bodies
    assert body["messages"][-1] == {"role": "assistant", "content": "Hi"}  # no reasoning
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert (body["top_k"], body["seed"], body["stop"]) == (7, 3, ["END"])
    assert body["chat_template_kwargs"] == {"enable_thinking": True}
    assert body["reasoning_effort"] == "high" and body["model"] == "scripted"


# ---------------------------------------------------------------------- requests, no server
def test_each_kind_of_server_gets_the_fields_it_takes():
    sampling = SamplingParams(top_k=30, min_p=0.1, repeat_penalty=1.2, seed=5, stop=("END",))
    thinking = ReasoningOptions(thinking=False, effort="low", budget=256)

    served = request_fields(LLAMA_SERVER, sampling, thinking)
    assert served.extra == {
        "top_k": 30,
        "min_p": 0.1,
        "repeat_penalty": 1.2,
        "repeat_last_n": 64,
        "chat_template_kwargs": {"enable_thinking": False},
        "thinking_budget_tokens": 256,
    }
    assert served.standard["reasoning_effort"] == "low" and served.standard["stop"] == ["END"]
    assert served.standard["seed"] == 5 and served.warnings == []

    vllm = request_fields(VLLM, sampling, thinking, continue_final=True)
    assert vllm.extra["repetition_penalty"] == 1.2 and "repeat_penalty" not in vllm.extra
    assert vllm.extra["continue_final_message"] is True
    assert vllm.extra["add_generation_prompt"] is False
    assert vllm.warnings == [
        "vLLM does not apply these settings, so they were not used: thinking budget."
    ]

    ollama = request_fields(OLLAMA, sampling, thinking)
    assert not {"top_k", "min_p", "repeat_penalty", "chat_template_kwargs"} & set(ollama.extra)
    assert ollama.standard["reasoning_effort"] == "low"
    assert ollama.warnings == [
        "Ollama does not apply these settings, so they were not used: top-k, min-p, "
        "repeat penalty, thinking on/off, thinking budget."
    ]
    neutral = SamplingParams(top_k=0, min_p=0.0, repeat_penalty=1.0)
    assert request_fields(OLLAMA, neutral, ReasoningOptions()).warnings == []

    unknown = request_fields(UNKNOWN, sampling, ReasoningOptions(), continue_final=True)
    assert unknown.extra["top_k"] == 30 and unknown.warnings == []

    beams = request_fields(LLAMA_SERVER, SamplingParams(beams=4), ReasoningOptions())
    assert beams.warnings == [
        "llama.cpp's llama-server does not apply these settings, so they were not used: "
        "beam search."
    ]


def test_what_may_be_chosen_about_thinking_follows_the_server():
    qwen3 = (TEMPLATES / "Qwen-Qwen3-0.6B.jinja").read_text(encoding="utf-8")
    assert ServerInfo(LLAMA_SERVER, template=qwen3).thinking() == ThinkingSupport(
        switch=True, effort=False, marked=True
    )
    assert ServerInfo(VLLM).thinking() == ThinkingSupport(effort=True)  # template unseen
    assert ServerInfo(UNKNOWN).thinking() == ThinkingSupport()


def test_addresses_are_checked_and_loopback_is_told_without_dns():
    assert normalize_base_url(" http://Box:8000/ ") == "http://box:8000/v1"
    assert normalize_base_url("https://gpu.lan/api/v1") == "https://gpu.lan/api/v1"
    for bad in ("box:8000", "ftp://box/v1", "http://", "http://box:99999/v1"):
        with pytest.raises(RemoteError) as raised:
            normalize_base_url(bad)
        assert raised.value.reason == "invalid"
    with pytest.raises(RemoteError, match="API key in its own field"):
        normalize_base_url("http://user:secret@box:8000/v1")
    for near in ("http://localhost:8080/v1", "http://127.0.0.1/v1", "http://[::1]:1/v1"):
        assert is_loopback(near)
    for far in ("http://192.168.1.20:8080/v1", "http://gpu.example/v1", "http://127.example/v1"):
        assert not is_loopback(far)

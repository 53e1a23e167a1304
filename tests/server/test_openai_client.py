"""``llamadesk serve`` on a tiny model, driven by the official ``openai`` client (and raw
HTTP where a client would never send what is tested).

The model has Qwen2.5's real chat template (which tells the model about tools and writes
their calls as <tool_call> blocks) and Qwen's special tokens; its weights are random, so
answers are gibberish, but everything around them is real: the server process, its
engine process, llama.cpp, the template, grammars, the HTTP and SSE the client speaks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import jsonschema
import openai
import pytest

from llamadesk.core.engine import NO_TOOL_CALLS, SamplingParams
from llamadesk.core.gguf import synthetic
from llamadesk.server.openai_api import read_chat, read_completion

TEMPLATES = Path(__file__).parents[1] / "data" / "chat_templates"
KEY = "test-key-9f8e7d"
HELLO = [{"role": "user", "content": "Hello there"}]
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city now.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "maxLength": 20}},
            "required": ["city"],
        },
    },
}


class Server:
    """A ``llamadesk serve`` process and what it wrote on standard error."""

    def __init__(self, model: Path, port: int, *extra: str) -> None:
        env = {**os.environ, "LLAMADESK_TEST_KEY": KEY}
        command = [sys.executable, "-m", "llamadesk", "serve", "-m", str(model)]
        self.process = subprocess.Popen(
            [*command, "--port", str(port), "--ctx", "1024", *extra],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.lines: list[str] = []
        for line in self.process.stderr:  # until it listens (or dies saying why)
            self.lines.append(line)
            if line.startswith("Serving "):
                break
        else:
            raise AssertionError("the server did not start:\n" + "".join(self.lines))
        self.url = f"http://127.0.0.1:{port}/v1"
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def client(self, key: str = KEY, **options) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.url, api_key=key, max_retries=0, **options)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def post(url: str, body: bytes | dict, **headers: str) -> tuple[int, dict]:
    """A raw HTTP request, for what a client library would never send."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method="POST" if body != b"" else "GET", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    return synthetic.write_model(
        tmp_path_factory.mktemp("served") / "qwen-tiny.gguf",
        chat_template=(TEMPLATES / "Qwen-Qwen2.5-7B-Instruct.jinja").read_text(),
        vocabulary=synthetic.QWEN3,
    )


@pytest.fixture(scope="module")
def server(model):
    server = Server(model, free_port(), "--api-key-env", "LLAMADESK_TEST_KEY", "--max-waiting", "3")
    yield server
    server.stop()


def test_lists_the_loaded_model(server):
    models = server.client().models.list().data
    assert [m.id for m in models] == ["qwen-tiny"]


def test_a_whole_answer_with_usage(server):
    answer = server.client().chat.completions.create(
        model="qwen-tiny", messages=HELLO, max_tokens=12, seed=1
    )
    choice = answer.choices[0]
    assert choice.message.role == "assistant" and choice.message.content
    assert choice.finish_reason in ("stop", "length")
    assert answer.usage.completion_tokens <= 12 and answer.usage.prompt_tokens > 10
    assert answer.usage.total_tokens == answer.usage.prompt_tokens + answer.usage.completion_tokens


def test_a_streamed_answer_is_the_same_as_the_whole_one_with_the_same_seed(server):
    client = server.client()
    whole = client.chat.completions.create(model="m", messages=HELLO, max_tokens=20, seed=7)
    chunks = list(
        client.chat.completions.create(
            model="m",
            messages=HELLO,
            max_tokens=20,
            seed=7,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 20
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == "length" and set(finishes[:-1]) == {None}


def test_the_seed_reproduces_an_answer(server):
    client = server.client()

    def ask(seed: int) -> str:
        answer = client.chat.completions.create(
            model="m", messages=HELLO, max_tokens=16, seed=seed, temperature=1.0
        )
        return answer.choices[0].message.content

    assert ask(3) == ask(3)
    assert ask(3) != ask(4)


def test_beam_search_is_deterministic_streamed_or_whole(server):
    client = server.client()
    beams = {"num_beams": 4, "length_penalty": 0.0}

    def ask(seed: int) -> str:
        answer = client.chat.completions.create(
            model="m", messages=HELLO, max_tokens=16, seed=seed, extra_body=beams
        )
        return answer.choices[0].message.content

    chunks = client.chat.completions.create(
        model="m", messages=HELLO, max_tokens=16, stream=True, extra_body=beams
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert ask(3) == ask(4) == streamed and streamed
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(
            model="m",
            messages=HELLO,
            response_format={"type": "json_object"},
            extra_body={"num_beams": 2},
        )
    assert "Beam search cannot follow" in str(refused.value)
    with pytest.raises(openai.BadRequestError, match="Beams must be between 1"):
        client.chat.completions.create(model="m", messages=HELLO, extra_body={"num_beams": 20})


def test_a_stop_string_ends_the_answer_before_it(server):
    client = server.client()
    full = client.chat.completions.create(model="m", messages=HELLO, max_tokens=30, seed=5)
    text = full.choices[0].message.content
    stop = text[10:13]
    cut = client.chat.completions.create(
        model="m", messages=HELLO, max_tokens=30, seed=5, stop=[stop]
    )
    assert cut.choices[0].message.content == text[: text.index(stop)]
    assert cut.choices[0].finish_reason == "stop"


def test_a_json_schema_answer_parses_and_validates(server):
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "pattern": "^[A-Za-z ]{1,12}$"},
            "age": {"type": "integer"},
            "role": {"enum": ["admin", "user", "guest"]},
            "tags": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[a-z]{1,8}$"},
                "maxItems": 3,
            },
        },
        "required": ["name", "age", "role", "tags"],
        "additionalProperties": False,
    }
    answer = server.client().chat.completions.create(
        model="m",
        messages=[{"role": "user", "content": "Describe a person as JSON."}],
        max_tokens=200,
        seed=2,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "person", "schema": schema},
        },
    )
    data = json.loads(answer.choices[0].message.content)
    jsonschema.validate(data, schema)


def test_a_tool_call_round_trip(server):
    client = server.client()
    question = [{"role": "user", "content": "What is the weather in Paris?"}]
    first = client.chat.completions.create(
        model="m", messages=question, tools=[WEATHER], tool_choice="required", seed=1
    )
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls" and not choice.message.content
    (call,) = choice.message.tool_calls
    assert call.type == "function" and call.function.name == "get_weather"
    arguments = json.loads(call.function.arguments)
    assert isinstance(arguments["city"], str)
    conversation = [
        *question,
        choice.message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": '{"celsius": 21, "sky": "clear"}'},
    ]
    second = client.chat.completions.create(
        model="m", messages=conversation, tools=[WEATHER], max_tokens=8, seed=1
    )
    assert second.choices[0].message.content is not None
    assert second.usage.prompt_tokens > first.usage.prompt_tokens  # the call and its result


def test_a_streamed_tool_call_comes_whole_at_the_end(server):
    chunks = list(
        server.client().chat.completions.create(
            model="m",
            messages=[{"role": "user", "content": "Weather in Oslo?"}],
            tools=[WEATHER],
            tool_choice={"type": "function", "function": {"name": "get_weather"}},
            stream=True,
            seed=3,
        )
    )
    calls = [
        c.choices[0].delta.tool_calls for c in chunks if c.choices and c.choices[0].delta.tool_calls
    ]
    (delta,) = calls
    assert delta[0].index == 0 and delta[0].function.name == "get_weather"
    assert "city" in json.loads(delta[0].function.arguments)
    assert not "".join(c.choices[0].delta.content or "" for c in chunks if c.choices).strip()
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_a_wrong_key_is_refused(server):
    with pytest.raises(openai.AuthenticationError) as refused:
        server.client(key="wrong").chat.completions.create(model="m", messages=HELLO)
    assert refused.value.status_code == 401
    assert refused.value.body["code"] == "invalid_api_key"


def test_a_prompt_longer_than_the_context_is_refused_not_cut(server):
    long = [{"role": "user", "content": "word " * 3000}]
    with pytest.raises(openai.BadRequestError) as refused:
        server.client().chat.completions.create(model="m", messages=long, max_tokens=4)
    assert refused.value.body["code"] == "context_length_exceeded"
    assert "1,024" in refused.value.body["message"]
    with pytest.raises(openai.BadRequestError):  # streamed: refused before the stream
        server.client().chat.completions.create(model="m", messages=long, stream=True)


def test_malformed_json_and_bad_fields_are_openai_shaped_errors(server):
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    status, bad = post(f"{server.url}/chat/completions", b"{nope", **headers)
    assert status == 400 and bad["error"]["code"] == "invalid_json"
    wizard = {"messages": [{"role": "wizard", "content": "hi"}]}
    status, field = post(f"{server.url}/chat/completions", wizard, **headers)
    assert status == 400 and field["error"]["param"] == "messages[0].role"
    status, missing = post(f"{server.url}/nothing", b"", **headers)
    assert status == 404 and "error" in missing
    assert "Traceback" not in "".join(server.lines)


def test_a_client_that_goes_away_stops_its_generation(server):
    client = server.client()
    stream = client.chat.completions.create(
        model="m", messages=HELLO, max_tokens=100_000, stream=True
    )
    for _ in zip(range(3), stream, strict=False):  # a few chunks, then hang up
        pass
    stream.close()
    started = time.monotonic()
    # An answer of 100,000 tokens would keep the engine for minutes: the next request is
    # answered at once because the first one stopped when its client went away.
    answer = client.chat.completions.create(model="m", messages=HELLO, max_tokens=4)
    assert answer.choices[0].message.content is not None
    assert time.monotonic() - started < 10


def test_sixteen_clients_at_once_are_answered_or_told_to_retry(server):
    client = server.client(timeout=120)

    def ask(n: int):
        try:
            answer = client.chat.completions.create(
                model="m", messages=HELLO, max_tokens=24, seed=n
            )
        except openai.RateLimitError as busy:
            return ("busy", busy.response.headers.get("retry-after"))
        return ("answered", answer.choices[0].message.content)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(ask, range(16)))
    answered = [r for r in results if r[0] == "answered"]
    busy = [r for r in results if r[0] == "busy"]
    assert len(answered) + len(busy) == 16  # nothing lost
    assert len(answered) >= 4 and all(text for _, text in answered)  # 1 running + 3 waiting
    assert all(retry and int(retry) > 0 for _, retry in busy)


def test_a_body_too_large_is_413(model):
    server = Server(model, free_port(), "--max-body-mb", "1")
    try:
        big = {"model": "m", "messages": [{"role": "user", "content": "x" * (2 * 2**20)}]}
        status, refused = post(f"{server.url}/chat/completions", big)
        assert status == 413 and refused["error"]["code"] == "request_too_large"
    finally:
        server.stop()


def test_sampling_a_request_leaves_out_is_the_servers_defaults():
    mine = SamplingParams(temperature=0.2, top_k=7, top_p=0.8, min_p=0.1, repeat_penalty=1.3)
    mine = replace(mine, max_tokens=5, seed=9, stop=("END",))
    hi = [{"role": "user", "content": "Hi"}]
    asked = read_chat({"messages": hi, "seed": 3}, 4096, NO_TOOL_CALLS, mine).sampling
    assert (asked.temperature, asked.top_k, asked.top_p, asked.min_p) == (0.2, 7, 0.8, 0.1)
    assert asked.repeat_penalty == 1.3
    # length, seed and stop strings are the API's, never the server's defaults
    assert asked.seed == 3 and asked.max_tokens == 4096 and asked.stop == ()
    assert read_completion({"prompt": "Once"}, 4096, mine).sampling.max_tokens == 16
    whole = read_chat(
        {"messages": hi, "top_k": 0, "top_p": 1, "min_p": 0}, 4096, NO_TOOL_CALLS, mine
    ).sampling
    assert (whole.top_k, whole.top_p, whole.min_p) == (0, 1.0, 0.0)  # what it says wins


def test_serve_takes_its_sampling_defaults_on_the_command_line(model):
    server = Server(model, free_port(), "--temperature", "0")
    try:
        client = openai.OpenAI(base_url=server.url, api_key="-", max_retries=0)

        def ask(seed: int) -> str:
            hi = [{"role": "user", "content": "Hi"}]
            answer = client.chat.completions.create(
                model="m", messages=hi, max_tokens=12, seed=seed
            )
            return answer.choices[0].message.content

        assert ask(1) == ask(2)  # greedy, as the command line said, whatever the seed
    finally:
        server.stop()
    refused = subprocess.run(
        [sys.executable, "-m", "llamadesk", "serve", "-m", str(model), "--temperature", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "emperature" in refused.stderr.splitlines()[-1]

"""One engine for the window and the server: requests queue, each user hears its own,
a stop touches only the request stopped, a crash fails everything and a fresh engine
takes over. Through the real engine process on a tiny model, without Qt."""

from __future__ import annotations

import os
import queue
import signal

import pytest

from llamadesk.core.engine import (
    GenerationFailed,
    GenerationFinished,
    LocalEngine,
    ModelLoaded,
    RequestEnded,
    RequestStarted,
    SamplingParams,
    SharedEngine,
    TextReceived,
    TokensCounted,
)
from llamadesk.core.machine import LoadOptions

HELLO = [{"role": "user", "content": "Hello"}]
LONG = SamplingParams(seed=1, max_tokens=100_000)
WAIT = 60


class Inbox:
    """A listener: events in a queue, read by the test's thread."""

    def __init__(self) -> None:
        self.events: queue.Queue = queue.Queue()

    def __call__(self, event) -> None:
        self.events.put(event)

    def until(self, kind: type, ticket: int | None = None) -> list:
        got = []
        while True:
            event = self.events.get(timeout=WAIT)
            got.append(event)
            if isinstance(event, kind) and (ticket is None or event.request_id == ticket):
                return got

    def drain(self) -> list:
        got = []
        while not self.events.empty():
            got.append(self.events.get_nowait())
        return got


@pytest.fixture
def shared(tiny_model):
    engine = SharedEngine(LocalEngine)
    everyone = Inbox()
    engine.subscribe(everyone)
    engine.load(str(tiny_model), LoadOptions(n_ctx=1024))
    everyone.until(ModelLoaded)
    engine.everyone = everyone
    yield engine
    engine.close()


def test_requests_of_two_users_queue_and_each_hears_its_own(shared):
    chat, server = Inbox(), Inbox()
    first = shared.generate(HELLO, SamplingParams(seed=1, max_tokens=30), chat)
    second = shared.generate(HELLO, SamplingParams(seed=2, max_tokens=30), server, owner="server")
    assert shared.waiting == 1  # one at a time: the second waits for the first
    chat_events = chat.until(GenerationFinished, first)
    server_events = server.until(GenerationFinished, second)
    assert {e.request_id for e in chat_events} == {first}
    assert {e.request_id for e in server_events} == {second}
    assert any(isinstance(e, TextReceived) for e in server_events)
    started = [e for e in shared.everyone.drain() if isinstance(e, RequestStarted | RequestEnded)]
    assert started == [
        RequestStarted(first, "chat"),
        RequestEnded(first, "chat"),
        RequestStarted(second, "server"),
        RequestEnded(second, "server"),
    ]


def test_a_stop_touches_only_the_request_stopped(shared):
    chat, server, third = Inbox(), Inbox(), Inbox()
    running = shared.generate(HELLO, LONG, chat)
    waiting = shared.generate(HELLO, SamplingParams(seed=2, max_tokens=20), server)
    dropped = shared.generate(HELLO, SamplingParams(seed=3, max_tokens=20), third)
    chat.until(TextReceived, running)
    shared.cancel(dropped)  # waiting: dropped from the queue, nothing generated
    (finished,) = third.until(GenerationFinished, dropped)
    assert finished.stats.finish_reason == "cancelled" and finished.stats.generated_tokens == 0
    shared.cancel(running)  # running: stopped in the engine within a token
    stopped = chat.until(GenerationFinished, running)[-1]
    assert stopped.stats.finish_reason == "cancelled"
    answered = server.until(GenerationFinished, waiting)[-1]  # the other user's goes on
    assert answered.stats.finish_reason in ("stop", "length") and answered.stats.generated_tokens


def test_a_count_is_answered_to_whoever_asked(shared):
    chat, server = Inbox(), Inbox()
    ticket = shared.count_tokens(["Hello there", "Hi"], chat)
    counted = chat.until(TokensCounted, ticket)[-1]
    assert counted.exact and len(counted.counts) == 2 and counted.counts[0] > counted.counts[1]
    assert server.drain() == []


def test_a_full_queue_refuses_more(shared):
    chat = Inbox()
    running = shared.generate(HELLO, LONG, chat)
    queued = [shared.generate(HELLO, LONG, chat, max_waiting=2) for _ in range(3)]
    assert queued[:2] != [None, None] and queued[2] is None
    for ticket in (*queued[:2], running):
        shared.cancel(ticket)
    chat.until(GenerationFinished, running)


def test_raw_completion_needs_no_template_and_refuses_a_prompt_too_long(shared):
    inbox = Inbox()
    ticket = shared.generate(
        [{"content": "Once upon a time"}], SamplingParams(seed=1, max_tokens=8), inbox, raw=True
    )
    events = inbox.until(GenerationFinished, ticket)
    assert events[-1].stats.generated_tokens == 8 and events[-1].stats.prompt_tokens > 3
    too_long = shared.generate([{"content": "word " * 2000}], SamplingParams(), inbox, raw=True)
    failed = inbox.until(GenerationFailed, too_long)[-1]
    assert failed.code == "context_length_exceeded" and "1,024" in failed.message


def test_a_chat_too_long_fails_instead_of_losing_messages_when_asked(tiny_model):
    """The server's requests may not be shortened behind the client's back."""
    engine = LocalEngine()
    try:
        engine.load(str(tiny_model), LoadOptions(n_ctx=256))
        engine.wait_for(ModelLoaded, timeout=WAIT)
        long = [{"role": "user", "content": "word " * 400}]
        request = engine.generate(long, SamplingParams(), drop_old=False)
        failed = engine.wait_for(GenerationFailed, timeout=WAIT)
        assert failed.request_id == request and failed.code == "context_length_exceeded"
    finally:
        engine.close()


def test_a_crash_fails_every_request_and_a_fresh_engine_takes_over(shared, tiny_model):
    chat, server = Inbox(), Inbox()
    running = shared.generate(HELLO, LONG, chat)
    waiting = shared.generate(HELLO, LONG, server, owner="server")
    counting = shared.count_tokens(["a document"], chat)  # answered after the answer
    chat.until(TextReceived, running)
    os.kill(shared.pid, signal.SIGKILL)
    assert "SIGKILL" in chat.until(GenerationFailed, running)[-1].message
    assert server.until(GenerationFailed, waiting)[-1].request_id == waiting
    assert "SIGKILL" in chat.until(TokensCounted, counting)[-1].message
    assert shared.loaded is None
    shared.load(str(tiny_model), LoadOptions(n_ctx=1024))  # a fresh engine process
    shared.everyone.until(ModelLoaded)
    again = shared.generate(HELLO, SamplingParams(seed=1, max_tokens=8), chat)
    assert chat.until(GenerationFinished, again)[-1].stats.generated_tokens

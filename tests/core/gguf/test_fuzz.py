"""Fuzzing real GGUF headers: a clear error, or a header that reads and a model that loads
and answers; within a time limit, never a traceback or a dead engine process.

The headers are those of the tiny models the tests build (:mod:`llamadesk.core.gguf.synthetic`).
Mutations are aimed where a stranger's file does harm: the numbers of the metadata (NaN,
infinities, -1, 0, huge values, another type of the same width), the element types,
lengths and values of its arrays (vocabulary, scores, token types), the tensors' shapes,
types and offsets; plus random byte flips and cuts. The seed is fixed: the same mutants
run every time, in a bounded time (each header read within a second of CPU, each load and
answer within 10 s, the whole under 20 s of this process's CPU: about 1-5 s when idle).
"""

from __future__ import annotations

import random
import struct
import time
from dataclasses import dataclass
from pathlib import Path

import gguf
import pytest

from llamadesk.core.engine import (
    EngineStopped,
    GenerationFailed,
    GenerationFinished,
    LocalEngine,
    ModelLoaded,
    ModelLoadFailed,
    SamplingParams,
)
from llamadesk.core.errors import ModelFileError
from llamadesk.core.gguf import parse_header
from llamadesk.core.machine import LoadOptions, Machine
from llamadesk.core.machine.fit import fit_verdict
from llamadesk.core.units import format_bytes

SEED = 20250115
PARSED_MUTANTS = 600  # header reads: a few milliseconds each
LOADED_MUTANTS = 24  # of those that read, loaded and asked for an answer by llama.cpp
HELLO = [{"role": "user", "content": "Hello"}]

_HOSTILE_4 = [
    struct.pack("<f", float("nan")),
    struct.pack("<f", float("inf")),
    struct.pack("<f", float("-inf")),
    struct.pack("<f", -1.0),
    struct.pack("<I", 0),
    struct.pack("<I", 1),
    struct.pack("<I", 3),
    struct.pack("<I", 0x7FFFFFFF),
    struct.pack("<I", 0xFFFFFFFF),
    struct.pack("<f", 1e30),
]
_HOSTILE_8 = [
    struct.pack("<Q", 0),
    struct.pack("<Q", 1),
    struct.pack("<Q", 2**31),
    struct.pack("<Q", 2**63),
    struct.pack("<Q", 2**64 - 1),
    struct.pack("<d", float("nan")),
]


@dataclass(frozen=True)
class Spot:
    """Bytes of the header worth mutating: ``size`` bytes at ``offset``, what they are."""

    offset: int
    size: int
    what: str


def spots(path: Path) -> list[Spot]:
    """Every value, type code and length in the header, found with gguf's own reader."""
    reader = gguf.GGUFReader(path)
    found = []
    for field in [*reader.fields.values(), *(t.field for t in reader.tensors)]:
        offset = field.offset
        for index, part in enumerate(field.parts):
            if index >= 2:  # not the key's length and text
                found.append(Spot(offset, part.nbytes, f"{field.name} part {index}"))
            offset += part.nbytes
    return [spot for spot in found if spot.size in (1, 4, 8)]


def mutate(header: bytes, places: list[Spot], rng: random.Random) -> tuple[bytes, str]:
    data = bytearray(header)
    kind = rng.random()
    if kind < 0.6:  # a value, type code or length replaced with a hostile one of its width
        spot = rng.choice(places)
        if spot.size == 4:
            value = rng.choice([*_HOSTILE_4, struct.pack("<I", rng.randrange(1, 13))])
        elif spot.size == 8:
            value = rng.choice([*_HOSTILE_8, struct.pack("<Q", rng.randrange(0, 600))])
        else:
            value = bytes([rng.randrange(256)])
        data[spot.offset : spot.offset + spot.size] = value
        return bytes(data), f"{spot.what} = {value.hex()}"
    if kind < 0.9:  # random bytes
        changes = []
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(4, len(data))
            data[at] = rng.randrange(256)
            changes.append(f"{at}={data[at]:02x}")
        return bytes(data), "bytes " + ", ".join(changes)
    cut = rng.randrange(len(data))
    return bytes(data[:cut]), f"cut at {cut}"


@pytest.fixture(scope="module")
def engine():
    engine = LocalEngine()
    yield engine
    engine.close()


def outcome(engine: LocalEngine, *kinds: type, within: float = 10.0):
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        event = engine.next_event(left)
        if isinstance(event, (*kinds, EngineStopped)):
            return event
    raise AssertionError(f"nothing within {within} s")


def test_mutated_headers_end_in_a_clear_error_or_a_working_model(
    tiny_model, engine, tmp_path, capsys
):
    started, cpu_started = time.monotonic(), time.process_time()
    whole = tiny_model.read_bytes()
    end = parse_header(whole).data_offset
    header, weights = whole[:end], whole[end:]
    places = spots(tiny_model)
    rng = random.Random(SEED)
    machine = Machine(ram_total=16 << 30, ram_available=8 << 30)
    readable: list[tuple[bytes, str]] = []
    refused = 0
    for _ in range(PARSED_MUTANTS):
        mutant, how = mutate(header, places, rng)
        data = mutant + weights if len(mutant) == len(header) else mutant
        begun = time.process_time()  # CPU time: the machine may be busy with other work
        try:
            info = parse_header(data, len(data), name="mutant.gguf")
        except ModelFileError as error:
            assert str(error).startswith(('The model file "mutant.gguf"', "The header")), how
            refused += 1
        else:  # what the app makes of a header: facts, the memory estimate, a fit verdict
            estimate = LoadOptions().estimate(info, 0, 0)
            shown = [format_bytes(estimate.ram), format_bytes(estimate.vram)]
            shown += [info.name, info.quantization, info.size_label, str(info.head_dim)]
            assert all(shown) and fit_verdict(info, machine, n_ctx=0).reason, how
            readable.append((data, how))
        assert time.process_time() - begun < 1.0, how

    loaded = failed = 0
    for number, (data, how) in enumerate(rng.sample(readable, min(LOADED_MUTANTS, len(readable)))):
        path = tmp_path / f"mutant-{number}.gguf"
        path.write_bytes(data)
        engine.load(str(path), LoadOptions(n_ctx=256))
        event = outcome(engine, ModelLoaded, ModelLoadFailed)
        assert not isinstance(event, EngineStopped), f"{how}: {event.message}"
        if isinstance(event, ModelLoadFailed):
            assert "unexpectedly" not in event.message, f"{how}: {event.message}"
            failed += 1
            continue
        loaded += 1
        engine.generate(HELLO, SamplingParams(seed=1, max_tokens=4))
        event = outcome(engine, GenerationFinished, GenerationFailed)
        assert not isinstance(event, EngineStopped), f"{how}: {event.message}"
        path.unlink()
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started
    with capsys.disabled():
        print(
            f"\nfuzz: {PARSED_MUTANTS} headers ({refused} refused), "
            f"{loaded + failed} loads ({loaded} loaded and answered, {failed} refused by "
            f"llama.cpp) in {elapsed:.1f} s ({cpu:.1f} s of CPU here)"
        )
    # About 1-5 s on an idle machine; each load is bounded (10 s) by outcome() as well.
    assert loaded and failed and refused and cpu < 20.0

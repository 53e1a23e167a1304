"""GGUF header parsing, file checks and the memory estimate (calibrated on real llama.cpp)."""

from __future__ import annotations

import ctypes
import io
import random
import re
import struct
import time
import tracemalloc
from pathlib import Path

import gguf
import numpy as np
import pytest

from llamadesk.core.errors import ModelFileError, SettingsError
from llamadesk.core.gguf import synthetic as synthetic_model
from llamadesk.core.gguf.header import (
    ArraySummary,
    GGUFInfo,
    HeaderIncomplete,
    parse_header,
    read_info,
)
from llamadesk.core.gguf.synthetic import TINY, ModelShape
from llamadesk.core.machine.memory_estimate import estimate_memory

MiB = 1024 * 1024
# A shape with 64-wide heads (quantized K caches need head sizes that blocks divide).
SMALL = ModelShape(vocab_size=32000, n_embd=512, n_layer=4, n_head=8, n_head_kv=4, n_ff=1536)


def expected_params(shape: ModelShape) -> int:
    n_embd_kv = shape.head_dim * shape.n_head_kv
    per_layer = 2 * shape.n_embd + 2 * shape.n_embd**2 + 2 * n_embd_kv * shape.n_embd
    per_layer += 3 * shape.n_ff * shape.n_embd
    return 2 * shape.vocab_size * shape.n_embd + shape.n_embd + shape.n_layer * per_layer


def write_gguf(path: Path, fill, tensors=(("x", 32),)) -> Path:
    """A GGUF with the metadata ``fill(writer)`` adds and small F32 tensors."""
    writer = gguf.GGUFWriter(path, "llama")
    fill(writer)
    for name, size in tensors:
        writer.add_tensor(name, np.ones(size, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def header(version: int = 3, tensors: int = 0, kvs: int = 1, endian: str = "<") -> bytes:
    return b"GGUF" + struct.pack(endian + "IQQ", version, tensors, kvs)


def gguf_string(text: bytes) -> bytes:
    return struct.pack("<Q", len(text)) + text


# --- what the header says --------------------------------------------------------------


@pytest.mark.parametrize("quant", synthetic_model.QUANTIZATIONS)
def test_tiny_model_facts(tiny_models, quant):
    path = tiny_models[quant]
    info = read_info(path)
    assert info.path == path and info.file_size == path.stat().st_size and info.version == 3
    assert (info.architecture, info.name, info.quantization) == ("llama", "Tiny Llama", quant)
    assert info.n_params == expected_params(TINY) and info.size_label == "140K"
    assert (info.n_layer, info.n_embd, info.n_head, info.n_head_kv) == (2, 64, 4, 2)
    assert (info.head_dim, info.key_length, info.value_length, info.n_ff) == (16, 16, 16, 128)
    assert (info.context_length, info.vocab_size) == (4096, 512)
    assert info.sliding_window is None and info.expert_count is None
    assert info.chat_template == synthetic_model.CHATML_TEMPLATE
    assert info.metadata["tokenizer.ggml.tokens"] == ArraySummary(gguf.GGUFValueType.STRING, 512)
    assert len(info.tensors) == 2 + 9 * TINY.n_layer + 1
    embedding = info.tensors[0]
    assert embedding.name == "token_embd.weight" and embedding.shape == (64, 512)
    assert embedding.type_name == quant and embedding.offset == 0
    norm = next(t for t in info.tensors if t.name == "output_norm.weight")
    assert norm.type_name == "F32" and norm.nbytes == 64 * 4
    assert all(t.offset % info.alignment == 0 for t in info.tensors)
    assert info.data_offset % info.alignment == 0
    data_end = info.expected_file_size
    assert data_end - info.data_offset >= info.weights_bytes
    assert 0 <= info.file_size - data_end < info.alignment


def test_chat_template_absent(tiny_model_without_template):
    assert read_info(tiny_model_without_template).chat_template is None


def test_every_value_type_and_array_shape(tmp_path):
    def fill(writer: gguf.GGUFWriter) -> None:
        writer.add_name("Everything")
        writer.add_block_count(3)
        writer.add_head_count(8)
        writer.add_head_count_kv([2, 0, 4])  # per layer: the largest counts
        writer.add_key_length(96)
        writer.add_sliding_window(4096)
        writer.add_expert_count(8)
        writer.add_expert_used_count(2)
        writer.add_file_type(int(gguf.LlamaFileType.MOSTLY_Q4_K_M))
        writer.add_uint8("t.u8", 255)
        writer.add_int8("t.i8", -128)
        writer.add_uint16("t.u16", 65535)
        writer.add_int16("t.i16", -32768)
        writer.add_uint32("t.u32", 2**32 - 1)
        writer.add_int32("t.i32", -(2**31))
        writer.add_float32("t.f32", 1.5)
        writer.add_uint64("t.u64", 2**64 - 1)
        writer.add_int64("t.i64", -(2**63))
        writer.add_float64("t.f64", 0.1)
        writer.add_bool("t.bool", True)
        writer.add_string("t.str", "héllo 你好")
        writer.add_array("t.small_strings", ["a", "b"])
        writer.add_array("t.nested", [[1, 2], [3, 4, 5], ["x"]])
        writer.add_array("t.long_strings", [f"s{i}" for i in range(1000)])
        writer.add_array("t.long_numbers", list(range(5000)))

    info = read_info(write_gguf(tmp_path / "all.gguf", fill))
    meta = info.metadata
    assert [meta[f"t.{k}"] for k in ("u8", "i8", "u16", "i16", "u32", "i32")] == [
        255,
        -128,
        65535,
        -32768,
        2**32 - 1,
        -(2**31),
    ]
    assert (meta["t.f32"], meta["t.u64"], meta["t.i64"]) == (1.5, 2**64 - 1, -(2**63))
    assert meta["t.f64"] == 0.1 and meta["t.bool"] is True and meta["t.str"] == "héllo 你好"
    assert meta["t.small_strings"] == ["a", "b"]
    assert meta["t.nested"] == [[1, 2], [3, 4, 5], ["x"]]
    assert meta["t.long_strings"] == ArraySummary(gguf.GGUFValueType.STRING, 1000)
    assert meta["t.long_numbers"] == ArraySummary(gguf.GGUFValueType.INT32, 5000)
    assert (info.name, info.n_layer, info.n_head, info.n_head_kv) == ("Everything", 3, 8, 4)
    assert (info.key_length, info.value_length, info.vocab_size) == (96, 0, 0)
    assert (info.sliding_window, info.expert_count, info.quantization) == (4096, 8, "Q4_K_M")


def test_quantization_falls_back_to_the_largest_tensor_type(tmp_path):
    info = read_info(write_gguf(tmp_path / "Odd-Model.gguf", lambda w: None, [("a", 64)]))
    assert info.quantization == "F32" and info.name == "Odd-Model"
    assert info.size_label == "64" and info.n_layer == 0 and info.chat_template is None


def test_bytes_stream_and_file_agree(tiny_model):
    data = tiny_model.read_bytes()
    from_file = read_info(tiny_model)
    from_bytes = parse_header(data, len(data), name=str(tiny_model))
    from_stream = parse_header(io.BytesIO(data), name=str(tiny_model))
    assert from_file == from_bytes == from_stream


def test_prefix_asks_for_more_until_it_parses(tiny_model):
    data = tiny_model.read_bytes()
    full = parse_header(data)
    for start in (0, 3, 64, 1000, full.data_offset - 40):
        given, rounds = start, 0
        while True:
            try:
                info = parse_header(data[:given])
                break
            except HeaderIncomplete as incomplete:
                assert incomplete.needed > given
                given, rounds = incomplete.needed, rounds + 1
        assert info.metadata == full.metadata and info.tensors == full.tensors
        assert rounds == 1 and given <= len(data)  # small headers come whole on the first ask
    with pytest.raises(HeaderIncomplete) as caught:
        parse_header(data[:100], file_size=len(data))
    assert 100 < caught.value.needed <= len(data)


def test_128k_vocabulary_header_parses_fast(tmp_path, capsys):
    tokens, scores, types = synthetic_model.build_vocab(128256)

    def fill(writer: gguf.GGUFWriter) -> None:
        writer.add_token_list(tokens)
        writer.add_token_scores(scores)
        writer.add_token_types(types)

    path = write_gguf(tmp_path / "vocab.gguf", fill)
    data = path.read_bytes()
    started = time.perf_counter()
    info = parse_header(data)
    from_bytes = time.perf_counter() - started
    started = time.perf_counter()
    read_info(path)
    from_file = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n128k-token header ({len(data):,} bytes): {from_bytes * 1000:.1f} ms from bytes,")
        print(f"{from_file * 1000:.1f} ms from the file")
    assert info.vocab_size == 128256
    assert info.metadata["tokenizer.ggml.scores"] == ArraySummary(
        gguf.GGUFValueType.FLOAT32, 128256
    )


# --- files that are not (whole) models ---------------------------------------------------


def message_for(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        read_info(path)
    assert type(caught.value) is ModelFileError
    return str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty (0 bytes)"),
        (b"\n<!DOCTYPE html>\n<html><head><title>Model</title>", "is a web page (HTML)"),
        (
            b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 4920733824\n",
            "is a Git LFS pointer",
        ),
        (struct.pack("<Q", 20) + b'{"__metadata__":{}}  ' + bytes(64), "is a safetensors file"),
        (b"PK\x03\x04" + bytes(100), "is a ZIP archive"),
        (b"tjgg" + bytes(100), "GGML format"),
        (b'{"error":"Repository not found"}', "is a JSON text"),
        (bytes(random.Random(7).randbytes(5000)), "is not a GGUF model file"),
        (b"GG", "is not a GGUF model file"),
    ],
)
def test_not_a_gguf_file(tmp_path, content, expected):
    path = tmp_path / "download.gguf"
    path.write_bytes(content)
    message = message_for(path)
    assert expected in message and str(path) in message


def test_a_file_named_like_a_model_is_not_told_to_be_named_like_one(tmp_path):
    path = tmp_path / "not-a-model.gguf"
    path.write_bytes(b"These are notes, not a model.\n" * 40)
    message = message_for(path)
    assert "ends in .gguf" not in message  # it does: that is not what is wrong
    assert "is not a GGUF model file" in message and "damaged" in message
    assert "Download it again" in message
    other = tmp_path / "weights.bin"
    other.write_bytes(bytes(random.Random(3).randbytes(5000)))
    assert ".gguf" in message_for(other)  # the name is a hint here


def test_missing_file_and_folder(tmp_path):
    assert "does not exist" in message_for(tmp_path / "gone.gguf")
    assert "is a folder" in message_for(tmp_path)


@pytest.mark.parametrize(
    ("version", "endian", "expected"),
    [(3, ">", "big-endian"), (2, ">", "big-endian"), (1, "<", "version 1,"), (4, "<", "version 4")],
)
def test_unsupported_versions(tmp_path, version, endian, expected):
    path = tmp_path / "v.gguf"
    path.write_bytes(header(version, endian=endian) + bytes(64))
    assert expected in message_for(path)


def test_hand_made_version_2_header():
    data = header(2, kvs=2) + gguf_string(b"general.name") + struct.pack("<I", 8)
    data += gguf_string(b"v2") + gguf_string(b"empty") + struct.pack("<IIQ", 9, 4, 0)
    info = parse_header(data)
    assert info.version == 2 and info.name == "v2" and info.metadata["empty"] == []
    assert info.data_offset == 96 and info.tensors == () and info.expected_file_size == 96


def test_truncated_files(tmp_path, tiny_model):
    data = tiny_model.read_bytes()
    info = parse_header(data)
    path = tmp_path / "part.gguf"
    for cut in (6, 20, 200, info.data_offset - 40):  # inside the header
        path.write_bytes(data[:cut])
        assert "is incomplete or damaged" in message_for(path)
    for cut in (info.data_offset, info.data_offset + 1000, len(data) - 40):  # inside the data
        path.write_bytes(data[:cut])
        message = message_for(path)
        assert f"only {cut:,} of {info.expected_file_size:,} bytes" in message
        assert "download it again" in message


INFO_PROPERTIES = [name for name, value in vars(GGUFInfo).items() if isinstance(value, property)]


def test_damaged_headers_only_ever_raise_model_file_error(tiny_model):
    """Flip and cut bytes of a real header many times: a result or a ModelFileError."""
    data = tiny_model.read_bytes()
    end = parse_header(data).data_offset
    rng = random.Random(20240601)
    outcomes = {"parsed": 0, "refused": 0}
    for _ in range(600):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(4, end)] = rng.randrange(256)
        if rng.random() < 0.3:
            damaged = damaged[: rng.randrange(end + 200)]
        source = bytes(damaged) if rng.random() < 0.5 else io.BytesIO(damaged)
        try:
            info = parse_header(source, len(damaged) if rng.random() < 0.7 else None)
        except ModelFileError:
            outcomes["refused"] += 1
            continue
        outcomes["parsed"] += 1
        for name in INFO_PROPERTIES:
            getattr(info, name)
        estimate_memory(info, n_ctx=512, n_gpu_layers=rng.choice((0, 1, -1)))
    assert outcomes["parsed"] and outcomes["refused"]


@pytest.mark.parametrize(
    "data",
    [
        header(kvs=1) + struct.pack("<Q", 2**60),  # a 2^60-byte key
        header(kvs=1) + gguf_string(b"k") + struct.pack("<IQ", 8, 2**60),  # a 2^60-byte value
        header(kvs=1) + gguf_string(b"k") + struct.pack("<IIQ", 9, 8, 2**60),  # 2^60 strings
        header(kvs=1) + gguf_string(b"k") + struct.pack("<IIQ", 9, 4, 2**60),  # 2^60 numbers
        header(kvs=1) + gguf_string(b"k") + struct.pack("<IIQ", 9, 8, 2**27) + bytes(64),
        header(tensors=2**60, kvs=0),
        header(kvs=2**60),
        header(tensors=1, kvs=0) + gguf_string(b"t") + struct.pack("<I4QIQ", 4, *[2**40] * 4, 0, 0),
        header(kvs=1) + gguf_string(b"k") + struct.pack("<I", 9) + struct.pack("<IQ", 9, 1) * 99,
    ],
)
def test_malicious_lengths_are_refused_without_big_allocations(data):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        for file_size in (len(data), None):
            with pytest.raises(ModelFileError) as caught:
                parse_header(data, file_size)
            if isinstance(caught.value, HeaderIncomplete):
                assert file_size is None and caught.value.needed <= 1 << 28
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 4 * MiB and time.perf_counter() - started < 1.0


def many_kept_arrays() -> bytes:
    """Twenty thousand keys of 1,024-number arrays: before the value budget, 20 million
    Python numbers (the attack: a 233 MB file of them took 2 GB and 15-25 s)."""
    array = struct.pack("<IIQ", 9, 0, 1024) + bytes(1024)
    return header(kvs=20_000) + b"".join(gguf_string(b"k%d" % i) + array for i in range(20_000))


def many_nested_arrays() -> bytes:
    """One array of 300,000 empty arrays: each costs a step of Python."""
    return (
        header(kvs=1)
        + gguf_string(b"k")
        + struct.pack("<IIQ", 9, 9, 300_000)
        + (struct.pack("<IQ", 0, 0) * 300_000)
    )


def much_text() -> bytes:
    """Two texts of 9 MB: as Python strings, up to four times that."""
    text = gguf_string("é".encode() * 4_500_000)
    values = (gguf_string(key) + struct.pack("<I", 8) + text for key in (b"a", b"b"))
    return header(kvs=2) + b"".join(values)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (many_kept_arrays, "more than 262,144 values"),
        (many_nested_arrays, "more than 262,144 values"),
        (much_text, "more than 16,777,216 bytes of text"),
        (
            lambda: header(kvs=1) + gguf_string(b"k") + struct.pack("<IIQ", 9, 8, 5_000_000),
            "more than 4,194,304 texts",
        ),
        (lambda: header(kvs=70_000), "70,000 metadata keys"),
        (lambda: header(tensors=200_000, kvs=0), "200,000 tensors"),
    ],
)
def test_headers_beyond_the_work_and_memory_budgets_are_refused_fast(make, expected):
    data = make()
    tracemalloc.start()
    started = time.process_time()
    try:
        for source in (data, io.BytesIO(data)):
            with pytest.raises(ModelFileError, match=expected) as caught:
                parse_header(source, len(data))
            assert type(caught.value) is ModelFileError
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.process_time() - started < 5.0
    assert peak < 2 * len(data) + 4 * MiB  # the bytes read, not Python objects made of them


# --- the memory estimate -----------------------------------------------------------------


def test_estimate_places_layers_like_llama_cpp(tiny_model):
    info = read_info(tiny_model)
    layer_bytes = [
        sum(t.nbytes for t in info.tensors if t.name.startswith(f"blk.{i}.")) for i in (0, 1)
    ]
    by_name = {t.name: t.nbytes for t in info.tensors}
    output_bytes = by_name["output.weight"] + by_name["output_norm.weight"]
    kv_layer = 1024 * 2 * (16 + 16) * 2  # cells (1000 rounded up to 256) x heads x (K+V) x f16

    def estimate(layers: int):
        return estimate_memory(info, n_ctx=1000, n_gpu_layers=layers)

    none, half, repeating, everything, minus_one = map(estimate, (0, 1, 2, 3, -1))
    assert (none.weights_vram, none.kv_vram, none.compute_vram, none.vram) == (0, 0, 0, 0)
    assert none.weights_ram == info.weights_bytes and none.kv_ram == 2 * kv_layer
    assert (half.weights_vram, half.kv_vram, half.kv_ram) == (layer_bytes[1], kv_layer, kv_layer)
    assert repeating.weights_vram == sum(layer_bytes) and repeating.kv_vram == 2 * kv_layer
    assert repeating.weights_ram == by_name["token_embd.weight"] + output_bytes
    assert everything.weights_vram == sum(layer_bytes) + output_bytes
    assert everything.weights_ram == by_name["token_embd.weight"] and everything.kv_ram == 0
    assert everything == minus_one == estimate(99)
    assert everything.compute_ram < repeating.compute_ram
    assert none.ram > half.ram > repeating.ram > everything.ram
    assert 0 < half.vram < repeating.vram < everything.vram


def test_estimate_kv_types_context_and_flash_attention(tiny_model):
    info = read_info(tiny_model)

    def estimate(**options):
        return estimate_memory(info, **{"n_ctx": 4096, "n_gpu_layers": 0, **options})

    f16 = estimate()
    assert f16.kv_ram == 2 * 4096 * 2 * 32 * 2
    assert estimate(kv_type="f32").kv_ram == 2 * f16.kv_ram
    assert estimate(kv_type="q8_0").kv_ram == f16.kv_ram * 34 // 64
    assert estimate(kv_type="q4_0").kv_ram == f16.kv_ram * 18 // 64
    assert estimate(flash_attn=True).compute_ram < f16.compute_ram / 4
    assert estimate(n_ctx=0) == f16  # the training context
    assert estimate(n_ctx=4000) == f16  # llama.cpp pads the context to 256 cells
    assert estimate(n_ubatch=128).compute_ram < f16.compute_ram
    with pytest.raises(SettingsError):
        estimate(kv_type="q3_k")


def test_estimate_copies_tied_embeddings_to_the_gpu(tmp_path):
    def fill(writer: gguf.GGUFWriter) -> None:
        writer.add_block_count(1)
        writer.add_embedding_length(64)
        writer.add_head_count(4)

    tensors = [("token_embd.weight", 64 * 100), ("blk.0.attn_q.weight", 64 * 64)]
    info = read_info(write_gguf(tmp_path / "tied.gguf", fill, tensors))
    everything = estimate_memory(info, n_ctx=256, n_gpu_layers=-1)
    assert everything.weights_ram == 64 * 100 * 4
    assert everything.weights_vram == (64 * 64 + 64 * 100) * 4


def llama_cpp_buffers(llama_cpp, path: Path, **options) -> dict[str, float]:
    """Load a model with llama.cpp and return the buffer sizes it logs, in MiB."""
    lines: list[str] = []

    @llama_cpp.llama_log_callback
    def collect(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        lines.append(text.decode("utf-8", errors="replace"))

    llama_cpp.llama_log_set(collect, ctypes.c_void_p(0))
    try:
        model = llama_cpp.Llama(model_path=str(path), verbose=True, **options)
        model.close()
    finally:
        from llama_cpp import _logger

        llama_cpp.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))
    sizes: dict[str, float] = {"model": 0.0, "KV": 0.0, "compute": 0.0, "output": 0.0}
    for kind, mib in re.findall(
        r"(model|KV|compute|output) buffer size = +([\d.]+) MiB", "".join(lines)
    ):
        sizes[kind] += float(mib)
    return sizes


CASES = [
    ("tiny", dict(n_ctx=512), {}),
    ("tiny", dict(n_ctx=2048), {}),
    ("tiny", dict(n_ctx=4096, flash_attn=True), {}),
    ("small", dict(n_ctx=1024), {}),
    ("small", dict(n_ctx=4096), {}),
    ("small", dict(n_ctx=4096, flash_attn=True, n_batch=256, n_ubatch=256), {}),
    ("small", dict(n_ctx=2048, flash_attn=True), {"type_k": "q8_0", "type_v": "q8_0"}),
    ("small", dict(n_ctx=3000, flash_attn=True), {"type_k": "q4_0", "type_v": "q4_0"}),
]


@pytest.fixture(scope="module")
def small_model(tmp_path_factory) -> Path:
    return synthetic_model.write_model(
        tmp_path_factory.mktemp("small") / "small.gguf", quant="F16", shape=SMALL
    )


def test_estimate_matches_llama_cpp(tiny_model, small_model, capsys):
    llama_cpp = pytest.importorskip("llama_cpp")
    rows = []
    for model, options, kv_types in CASES:
        path = tiny_model if model == "tiny" else small_model
        kv_type = kv_types.get("type_k", "f16")
        ggml_type = getattr(llama_cpp, f"GGML_TYPE_{kv_type.upper()}")
        extra = {"type_k": ggml_type, "type_v": ggml_type} if kv_types else {}
        real = llama_cpp_buffers(llama_cpp, path, n_gpu_layers=0, **options, **extra)
        estimate = estimate_memory(read_info(path), n_gpu_layers=0, kv_type=kv_type, **options)
        real_total = sum(real.values())
        rows.append(
            f"{model:5} {options} kv={kv_type}: estimate {estimate.ram / MiB:8.2f} MiB "
            f"(KV {estimate.kv_ram / MiB:.2f}, compute {estimate.compute_ram / MiB:.2f}) | "
            f"llama.cpp {real_total:8.2f} MiB (KV {real['KV']:.2f}, "
            f"compute {real['compute']:.2f} + output {real['output']:.2f})"
        )
        assert estimate.vram == 0
        assert estimate.kv_ram / MiB == pytest.approx(real["KV"], rel=0.05, abs=0.01)
        assert estimate.ram / MiB == pytest.approx(real_total, rel=0.20)
    with capsys.disabled():
        print("\n" + "\n".join(rows))

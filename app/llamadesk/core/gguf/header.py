"""Read what a GGUF model is from its header, without loading weights, and estimate its memory.

The parser reads little-endian GGUF version 2 and 3 from bytes or a binary stream. It
works on a prefix of a file too (say the first bytes fetched with an HTTP Range request):
when the bytes run out it raises :class:`HeaderIncomplete` saying how many bytes to fetch
before trying again. Every length in the header is checked before it is used, and the
work and memory a header may cost are bounded (keys, values kept, texts, strings stepped
over), so a damaged or malicious file ends in a :class:`ModelFileError` within a second or
two, never in a huge allocation. Long arrays (vocabulary, merges, scores) keep only their
type and length. Once read, the hyper-parameters are checked
(:mod:`~llamadesk.core.gguf.hyperparameters`) before anything uses them, and so is the
vocabulary, where llama.cpp aborts on a token listed twice or, for SentencePiece, on a
byte it has no token for.
"""

from __future__ import annotations

import math
import struct
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType, LlamaFileType

from llamadesk.core.errors import ModelFileError
from llamadesk.core.gguf.hyperparameters import check_hyperparameters
from llamadesk.core.texts import Text, mark

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
KEPT_STRING_ARRAY_LENGTH = 64  # longer string arrays (vocabularies) keep only their length
KEPT_ARRAY_LENGTH = 1024  # numeric arrays up to this length (per-layer values) are kept
# Limits no real model comes near: beyond them a header is damaged or malicious. Real
# headers hold about 50 keys, a few kept values and up to about a million strings (a
# 256k-token vocabulary and its merges) in at most a few tens of megabytes.
MAX_HEADER_BYTES = 1 << 28
MAX_STRING_BYTES = 1 << 24
MAX_KEY_BYTES = 1 << 10
MAX_TENSOR_NAME_BYTES = 63  # GGML_MAX_NAME - 1
MAX_ARRAY_LENGTH = 1 << 28
MAX_ARRAY_DEPTH = 4
MAX_KV_COUNT = 1 << 16
MAX_METADATA_VALUES = 1 << 18  # keys and the array elements kept or read one by one
MAX_LISTED_STRINGS = 1 << 22  # strings stepped over in long arrays (vocabularies, merges)
MAX_TEXT_BYTES = 1 << 24  # bytes of the keys, texts and tensor names kept
MAX_TENSOR_COUNT = 1 << 17
VOCABULARY_KEY = "tokenizer.ggml.tokens"
MAX_TENSOR_DIMS = 4
MAX_TENSOR_ELEMENTS = 1 << 52
_STREAM_FIRST_READ = 1 << 20
_SMALLEST_ASK = 1 << 16  # the least HeaderIncomplete.needed asks for

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
# struct codes of the scalar value types, in GGUFValueType order (8 and 9 are STRING, ARRAY)
_SCALAR_CODES = dict(
    zip(map(GGUFValueType, (0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12)), "BbHhIif?Qqd", strict=True)
)
_SCALARS = {vtype: struct.Struct("<" + code) for vtype, code in _SCALAR_CODES.items()}


class HeaderIncomplete(ModelFileError):
    """The bytes ended before the header did: fetch ``needed`` bytes in all and try again.

    ``needed`` is always more than what was given. It is an estimate (a header's size is
    known only once it is read), so a caller holding a prefix loops until parsing works.
    """

    def __init__(self, message: str, needed: int) -> None:
        super().__init__(message)
        self.needed = needed


@dataclass(frozen=True)
class ArraySummary:
    """A metadata array too long to keep (e.g. ``tokenizer.ggml.tokens``): type and length."""

    element_type: GGUFValueType
    length: int

    def __str__(self) -> str:
        return f"a list of {self.length:,} {self.element_type.name} values"


@dataclass(frozen=True)
class TensorInfo:
    """One tensor: ``shape`` in ggml order (fastest dimension first), ``offset`` in the data."""

    name: str
    shape: tuple[int, ...]
    ggml_type: int
    offset: int

    @property
    def type_name(self) -> str:
        return GGMLQuantizationType(self.ggml_type).name

    @property
    def n_elements(self) -> int:
        return math.prod(self.shape)

    @property
    def nbytes(self) -> int:
        block_size, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(self.ggml_type)]
        return self.n_elements // block_size * type_size


def as_int(value: Any) -> int | None:
    """A metadata number as an int (of a per-layer list, the largest); None if not a number."""
    if isinstance(value, list):
        value = max((n for n in map(as_int, value) if n is not None), default=None)
    return int(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


def _hparam(key: str, default: Callable[[GGUFInfo], int | None] = lambda info: 0) -> Any:
    """A property reading the hyper-parameter ``{architecture}.{key}``."""

    def read(info: GGUFInfo) -> int | None:
        value = as_int(info.metadata.get(f"{info.architecture}.{key}"))
        return default(info) if value is None else value

    return property(read, doc=f"The ``{{architecture}}.{key}`` hyper-parameter.")


@dataclass(frozen=True)
class GGUFInfo:
    """What a GGUF header says. ``metadata`` holds plain values, lists and ArraySummary.

    ``path`` is the file's path, or the name given to :func:`parse_header`.
    """

    path: Path
    file_size: int | None
    version: int
    metadata: dict[str, Any]
    tensors: tuple[TensorInfo, ...]
    alignment: int
    data_offset: int

    n_layer = _hparam("block_count")
    n_embd = _hparam("embedding_length")
    n_head = _hparam("attention.head_count")
    n_head_kv = _hparam("attention.head_count_kv", lambda info: info.n_head)
    key_length = _hparam("attention.key_length", lambda info: info.head_dim)
    value_length = _hparam("attention.value_length", lambda info: info.head_dim)
    n_ff = _hparam("feed_forward_length")
    context_length = _hparam("context_length")
    sliding_window = _hparam("attention.sliding_window", lambda info: None)
    expert_count = _hparam("expert_count", lambda info: None)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", ""))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name") or self.path.stem)

    @property
    def head_dim(self) -> int:
        return self.n_embd // self.n_head if self.n_head else 0

    @property
    def n_params(self) -> int:
        return sum(tensor.n_elements for tensor in self.tensors)

    @property
    def weights_bytes(self) -> int:
        return sum(tensor.nbytes for tensor in self.tensors)

    @property
    def expected_file_size(self) -> int:
        """Bytes a complete file has: header, padding and data up to the last tensor's end."""
        return self.data_offset + max((t.offset + t.nbytes for t in self.tensors), default=0)

    @property
    def vocab_size(self) -> int:
        tokens = self.metadata.get("tokenizer.ggml.tokens")
        if isinstance(tokens, ArraySummary):
            return tokens.length
        if isinstance(tokens, list):
            return len(tokens)
        vocab_size = as_int(self.metadata.get(f"{self.architecture}.vocab_size"))
        embedding = next((t for t in self.tensors if t.name == "token_embd.weight"), None)
        return vocab_size or (embedding.shape[-1] if embedding else 0)

    @property
    def chat_template(self) -> str | None:
        template = self.metadata.get("tokenizer.chat_template")
        return template if isinstance(template, str) else None

    @property
    def quantization(self) -> str:
        """A label like "Q4_K_M": from ``general.file_type``, else the type with most bytes."""
        file_type = self.metadata.get("general.file_type")
        if isinstance(file_type, int) and file_type in LlamaFileType._value2member_map_:
            label = LlamaFileType(file_type).name
            if label != "GUESSED":
                return label.removeprefix("MOSTLY_").removeprefix("ALL_")
        bytes_by_type: Counter[str] = Counter()
        for tensor in self.tensors:
            bytes_by_type[tensor.type_name] += tensor.nbytes
        return bytes_by_type.most_common(1)[0][0] if bytes_by_type else "unknown"

    @property
    def size_label(self) -> str:
        """The parameter count for people: "135M", "1.2B", "70B"."""
        for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
            if self.n_params >= scale:
                value = self.n_params / scale
                return f"{value:.1f}{unit}" if value < 9.95 else f"{value:.0f}{unit}"
        return str(self.n_params)


def parse_header(
    source: bytes | bytearray | BinaryIO, file_size: int | None = None, *, name: str = "model"
) -> GGUFInfo:
    """Parse a GGUF header from bytes (a whole file or a prefix) or a binary stream.

    ``file_size`` is the size of the whole file when known: lengths that run past it make
    a damaged-file error instead of :class:`HeaderIncomplete`. ``name`` is how messages
    call the file. A stream is read from where it stands, only as far as the header goes.
    """
    if isinstance(source, (bytes, bytearray)):
        return _HeaderParser(source, file_size, name, stream=None).parse()
    return _HeaderParser(bytearray(), file_size, name, stream=source).parse()


def _damaged(name: str, detail: str) -> ModelFileError:
    return ModelFileError(
        Text(
            'The model file "{name}" is damaged ({detail}). Download it again or choose '
            "another file.",
            name=name,
            detail=detail,
        )
    )


class _HeaderParser:
    """One pass over the header bytes, read from ``stream`` as needed; ``pos`` is the position."""

    def __init__(
        self, data: bytes | bytearray, file_size: int | None, name: str, stream: BinaryIO | None
    ) -> None:
        self.data, self.file_size, self.name, self.stream = data, file_size, name, stream
        self.pos = self.kv_left = self.tensors_left = 0
        self.array_rest = 0  # guessed bytes left in the array being read, for HeaderIncomplete
        # What is left of the budgets that bound a header's work and memory.
        self.values_left = MAX_METADATA_VALUES
        self.strings_left = MAX_LISTED_STRINGS
        self.text_left = MAX_TEXT_BYTES
        self.vocabulary: set[bytes] | None = None  # the tokens, once read

    def parse(self) -> GGUFInfo:
        self._check_magic()
        version = self._read(_U32)
        if version not in SUPPORTED_VERSIONS:
            raise _version_error(self.name, version)
        self.tensors_left, self.kv_left = self._read(_U64), self._read(_U64)
        if self.tensors_left > MAX_TENSOR_COUNT or self.kv_left > MAX_KV_COUNT:
            raise _damaged(
                self.name,
                Text(
                    "{tensors:,} tensors, {keys:,} metadata keys",
                    tensors=self.tensors_left,
                    keys=self.kv_left,
                ),
            )
        metadata: dict[str, Any] = {}
        while self.kv_left:
            self._spend_values(1)
            key = self._read_string(MAX_KEY_BYTES)
            if key in metadata:
                raise _damaged(
                    self.name, Text("the metadata key {key} appears twice", key=repr(key))
                )
            value_type, start = self._read_value_type(), self.pos
            metadata[key] = self._read_value(value_type, depth=0)
            if key == VOCABULARY_KEY:
                self._check_vocabulary(metadata[key], start)
            self.kv_left -= 1
        alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
        if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
            raise _damaged(self.name, Text("general.alignment is {value}", value=repr(alignment)))
        tensors: dict[str, TensorInfo] = {}
        while self.tensors_left:
            tensor = self._read_tensor_info(alignment)
            if tensor.name in tensors:
                raise _damaged(
                    self.name, Text("the tensor {tensor} appears twice", tensor=repr(tensor.name))
                )
            tensors[tensor.name] = tensor
            self.tensors_left -= 1
        self._check_byte_tokens(metadata)
        check_hyperparameters(self.name, metadata)
        return GGUFInfo(
            path=Path(self.name),
            file_size=self.file_size,
            version=version,
            metadata=metadata,
            tensors=tuple(tensors.values()),
            alignment=alignment,
            data_offset=-(-self.pos // alignment) * alignment,
        )

    def _spend_values(self, count: int) -> None:
        self.values_left -= count
        if self.values_left < 0:
            raise _damaged(
                self.name,
                Text("its metadata holds more than {limit:,} values", limit=MAX_METADATA_VALUES),
            )

    def _check_magic(self) -> None:
        try:
            self._need(4)
        except HeaderIncomplete:
            if GGUF_MAGIC.startswith(self.data):
                raise
        except ModelFileError:
            pass  # fewer than 4 bytes in all: not a GGUF file, said below
        if self.data[:4] != GGUF_MAGIC:
            raise ModelFileError(_not_gguf_message(self.name, bytes(self.data[:4096])))
        self.pos = 4

    def _need(self, count: int) -> None:
        """Make sure ``count`` bytes follow the read position: read them, or raise."""
        end = self.pos + count
        if end <= len(self.data):
            return
        if end > MAX_HEADER_BYTES:
            raise _damaged(
                self.name,
                Text("its header claims to be over {limit:,} bytes", limit=MAX_HEADER_BYTES),
            )
        if self.stream is not None:
            want = max(end, 2 * len(self.data), _STREAM_FIRST_READ)
            want = min(want, MAX_HEADER_BYTES) - len(self.data)
            chunk = self.stream.read(want)
            self.data += chunk  # type: ignore[operator]  # a bytearray when reading a stream
            if len(chunk) < want:  # the stream ended: what was read is the whole file
                self.stream, self.file_size = None, len(self.data)
            if end <= len(self.data):
                return
        if self.file_size is not None and end > self.file_size:
            raise ModelFileError(
                Text(
                    'The model file "{name}" is incomplete or damaged: its header describes '
                    "more data than the file holds ({size:,} bytes). The download probably "
                    "stopped early; download it again.",
                    name=self.name,
                    size=self.file_size,
                )
            )
        # Guess the rest of the header, and ask for at least twice as much: fewer round trips.
        needed = end + self.array_rest + 128 * (self.kv_left + self.tensors_left)
        needed = max(needed, 2 * len(self.data), _SMALLEST_ASK)
        needed = min(needed, MAX_HEADER_BYTES, self.file_size or MAX_HEADER_BYTES)
        raise HeaderIncomplete(
            Text(
                'The header of "{name}" goes on past the {read:,} bytes read: read about '
                "{needed:,} bytes and try again.",
                name=self.name,
                read=len(self.data),
                needed=needed,
            ),
            needed,
        )

    def _read(self, scalar: struct.Struct) -> Any:
        self._need(scalar.size)
        (value,) = scalar.unpack_from(self.data, self.pos)
        self.pos += scalar.size
        return value

    def _read_string_length(self, max_bytes: int) -> int:
        length = self._read(_U64)
        if length > max_bytes:
            raise _damaged(self.name, Text("a text of {length:,} bytes", length=length))
        self._need(length)
        return length

    def _read_string(self, max_bytes: int = MAX_STRING_BYTES) -> str:
        """A key, a text value or a tensor name: kept, so counted against the text budget."""
        length = self._read_string_length(max_bytes)
        self.text_left -= length
        if self.text_left < 0:
            raise _damaged(
                self.name,
                Text("its header holds more than {limit:,} bytes of text", limit=MAX_TEXT_BYTES),
            )
        self.pos += length
        return self.data[self.pos - length : self.pos].decode("utf-8", errors="replace")

    def _read_value_type(self) -> GGUFValueType:
        raw = self._read(_U32)
        if raw not in GGUFValueType._value2member_map_:
            raise _damaged(self.name, Text("unknown metadata value type {type}", type=raw))
        return GGUFValueType(raw)

    def _read_value(self, vtype: GGUFValueType, depth: int) -> Any:
        if vtype == GGUFValueType.STRING:
            return self._read_string()
        if vtype == GGUFValueType.ARRAY:
            return self._read_array(depth + 1)
        return self._read(_SCALARS[vtype])

    def _read_array(self, depth: int) -> list[Any] | ArraySummary:
        if depth > MAX_ARRAY_DEPTH:
            raise _damaged(self.name, Text("arrays nested {depth} deep", depth=depth))
        element_type, length = self._read_value_type(), self._read(_U64)
        if length > MAX_ARRAY_LENGTH:
            raise _damaged(self.name, Text("an array of {length:,} elements", length=length))
        if element_type in _SCALARS:
            nbytes = length * _SCALARS[element_type].size
            self.array_rest = nbytes
            self._need(nbytes)
            self.pos, self.array_rest = self.pos + nbytes, 0
            if length <= KEPT_ARRAY_LENGTH:
                self._spend_values(length)
                code = f"<{length}{_SCALAR_CODES[element_type]}"
                return list(struct.unpack_from(code, self.data, self.pos - nbytes))
            return ArraySummary(element_type, length)
        if length <= KEPT_STRING_ARRAY_LENGTH:
            self._spend_values(length)
            return [self._read_value(element_type, depth) for _ in range(length)]
        if element_type == GGUFValueType.STRING:
            self._skip_strings(length)
        else:
            self._spend_values(length)
            for _ in range(length):
                self._read_array(depth + 1)
        return ArraySummary(element_type, length)

    def _check_vocabulary(self, tokens: Any, start: int) -> None:
        """Refuse a vocabulary that lists a token twice: llama.cpp aborts on it
        (``GGML_ASSERT(id_to_token.size() == token_to_id.size())``). ``start`` is where
        the array's value begins: its element type and length, then its strings."""
        if isinstance(tokens, list):
            texts = [t.encode() if isinstance(t, str) else repr(t).encode() for t in tokens]
        elif isinstance(tokens, ArraySummary) and tokens.element_type == GGUFValueType.STRING:
            raw, pos, texts = bytes(self.data[start + 12 : self.pos]), 0, []
            unpack_length, add = _U64.unpack_from, texts.append
            for _ in range(tokens.length):  # all in memory: the array was just stepped over
                begin = pos + 8
                pos = begin + unpack_length(raw, pos)[0]
                add(raw[begin:pos])
        else:
            return
        # llama.cpp reads each token as a C string: it ends at the first NUL byte.
        texts = [text.partition(b"\0")[0] for text in texts]
        self.vocabulary = set(texts)
        if len(self.vocabulary) == len(texts):
            return
        seen: set[bytes] = set()
        for text in texts:
            if text in seen:
                token = repr(text.decode("utf-8", errors="replace"))
                raise _damaged(
                    self.name, Text("its vocabulary lists the token {token} twice", token=token)
                )
            seen.add(text)

    def _check_byte_tokens(self, metadata: dict[str, Any]) -> None:
        """A SentencePiece vocabulary (tokenizer "llama") spells what it has no token for
        byte by byte, as <0x0A> or the byte itself: llama.cpp aborts on a byte it cannot."""
        if metadata.get("tokenizer.ggml.model") != "llama" or self.vocabulary is None:
            return
        for byte in range(256):
            spelled = (f"<0x{byte:02X}>".encode(), bytes([byte]))
            if not any(token in self.vocabulary for token in spelled):
                raise _damaged(
                    self.name,
                    Text(
                        "its vocabulary has no token for the byte {byte}, which its "
                        "tokenizer needs",
                        byte=f"0x{byte:02X}",
                    ),
                )

    def _skip_strings(self, count: int) -> None:
        """Step over ``count`` strings reading only their lengths: fast for vocabularies."""
        self.strings_left -= count
        if self.strings_left < 0:
            raise _damaged(
                self.name,
                Text("its arrays hold more than {limit:,} texts", limit=MAX_LISTED_STRINGS),
            )
        data, pos, end, start = self.data, self.pos, len(self.data), self.pos
        unpack_length = _U64.unpack_from
        for done in range(count):
            if pos + 8 <= end:
                after = pos + 8 + unpack_length(data, pos)[0]
                if after <= end:
                    pos = after
                    continue
            # Past the bytes at hand: the careful path reads more, or raises the right error.
            self.pos = pos
            self.array_rest = (count - done) * ((pos - start) // done if done else 16)
            pos = self._read_string_length(MAX_STRING_BYTES) + self.pos
            end = len(self.data)
        self.pos, self.array_rest = pos, 0

    def _read_tensor_info(self, alignment: int) -> TensorInfo:
        name = self._read_string(MAX_TENSOR_NAME_BYTES)
        n_dims = self._read(_U32)
        if n_dims > MAX_TENSOR_DIMS:
            raise _damaged(
                self.name,
                Text("tensor {tensor} has {n} dimensions", tensor=repr(name), n=n_dims),
            )
        shape = tuple(self._read(_U64) for _ in range(n_dims))
        raw_type, offset = self._read(_U32), self._read(_U64)
        if max(shape, default=0) > MAX_TENSOR_ELEMENTS or math.prod(shape) > MAX_TENSOR_ELEMENTS:
            raise _damaged(
                self.name,
                Text("tensor {tensor} has the shape {shape}", tensor=repr(name), shape=str(shape)),
            )
        if raw_type not in GGMLQuantizationType._value2member_map_:
            raise ModelFileError(
                Text(
                    'The model file "{name}" uses a tensor type this version of LlamaDesk does '
                    "not know (type {type} in {tensor}). Update LlamaDesk, or choose another "
                    "quantization of the model.",
                    name=self.name,
                    type=raw_type,
                    tensor=repr(name),
                )
            )
        if shape and shape[0] % GGML_QUANT_SIZES[GGMLQuantizationType(raw_type)][0]:
            raise _damaged(
                self.name,
                Text("tensor {tensor} has a row of {n} elements", tensor=repr(name), n=shape[0]),
            )
        if offset % alignment:
            raise _damaged(
                self.name, Text("tensor {tensor} starts at an unaligned offset", tensor=repr(name))
            )
        return TensorInfo(name=name, shape=shape, ggml_type=raw_type, offset=offset)


def _version_error(name: str, version: int) -> ModelFileError:
    if struct.unpack("<I", struct.pack(">I", version))[0] in (1, *SUPPORTED_VERSIONS):
        message = Text(
            'The model file "{name}" is a big-endian GGUF file, made for IBM mainframes. '
            "Download the ordinary (little-endian) version of the model.",
            name=name,
        )
    elif version == 1:
        message = Text(
            'The model file "{name}" uses GGUF version 1, from 2023, which llama.cpp no longer '
            "reads. Download a newer conversion of the model.",
            name=name,
        )
    else:
        message = Text(
            'The model file "{name}" uses GGUF version {version}, which this version of '
            "LlamaDesk cannot read. Update LlamaDesk, or download another copy of the model.",
            name=name,
            version=version,
        )
    return ModelFileError(message)


# (test on the first bytes, what the file is) for the files people download by mistake
_NOT_GGUF_KINDS: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (
        lambda head: not head,
        mark('The model file "{name}" is empty (0 bytes): the download failed. Download it again.'),
    ),
    (
        lambda head: b"<html" in head[:1024].lower() or b"<!doctype html" in head[:1024].lower(),
        mark(
            'The model file "{name}" is a web page (HTML), not a model: the link led to a page '
            "instead of the file. Download the .gguf file itself (on Hugging Face, use the "
            '"download" link).'
        ),
    ),
    (
        lambda head: head.startswith(b"version https://git-lfs"),
        mark(
            'The model file "{name}" is a Git LFS pointer, not the model: the repository was '
            'cloned without Git LFS. Run "git lfs pull" in it, or download the .gguf file '
            "directly."
        ),
    ),
    (
        lambda head: head[8:10] == b'{"',
        mark(
            'The model file "{name}" is a safetensors file, not GGUF. Download a GGUF version '
            "of this model."
        ),
    ),
    (
        lambda head: head[:4] == b"PK\x03\x04",
        mark(
            'The model file "{name}" is a ZIP archive (a PyTorch file?). Download a GGUF '
            "version of this model."
        ),
    ),
    (
        lambda head: head[:4] in (b"lmgg", b"fmgg", b"tjgg"),
        mark(
            'The model file "{name}" is in the GGML format that GGUF replaced in 2023. '
            "Download a GGUF version of this model."
        ),
    ),
    (
        lambda head: head.lstrip()[:1] in (b"{", b"["),
        mark(
            'The model file "{name}" is a JSON text (perhaps an error from the server), not a '
            "model. Download it again."
        ),
    ),
)


def _not_gguf_message(name: str, head: bytes) -> str:
    """Say what a file that is not GGUF looks like: people often download the wrong thing."""
    if name.lower().endswith(".gguf"):  # named like a model: its name is not what is wrong
        unknown = mark(
            'The model file "{name}" is not a GGUF model file: it does not begin with '
            '"GGUF", as every GGUF model does, so it is another kind of file or its header '
            "is damaged. Download it again, or choose another model file."
        )
    else:
        unknown = mark(
            'The model file "{name}" is not a GGUF model file. Choose a model file whose '
            "name ends in .gguf."
        )
    template = next((template for test, template in _NOT_GGUF_KINDS if test(head)), unknown)
    return Text(template, name=name)


def read_info(path: Path | str) -> GGUFInfo:
    """Read the header of the GGUF file at ``path`` and check that the file is complete."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ModelFileError(
                Text('"{path}" is a folder, not a model file. Choose a .gguf file.', path=str(path))
            )
        size = path.stat().st_size
        with path.open("rb") as stream:
            info = parse_header(stream, size, name=str(path))
    except FileNotFoundError:
        raise ModelFileError(
            Text(
                'The model file "{path}" does not exist. It may have been moved or deleted: '
                "choose it again or download it again.",
                path=str(path),
            )
        ) from None
    except OSError as error:
        raise ModelFileError(
            Text(
                'The model file "{path}" could not be read ({error}). Check that it is readable '
                "and that its disk is connected.",
                path=str(path),
                error=str(error.strerror or error),
            )
        ) from error
    if size < info.expected_file_size:
        raise ModelFileError(
            Text(
                'The model file "{path}" is incomplete: only {size:,} of {expected:,} bytes '
                "({share:.0%}) are present. The download probably stopped early; download it "
                "again.",
                path=str(path),
                size=size,
                expected=info.expected_file_size,
                share=size / info.expected_file_size,
            )
        )
    return info

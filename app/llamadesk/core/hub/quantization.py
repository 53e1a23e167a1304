"""Which GGUF file is which: quantization labels, split models, trade-offs; repo names, cards.

A GGUF repository on the Hub holds the same model at several quantizations
(``Model-Q4_K_M.gguf``, ``Model-Q8_0.gguf`` ...), big ones split into parts
(``Model-Q8_0-00001-of-00002.gguf`` ...), and sometimes vision projectors
(``mmproj-*.gguf``). :func:`group_variants` turns a repository's file list into
:class:`ModelVariant` objects, one per downloadable model, each labelled with its
quantization. :func:`parse_repo_reference` reads a pasted repo id or Hub URL, and
:func:`card_description` and :func:`license_name` read a model card. Pure functions:
no network, no Qt (:mod:`llamadesk.core.hub.client` fetches what they read).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from llamadesk.core.errors import HubError
from llamadesk.core.texts import Text, mark

UNKNOWN = "unknown"

# label -> approximate bits per weight (llama.cpp's quantize table, 7B-class models)
BITS_PER_WEIGHT: dict[str, float] = {
    "F32": 32.0,
    "F16": 16.0,
    "BF16": 16.0,
    "Q8_0": 8.5,
    "Q6_K_L": 6.7,
    "Q6_K": 6.56,
    "Q5_K_L": 5.9,
    "Q5_1": 6.0,
    "Q5_K_M": 5.69,
    "Q5_K_S": 5.54,
    "Q5_0": 5.5,
    "Q4_K_L": 5.1,
    "Q4_1": 5.0,
    "Q4_K_XL": 5.0,
    "Q4_K_M": 4.89,
    "Q4_K_S": 4.58,
    "Q4_0": 4.5,
    "Q4_0_4_4": 4.5,
    "Q4_0_4_8": 4.5,
    "Q4_0_8_8": 4.5,
    "IQ4_NL": 4.5,
    "IQ4_XS": 4.25,
    "MXFP4": 4.25,
    "MXFP4_MOE": 4.25,
    "Q3_K_XL": 4.4,
    "Q3_K_L": 4.27,
    "Q3_K_M": 3.91,
    "IQ3_M": 3.66,
    "Q3_K_S": 3.5,
    "IQ3_S": 3.44,
    "IQ3_XS": 3.3,
    "IQ3_XXS": 3.06,
    "Q2_K_L": 3.2,
    "Q2_K_XL": 3.2,
    "Q2_K": 2.96,
    "Q2_K_S": 2.7,
    "IQ2_M": 2.7,
    "IQ2_S": 2.5,
    "IQ2_XS": 2.31,
    "IQ2_XXS": 2.06,
    "TQ2_0": 2.06,
    "IQ1_M": 1.75,
    "TQ1_0": 1.69,
    "IQ1_S": 1.56,
}
# The usual default: small, fast, and hard to tell from the original in a chat.
PREFERRED = "Q4_K_M"
FOUR_BIT_CLASS = frozenset(
    {"Q4_K_M", "Q4_K_S", "Q4_K_L", "Q4_K_XL", "IQ4_XS", "IQ4_NL", "Q4_0", "Q4_1", "MXFP4"}
    | {"MXFP4_MOE", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8"}
)

_LABEL = re.compile(
    r"(?<![a-z0-9])(?:ud-)?("
    r"iq[1-4]_(?:xxs|xs|nl|s|m)|tq[12]_0|q[2-8]_k(?:_(?:xl|l|m|s))?|q[4-8]_[01](?:_[48]_[48])?"
    r"|mxfp4(?:_moe)?|bf16|fp16|f16|fp32|f32"
    r")(?![a-z0-9])",
    re.IGNORECASE,
)
_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]{0,95}/[A-Za-z0-9][\w.-]{0,95}")
_PART = re.compile(r"^(?P<base>.+)-(?P<no>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)


@dataclass(frozen=True)
class RemoteFile:
    """A file in a repository: its path there, size in bytes and LFS sha256 (when known)."""

    path: str
    size: int | None = None
    sha256: str | None = None

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


@dataclass(frozen=True)
class ModelVariant:
    """One downloadable model in a repository: a single .gguf file, or every part of one.

    ``revision`` is the commit the file list came from: downloads fetch exactly that.
    ``kind`` is "model", or "projector" for a vision projector (``mmproj``), which is
    not a chat model on its own.
    """

    repo_id: str
    revision: str
    quantization: str
    files: tuple[RemoteFile, ...]
    kind: str = "model"

    @property
    def name(self) -> str:
        """The path of the (first) file in the repository; llama.cpp loads that one."""
        return self.files[0].path

    @property
    def display_name(self) -> str:
        """The file name without folders or the ``-00001-of-00002`` part suffix."""
        match = _PART.match(self.files[0].name)
        return f"{match['base']}.gguf" if match else self.files[0].name

    @property
    def size(self) -> int | None:
        """Total bytes of all parts, or None when a size is unknown."""
        sizes = [f.size for f in self.files]
        return None if None in sizes else sum(sizes)  # type: ignore[arg-type]

    @property
    def is_split(self) -> bool:
        return len(self.files) > 1

    @property
    def bits_per_weight(self) -> float | None:
        return BITS_PER_WEIGHT.get(self.quantization)

    @property
    def description(self) -> str:
        """What the quantization trades, for the user (a Text)."""
        return describe(self.quantization)


@dataclass(frozen=True)
class RepoDetails:
    """A repository's GGUF models (``variants``, smallest first), projectors and card."""

    repo_id: str
    revision: str  # the commit listed: downloads pin it
    url: str  # the model page
    variants: tuple[ModelVariant, ...]
    projectors: tuple[ModelVariant, ...]
    other_files: tuple[RemoteFile, ...]
    description: str
    license: str | None  # for people: "Apache 2.0", "Llama 3.2 Community License" ...
    gated: bool
    private: bool
    access_note: str | None  # for gated repos: what to do before downloading
    downloads: int = 0
    likes: int = 0
    last_modified: datetime | None = None
    tags: tuple[str, ...] = ()

    def by_quantization(self) -> dict[str, list[ModelVariant]]:
        return by_quantization(self.variants)

    def find(self, name_or_quant: str) -> ModelVariant | None:
        """The variant with this file path or name, else the first with this quantization."""
        wanted = name_or_quant.lower()
        for variant in self.variants + self.projectors:
            if wanted in (variant.name.lower(), variant.display_name.lower()):
                return variant
            if any(wanted == f.path.lower() for f in variant.files):
                return variant
        return next((v for v in self.variants if v.quantization.lower() == wanted), None)


def quant_label(path: str) -> str:
    """The quantization in a file name ("Q4_K_M", "IQ3_XS", "F16" ...) or "unknown".

    The file name is looked at first, then its folders; the last label in a name wins
    (``Model-F16-Q4_K_M.gguf`` is Q4_K_M). Unsloth's dynamic "UD-" prefix is dropped.
    """
    for part in reversed(PurePosixPath(path).parts):
        labels = _LABEL.findall(part)
        if labels:
            label = labels[-1].upper()
            return {"FP16": "F16", "FP32": "F32"}.get(label, label)
    return UNKNOWN


def split_part(path: str) -> tuple[str, int, int] | None:
    """``(base path, part number, part count)`` of a split model's part, else None."""
    match = _PART.match(path)
    if not match:
        return None
    return match["base"], int(match["no"]), int(match["count"])


def is_gguf(path: str) -> bool:
    return path.lower().endswith(".gguf")


def is_projector(path: str) -> bool:
    return "mmproj" in PurePosixPath(path).name.lower()


def group_variants(repo_id: str, revision: str, files: Iterable[RemoteFile]) -> list[ModelVariant]:
    """Every GGUF model in ``files``: split models as one variant, incomplete sets left out.

    Models come first, smallest first (unknown sizes last), then projectors.
    """
    singles: list[ModelVariant] = []
    parts: dict[tuple[str, int], dict[int, RemoteFile]] = {}
    for file in files:
        if not is_gguf(file.path):
            continue
        split = split_part(file.path)
        if split:
            base, number, count = split
            parts.setdefault((base, count), {})[number] = file
        else:
            singles.append(_variant(repo_id, revision, (file,)))
    for (_base, count), numbered in parts.items():
        if sorted(numbered) == list(range(1, count + 1)):
            ordered = tuple(numbered[n] for n in range(1, count + 1))
            singles.append(_variant(repo_id, revision, ordered))

    def order(variant: ModelVariant) -> tuple:
        size = variant.size
        return (variant.kind != "model", size is None, size or 0, variant.name)

    return sorted(singles, key=order)


def _variant(repo_id: str, revision: str, files: tuple[RemoteFile, ...]) -> ModelVariant:
    kind = "projector" if is_projector(files[0].path) else "model"
    return ModelVariant(repo_id, revision, quant_label(files[0].path), files, kind)


def by_quantization(variants: Iterable[ModelVariant]) -> dict[str, list[ModelVariant]]:
    """Variants grouped by label, the groups ordered from most to fewest bits per weight."""
    groups: dict[str, list[ModelVariant]] = {}
    for variant in variants:
        groups.setdefault(variant.quantization, []).append(variant)
    return dict(sorted(groups.items(), key=lambda item: -BITS_PER_WEIGHT.get(item[0], 0.0)))


def describe(label: str) -> str:
    """One sentence on what a quantization trades: size and speed against quality (a Text)."""
    bits = BITS_PER_WEIGHT.get(label)
    if bits is None:
        return Text("Unrecognised quantization: the size is the best guide.")
    if bits >= 16:
        text = Text("Full precision: the largest and slowest, with no quality loss.")
    elif bits >= 8:
        text = Text("Nearly indistinguishable from full precision, at about half the size of F16.")
    elif bits >= 6:
        text = Text("Very close to full quality; a good choice when memory allows.")
    elif bits >= 5:
        text = Text("High quality at a moderate size.")
    elif bits >= 4:
        text = Text("The usual balance of size, speed and quality.")
    elif bits >= 3:
        text = Text("Smaller and faster, with a noticeable drop in quality.")
    else:
        text = Text("The smallest, with a large drop in quality: only when nothing larger fits.")
    if label == PREFERRED:
        text = Text("{text} The most common default.", text=text)
    if label.startswith("IQ"):
        text = Text("{text} An i-quant: more quality per bit, but slower on a CPU.", text=text)
    if re.fullmatch(r"Q4_0_\d_\d", label):
        text = Text("{text} Repacked for ARM CPUs; elsewhere choose Q4_0.", text=text)
    return text


# ------------------------------------------------------------------ repositories, cards
@dataclass(frozen=True)
class RepoReference:
    """What a pasted repo id or Hub URL names."""

    repo_id: str
    filename: str | None = None
    revision: str | None = None
    quantization: str | None = None  # from "org/name:Q4_K_M"


def validate_repo_id(repo_id: str) -> str:
    if not _REPO_ID.fullmatch(repo_id or "") or ".." in repo_id or "--" in repo_id:
        raise HubError(
            Text(
                '"{repo_id}" is not a model repository name: it looks like "organisation/model".',
                repo_id=repo_id,
            ),
            reason="invalid",
        )
    return repo_id


_NOT_MODELS = {  # the Hub's other kinds of address
    "datasets": mark("a dataset"),
    "spaces": mark("a space"),
    "collections": mark("a collection"),
    "buckets": mark("a bucket"),
}


def parse_repo_reference(text: str) -> RepoReference | None:
    """A pasted "org/name", "org/name:Q4_K_M" or Hub URL (any host: mirrors too), else None.

    ``https://huggingface.co/org/name/blob/main/x.gguf`` gives the repo, revision and file.
    Raises HubError for a URL of a dataset or Space, or one that names no repository."""
    text = text.strip()
    is_url = "://" in text or text.lower().startswith(("huggingface.co/", "hf.co/", "www."))
    if not is_url:
        match = re.fullmatch(rf"({_REPO_ID.pattern})(?::([\w.-]+))?", text)
        if not match or ".." in match[1]:
            return None
        return RepoReference(match[1], quantization=match[2] and match[2].upper())
    parts = urlsplit(text if "://" in text else f"https://{text}")
    path = f"{parts.netloc}{parts.path}" if parts.scheme == "hf" else parts.path
    segments = [unquote(s) for s in path.split("/") if s]
    if segments and segments[0] in _NOT_MODELS:
        raise HubError(
            Text(
                "{address} is {kind} on the Hub, not a model. Paste the address of a model "
                "repository with GGUF files.",
                address=text,
                kind=Text(_NOT_MODELS[segments[0]]),
            ),
            reason="invalid",
        )
    if len(segments) < 2:
        raise HubError(
            Text("{address} does not name a model repository.", address=text), reason="invalid"
        )
    name, _, quant = segments[1].partition(":")
    repo_id = validate_repo_id(f"{segments[0]}/{name}")
    rest, revision, filename = segments[2:], None, None
    if len(rest) >= 2 and rest[0] in ("blob", "resolve", "raw", "tree"):
        revision = rest[1]
        filename = "/".join(rest[2:]) if rest[0] != "tree" and len(rest) > 2 else None
    return RepoReference(repo_id, filename, revision, quant.upper() or None)


_LICENSES = {
    "apache-2.0": "Apache 2.0",
    "mit": "MIT",
    "llama2": "Llama 2 Community License",
    "llama3": "Llama 3 Community License",
    "llama3.1": "Llama 3.1 Community License",
    "llama3.2": "Llama 3.2 Community License",
    "llama3.3": "Llama 3.3 Community License",
    "gemma": "Gemma Terms of Use",
    "cc-by-4.0": "CC BY 4.0",
    "cc-by-sa-4.0": "CC BY-SA 4.0",
    "cc-by-nc-4.0": "CC BY-NC 4.0 (non-commercial)",
    "openrail": "OpenRAIL",
    "bigscience-openrail-m": "BigScience OpenRAIL-M",
}


def license_name(card_data: dict[str, Any]) -> str | None:
    """The licence named in a model card's metadata, for people."""
    license_id = card_data.get("license")
    if isinstance(license_id, list):
        license_id = license_id[0] if license_id else None
    if not isinstance(license_id, str) or not license_id:
        return None
    if license_id == "other":
        name = card_data.get("license_name")
        return str(name) if name else Text("Other (see the model card)")
    return _LICENSES.get(license_id.lower(), license_id)


def card_description(text: str, limit: int = 300) -> str:
    """The first paragraph of prose in a model card (front matter, headings, images,
    tables and HTML blocks skipped, Markdown and tags removed), cut at a sentence."""
    front_matter = re.match(r"\A\s*---\s*\n.*?\n---\s*(\n|\Z)", text, flags=re.DOTALL)
    body = text[front_matter.end() :] if front_matter else text
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or block.startswith(("#", "!", "|", "```", ">", "---", "- ", "* ", "[!")):
            continue
        plain = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", block)  # images
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)  # links
        plain = re.sub(r"<[^>]+>|\*{1,3}|_{2,3}|`", "", plain)  # HTML tags, emphasis, code
        plain = " ".join(plain.split())
        if len(plain) < 20:
            continue
        if len(plain) > limit:
            cut = plain[:limit]
            end = cut.rfind(". ")
            plain = cut[: end + 1] if end > limit // 3 else cut.rstrip() + "…"
        return plain
    return ""

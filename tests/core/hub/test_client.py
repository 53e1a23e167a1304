"""The Hub client through the real huggingface_hub against the loopback Hub: search, a
repository's files grouped by quantization, remote headers, errors, offline mode."""

from __future__ import annotations

import hashlib

import pytest

from llamadesk.core.errors import HubError
from llamadesk.core.hub import Download, HubConfig
from llamadesk.core.hub import client as hub
from llamadesk.core.hub.quantization import (
    ModelVariant,
    RemoteFile,
    by_quantization,
    card_description,
    describe,
    group_variants,
    license_name,
    parse_repo_reference,
    quant_label,
    split_part,
)
from tests.hub_server import (
    GATED_REPO,
    GOOD_TOKEN,
    MODEL_REPO,
    NOT_ACCEPTED_TOKEN,
    PRIVATE_REPO,
    closed_port_url,
)


# ------------------------------------------------------------------ names (pure)
@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Llama-3.2-1B-Instruct-Q4_K_M.gguf", "Q4_K_M"),
        ("Meta-Llama-3.1-8B-Instruct-Q3_K_XL.gguf", "Q3_K_XL"),
        ("model-q5_k_s.gguf", "Q5_K_S"),
        ("Qwen2.5-7B-Instruct-IQ4_XS.gguf", "IQ4_XS"),
        ("x-IQ2_XXS.gguf", "IQ2_XXS"),
        ("x-IQ1_S.gguf", "IQ1_S"),
        ("x-IQ4_NL.gguf", "IQ4_NL"),
        ("phi-3.5-mini-Q4_0_4_4.gguf", "Q4_0_4_4"),
        ("gemma-2-2b-it-f16.gguf", "F16"),
        ("model.BF16.gguf", "BF16"),
        ("model-fp32.gguf", "F32"),
        ("gpt-oss-20b-MXFP4.gguf", "MXFP4"),
        ("Qwen3-30B-UD-Q4_K_XL.gguf", "Q4_K_XL"),
        ("Q8_0/Big-Model-Q8_0-00001-of-00003.gguf", "Q8_0"),
        ("Q6_K/model-00001-of-00002.gguf", "Q6_K"),
        ("tinyllama-1.1b-chat-v1.0.Q2_K.gguf", "Q2_K"),
        ("phi-2-F16-Q4_K_M.gguf", "Q4_K_M"),
        ("model.gguf", "unknown"),
    ],
)
def test_quantization_labels_from_file_names(name, label):
    assert quant_label(name) == label


def test_split_models_are_one_variant_and_incomplete_sets_are_left_out():
    files = [
        RemoteFile("big/M-Q8_0-00002-of-00002.gguf", 20, "b"),
        RemoteFile("big/M-Q8_0-00001-of-00002.gguf", 30, "a"),
        RemoteFile("M-Q4_K_M.gguf", 25, "c"),
        RemoteFile("M-Q2_K-00001-of-00003.gguf", 5, "d"),  # parts 2 and 3 missing
        RemoteFile("mmproj-M-f16.gguf", 7, "e"),
        RemoteFile("README.md", 1),
    ]
    variants = group_variants("org/M-GGUF", "abc", files)
    assert [(v.quantization, v.kind, v.size) for v in variants] == [
        ("Q4_K_M", "model", 25),
        ("Q8_0", "model", 50),
        ("F16", "projector", 7),
    ]
    split = variants[1]
    assert split.is_split and [f.sha256 for f in split.files] == ["a", "b"]
    assert split.name == "big/M-Q8_0-00001-of-00002.gguf" and split.display_name == "M-Q8_0.gguf"
    assert split_part("x-00002-of-00005.gguf") == ("x", 2, 5)
    assert list(by_quantization(variants[:2])) == ["Q8_0", "Q4_K_M"]
    assert "default" in describe("Q4_K_M") and "i-quant" in describe("IQ3_XS")
    assert "ARM" in describe("Q4_0_4_8") and "Full precision" in describe("BF16")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bartowski/Llama-3.2-1B-Instruct-GGUF", ("bartowski/Llama-3.2-1B-Instruct-GGUF", None)),
        ("  org/name:q4_k_m ", ("org/name", None, None, "Q4_K_M")),
        ("https://huggingface.co/org/name", ("org/name", None)),
        ("https://huggingface.co/org/name/tree/main", ("org/name", None, "main")),
        (
            "https://huggingface.co/org/name/blob/main/sub/x-Q4_0.gguf",
            ("org/name", "sub/x-Q4_0.gguf", "main"),
        ),
        (
            "https://hf-mirror.com/org/name/resolve/abc123/x.gguf?download=true",
            ("org/name", "x.gguf", "abc123"),
        ),
        ("huggingface.co/org/name", ("org/name", None)),
        ("hf.co/org/name:Q8_0", ("org/name", None, None, "Q8_0")),
        ("llama 3 8b", None),
        ("llama", None),
        ("../etc", None),
    ],
)
def test_pasted_repo_ids_and_urls(text, expected):
    reference = parse_repo_reference(text)
    if expected is None:
        assert reference is None
    else:
        got = (reference.repo_id, reference.filename, reference.revision, reference.quantization)
        assert got[: len(expected)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://huggingface.co/datasets/org/data",
        "https://huggingface.co/spaces/org/app",
        "https://huggingface.co/org",
        "https://huggingface.co/../x/y",
    ],
)
def test_urls_that_name_no_model_are_explained(text):
    with pytest.raises(HubError) as caught:
        parse_repo_reference(text)
    assert caught.value.reason == "invalid"


def test_model_card_description_and_licence():
    card = (
        "---\nlicense: apache-2.0\n---\n# Title\n\n<p align=center><img src=x></p>\n\n"
        "| a | b |\n\nA **small** model from [Org](https://x.invalid) that answers `fast`. "
        + "It is good. "
        * 40
    )
    text = card_description(card)
    assert text.startswith("A small model from Org that answers fast. It is good.")
    assert len(text) <= 300 and text.endswith(".")
    assert card_description("") == "" and card_description("# Only a heading") == ""
    assert license_name({"license": "apache-2.0"}) == "Apache 2.0"
    assert license_name({"license": "other", "license_name": "custom"}) == "custom"
    assert license_name({"license": ["mit"]}) == "MIT"
    assert license_name({}) is None


# ------------------------------------------------------------------ through the Hub
def test_search_sorts_filters_gguf_and_pages_with_link_headers(hub_server):
    hub_server.page_size = 2
    page = hub.search_models("llama", sort="downloads", limit=3)
    ids = [m.repo_id for m in page.models]
    # private and non-GGUF repositories never show; pages of 2 were followed to reach 3
    assert ids == [
        GATED_REPO,
        MODEL_REPO,
        "other-org/Llama-Variant-5-GGUF",
        "other-org/Llama-Variant-4-GGUF",
    ]
    assert page.models[0].gated and not page.models[1].gated
    assert page.models[1].downloads == 5000 and page.models[1].likes == 40
    assert page.models[1].last_modified.year == 2024 and "gguf" in page.models[1].tags
    assert page.next_cursor and "cursor=4" in page.next_cursor
    rest = hub.search_models("llama", limit=3, cursor=page.next_cursor)
    assert [m.repo_id[-6:] for m in rest.models] == ["3-GGUF", "2-GGUF", "1-GGUF"]
    assert rest.next_cursor is None
    assert hub_server.count("cursor=2") == 1 and hub_server.count("filter=gguf") >= 3

    by_likes = hub.search_models("variant", sort="likes", limit=10).models
    assert [m.likes for m in by_likes] == sorted((m.likes for m in by_likes), reverse=True)
    recent = hub.search_models("variant", sort="recent", limit=10).models
    assert recent[0].repo_id == "other-org/Llama-Variant-5-GGUF"
    with pytest.raises(HubError, match="another Hub address"):
        hub.search_models(cursor="https://elsewhere.invalid/api/models?cursor=2")


def test_repository_files_grouped_by_quantization_with_sizes_sha256_and_card(
    hub_server, tiny_models
):
    details = hub.repo_files(MODEL_REPO)
    repo = hub_server.repos[MODEL_REPO]
    assert details.revision == repo.sha and details.url == f"{hub_server.url}/{MODEL_REPO}"
    assert [v.quantization for v in details.variants] == ["Q4_0", "Q8_0", "F16", "F32"]
    q8 = details.find("Q8_0")
    assert q8.files == (
        RemoteFile(
            "tiny-llama-Q8_0.gguf",
            tiny_models["Q8_0"].stat().st_size,
            hashlib.sha256(tiny_models["Q8_0"].read_bytes()).hexdigest(),
        ),
    )
    split = details.find("F32")
    assert split.is_split and len(split.files) == 2
    assert split.size == sum(len(repo.files[f.path].data) for f in split.files)
    assert [p.name for p in details.projectors] == ["mmproj-tiny-llama-f16.gguf"]
    assert {f.path for f in details.other_files} == {"README.md", "config.json", ".gitattributes"}
    assert details.license == "Llama 3.2 Community License"
    assert details.description.startswith("GGUF quantizations of Tiny Llama, a tiny random")
    assert not details.gated and details.access_note is None
    assert details.find("tiny-llama-Q4_0.gguf") is details.variants[0]
    assert list(details.by_quantization()) == ["F32", "F16", "Q8_0", "Q4_0"]


def test_sizes_come_from_the_tree_when_the_model_info_has_none(hub_server):
    hub_server.files_metadata = False  # a mirror that ignores blobs=true
    hub_server.page_size = 3  # and pages its tree
    details = hub.repo_files(MODEL_REPO)
    assert all(v.size and all(f.sha256 for f in v.files) for v in details.variants)
    assert hub_server.count("/tree/") >= 2 and hub_server.count("recursive=true") >= 1


def test_remote_header_reads_only_the_start_of_the_file(hub_server, tiny_models):
    info = hub.remote_header(MODEL_REPO, "tiny-llama-Q8_0.gguf", first_bytes=4096)
    assert info.quantization == "Q8_0" and info.n_layer == 2 and info.context_length == 4096
    assert info.file_size == tiny_models["Q8_0"].stat().st_size
    assert info.chat_template and len(info.tensors) == 21
    sent = hub_server.bytes_sent("tiny-llama-Q8_0.gguf")
    assert sent < info.file_size / 2
    ranges = [r.range for r in hub_server.file_gets("tiny-llama-Q8_0.gguf")]
    assert ranges[0] == "bytes=0-4095" and ranges[1].startswith("bytes=4096-")


def test_split_model_header_counts_the_tensors_of_every_part(hub_server, tiny_models):
    split = hub.repo_files(MODEL_REPO).find("F32")
    info = hub.variant_header(split)
    assert len(info.tensors) == 21 and info.file_size == split.size
    assert info.weights_bytes > 0.9 * tiny_models["F32"].stat().st_size


def test_head_metadata_stops_at_the_cdn_redirect(hub_server, tiny_models):
    meta = hub.file_metadata(MODEL_REPO, "tiny-llama-Q4_0.gguf")
    assert meta.size == tiny_models["Q4_0"].stat().st_size
    assert meta.sha256 == hashlib.sha256(tiny_models["Q4_0"].read_bytes()).hexdigest()
    assert meta.commit == hub_server.repos[MODEL_REPO].sha
    assert hub_server.count("/cdn/") == 0  # the HEAD did not follow to another host


def test_gated_repository_lists_files_but_needs_an_accepted_licence_and_a_token(hub_server):
    details = hub.repo_files(GATED_REPO)
    assert details.gated and "accept their licence" in details.access_note
    assert details.license == "tiny-community-license"
    with pytest.raises(HubError) as caught:
        hub.remote_header(GATED_REPO, "tiny-gated-Q4_0.gguf")
    error = caught.value
    assert error.reason == "gated" and not error.retryable
    assert f"{hub_server.url}/{GATED_REPO}" in str(error) and "access token in Settings" in str(
        error
    )
    with pytest.raises(HubError, match="accept") as caught:
        hub.remote_header(
            GATED_REPO, "tiny-gated-Q4_0.gguf", config=HubConfig(token=NOT_ACCEPTED_TOKEN)
        )
    assert caught.value.reason == "gated"
    info = hub.remote_header(GATED_REPO, "tiny-gated-Q4_0.gguf", config=HubConfig(token=GOOD_TOKEN))
    assert info.quantization == "Q4_0"
    assert hub_server.requests[-1].headers.get("authorization") is None  # not sent to the CDN


def test_private_missing_and_refused(hub_server):
    with pytest.raises(HubError, match="private, add an access token") as caught:
        hub.repo_files(PRIVATE_REPO)
    assert caught.value.reason == "not_found"
    assert hub.repo_files(PRIVATE_REPO, config=HubConfig(token=GOOD_TOKEN)).private
    with pytest.raises(HubError, match="was not found") as caught:
        hub.repo_files("nobody/nothing-here")
    assert caught.value.reason == "not_found"
    with pytest.raises(HubError, match=r'"gone\.gguf" is no longer in') as caught:
        hub.remote_header(MODEL_REPO, "gone.gguf")
    assert caught.value.reason == "not_found"
    with pytest.raises(HubError, match="refused the access token") as caught:
        hub.search_models("x", config=HubConfig(token="hf_wrong"))
    assert caught.value.reason == "unauthorized"
    with pytest.raises(HubError) as caught:
        hub.repo_files("not a repo")
    assert caught.value.reason == "invalid" and hub_server.count("not a repo") == 0


def test_no_network_is_said_at_once(hub_server):
    config = HubConfig(endpoint=closed_port_url())
    for call in (
        lambda: hub.search_models("llama", config=config),
        lambda: hub.repo_files(MODEL_REPO, config=config),
        lambda: hub.remote_header(MODEL_REPO, "tiny-llama-Q8_0.gguf", config=config),
        lambda: hub.file_metadata(MODEL_REPO, "tiny-llama-Q8_0.gguf", config=config),
    ):
        with pytest.raises(HubError, match=r"Could not connect to 127\.0\.0\.1") as caught:
            call()
        assert caught.value.reason == "no_network" and caught.value.retryable
    assert hub_server.count() == 0


def test_an_explicit_endpoint_a_mirror_wins_over_hf_endpoint(hub_server, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    details = hub.repo_files(MODEL_REPO, config=HubConfig(endpoint=hub_server.url + "/"))
    assert details.url.startswith(hub_server.url)
    with pytest.raises(HubError, match="not a web address") as caught:
        hub.search_models(config=HubConfig(endpoint="hf-mirror"))
    assert caught.value.reason == "invalid"


@pytest.mark.parametrize("how", ["environment", "setting"])
def test_offline_mode_makes_no_request_at_all(hub_server, monkeypatch, how, tmp_path):
    variant = hub.repo_files(MODEL_REPO).find("Q4_0")
    before = hub_server.count()
    config = HubConfig(offline=True) if how == "setting" else HubConfig()
    if how == "environment":
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    calls = [
        lambda: hub.search_models("llama", config=config),
        lambda: hub.repo_files(MODEL_REPO, config=config),
        lambda: hub.remote_header(MODEL_REPO, variant.name, config=config),
        lambda: hub.variant_header(variant, config=config),
        lambda: hub.file_metadata(MODEL_REPO, variant.name, config=config),
        lambda: Download(variant, config=config, models_root=tmp_path).run(),
        lambda: Download(
            ModelVariant(MODEL_REPO, "main", "Q4_0", (RemoteFile(variant.name),)),
            config=config,
            models_root=tmp_path,
        ).run(),
    ]
    for call in calls:
        with pytest.raises(HubError, match="offline mode") as caught:
            call()
        assert caught.value.reason == "offline"
    assert hub_server.count() == before


def test_a_header_read_cut_short_is_a_retryable_error(hub_server):
    hub_server.faults.drop_after = 1000
    with pytest.raises(HubError, match="interrupted") as caught:
        hub.remote_header(MODEL_REPO, "tiny-llama-F16.gguf", first_bytes=4096)
    assert caught.value.reason == "interrupted" and caught.value.retryable
    assert hub.remote_header(MODEL_REPO, "tiny-llama-F16.gguf").quantization == "F16"

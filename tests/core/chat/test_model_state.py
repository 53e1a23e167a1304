"""Whether a model is loaded: one state, and every change heard."""

from __future__ import annotations

from pathlib import Path

from llamadesk.core.chat import ModelChoice, ModelState
from llamadesk.core.engine import LoadedModel
from llamadesk.core.gguf import read_info
from llamadesk.core.machine import LoadOptions, OffloadPlan


def loaded(path: Path) -> LoadedModel:
    return LoadedModel(
        path=path,
        info=read_info(path),
        options=LoadOptions(),
        n_ctx=512,
        plan=OffloadPlan(0, None, "CPU only"),
        layers_offloaded=0,
        layers_total=3,
        load_seconds=0.1,
        memory_reported={},
        template_warning=None,
    )


def test_loading_then_loaded_then_lost(tiny_model):
    state, heard = ModelState(), []
    state.on_change(lambda: heard.append((state.loading, state.ready, state.label)))
    assert state.path is None and state.label is None and not state.ready
    state.begin_loading(ModelChoice.file(tiny_model))
    state.finish_loading(loaded(tiny_model))
    state.lose()
    name = read_info(tiny_model).name
    assert heard == [
        (ModelChoice.file(tiny_model), False, None),
        (None, True, f"{name} · Q8_0"),
        (None, False, None),
    ]


def test_loading_another_model_is_not_ready_and_shows_the_new_one(tiny_models):
    state = ModelState()
    state.finish_loading(loaded(tiny_models["Q8_0"]))
    state.begin_loading(ModelChoice.file(tiny_models["Q4_0"]))
    assert not state.ready and state.path == tiny_models["Q4_0"]
    assert state.loaded is not None  # still there until the engine answers
    state.finish_loading(state.loaded)  # refused before loading: the previous one stays
    assert state.ready and state.path == tiny_models["Q8_0"]


def test_a_model_on_a_server_is_chosen_and_named_like_a_file():
    from llamadesk.core.engine import RemoteModel

    state = ModelState()
    choice = ModelChoice("llama3.3:70b", "c1", "llama3.3:70b · office")
    state.begin_loading(choice)
    assert state.chosen == choice and state.path is None and choice.remote
    served = RemoteModel("llama3.3:70b", "office", "http://gpu:8000/v1", "vLLM", 8192, 0.2)
    state.finish_loading(served)
    assert state.ready and state.label == "llama3.3:70b · office" and state.chosen == choice
    assert choice.source() == {"connection": "c1", "model": "llama3.3:70b"}
    assert ModelChoice.file("/m/a.gguf").source() == {"file": "/m/a.gguf"}

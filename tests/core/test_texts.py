"""The core's sentences: English as text, template and arguments kept for translation."""

from __future__ import annotations

import json
import pickle

import pytest

from llamadesk.core.errors import HubError, LlamaDeskError, ModelFileError
from llamadesk.core.gguf import read_info
from llamadesk.core.library.files import HeaderCache, describe
from llamadesk.core.texts import Text, from_data, mark, to_data


def test_a_text_reads_as_its_english_sentence():
    text = Text("The context window ({n_ctx:,} tokens) is full.", n_ctx=4096)
    assert text == "The context window (4,096 tokens) is full."
    assert str(text) == text and type(str(text)) is str
    assert f"Note: {text}" == "Note: The context window (4,096 tokens) is full."
    assert text.template == "The context window ({n_ctx:,} tokens) is full."
    assert text.args == {"n_ctx": 4096}
    assert {text: 1}["The context window (4,096 tokens) is full."] == 1  # hashes as its text


def test_texts_nest():
    free = Text("{amount:.1f} GiB free", amount=7.25)
    text = Text("All {total} layers on {where} ({free}).", total=3, where="GPU0", free=free)
    assert text == "All 3 layers on GPU0 (7.2 GiB free)."
    assert text.args["free"].template == "{amount:.1f} GiB free"
    assert Text("no GPU was found.") == "no GPU was found."
    assert mark("{name} is gated") == "{name} is gated"


def test_a_text_pickles_with_its_template_and_arguments():
    inner = Text("needs {ram} of RAM", ram="1 GiB")
    text = Text("Too big: it {needs}.", needs=inner)
    again = pickle.loads(pickle.dumps(text))
    assert type(again) is Text and again == text
    assert again.template == text.template
    assert again.args["needs"].template == "needs {ram} of RAM"
    assert again.args["needs"].args == {"ram": "1 GiB"}
    braces = Text("The request failed ({error}).", error="{not a field}")
    assert pickle.loads(pickle.dumps(braces)) == "The request failed ({not a field})."


def test_an_error_keeps_its_text_and_reads_as_english():
    error = HubError(Text("{host} has a problem.", host="hf.co"), reason="server")
    assert str(error) == "hf.co has a problem." and type(str(error)) is str
    assert error.text.template == "{host} has a problem."
    assert LlamaDeskError("plain").text == "plain"


def test_a_real_core_error_is_a_text(tmp_path):
    page = tmp_path / "page.gguf"
    page.write_text("<html><body>Sign in</body></html>")
    with pytest.raises(ModelFileError) as raised:
        read_info(page)
    text = raised.value.text
    assert isinstance(text, Text) and "web page" in str(raised.value)
    assert text.template.startswith('The model file "{name}" is a web page')
    assert text.args == {"name": str(page)}


def test_json_data_round_trip():
    text = Text("{verdict} Only {free} is free now.", verdict=Text("Too big."), free="1 GiB")
    data = json.loads(json.dumps(to_data(text)))
    again = from_data(data)
    assert isinstance(again, Text) and again == text
    assert again.args["verdict"].template == "Too big."
    assert from_data("an old plain sentence") == "an old plain sentence"
    assert to_data(None) is None and to_data(3) == 3


@pytest.mark.parametrize(
    "data",
    [
        None,
        42,
        {"template": "{name}"},
        {"template": "{name}", "args": {}},  # a field without its argument
        {"template": "{name.__class__}", "args": {"name": "x"}},  # attribute access
        {"template": "{0}", "args": {}},
        {"template": "{n:,}", "args": {"n": "text"}},  # a format that does not fit
        {"template": "{n", "args": {"n": 1}},
        {"template": "{n}", "args": {"n": [1]}},
        {"template": "{n}", "args": {"n": {"template": "{m}", "args": {}}}},
    ],
)
def test_data_that_is_no_sentence_is_refused(data):
    assert from_data(data) is None


def test_the_library_cache_keeps_errors_translatable(tmp_path):
    page = tmp_path / "page.gguf"
    page.write_text("<html><body>Sign in</body></html>")
    cache = HeaderCache(tmp_path / "cache.json")
    facts, _, _ = cache.facts((page,))
    cache.save()
    reopened = HeaderCache(tmp_path / "cache.json")
    again, _, _ = reopened.facts((page,))
    assert reopened.reads == 0 and again == facts == describe((page,))
    assert isinstance(again.error, Text) and again.error.template == facts.error.template

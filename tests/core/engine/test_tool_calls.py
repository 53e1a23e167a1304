"""Tool calls read back from answers, in the forms models write them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llamadesk.core.engine.tool_calls import tool_call_format

TEMPLATES = Path(__file__).parents[2] / "data" / "chat_templates"


def fmt(template: str):
    return tool_call_format((TEMPLATES / f"{template}.jinja").read_text())


@pytest.mark.parametrize(
    ("template", "name"),
    [
        ("Qwen-Qwen2.5-7B-Instruct", "hermes"),
        ("Qwen-Qwen3-0.6B", "hermes"),
        ("NousResearch-Hermes-3-Llama-3.1-8B-tool_use", "hermes"),
        ("Qwen3-Coder", "hermes"),
        ("mistralai-Mistral-Nemo-Instruct-2407", "mistral"),
        ("Mistral-Small-3.2-24B-Instruct-2506", "mistral"),
        ("meta-llama-Llama-3.1-8B-Instruct", "llama3"),
        ("meta-llama-Llama-3.2-3B-Instruct", "llama3"),
        ("google-gemma-2-2b-it", "none"),
    ],
)
def test_the_form_is_read_from_the_template(template, name):
    assert fmt(template).name == name


def test_hermes_calls_and_the_text_before_them():
    text = (
        'Let me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n'
        '</tool_call>\n<tool_call>\n{"name": "get_time", "arguments": {}}\n</tool_call>'
    )
    content, calls = fmt("Qwen-Qwen2.5-7B-Instruct").split(text)
    assert content == "Let me check."
    assert [(c.name, json.loads(c.arguments)) for c in calls] == [
        ("get_weather", {"city": "Paris"}),
        ("get_time", {}),
    ]
    assert len({c.id for c in calls}) == 2


def test_qwen3_coder_xml_calls():
    text = (
        "<tool_call>\n<function=get_weather>\n<parameter=city>\nOslo\n</parameter>\n"
        "<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>"
    )
    _, (call,) = fmt("Qwen3-Coder").split(text)
    assert (call.name, json.loads(call.arguments)) == ("get_weather", {"city": "Oslo", "days": 3})


def test_mistral_both_spellings():
    nemo = '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Rome"}}]'
    small = '[TOOL_CALLS]get_weather[ARGS]{"city": "Rome"}'
    for text in (nemo, small):
        content, (call,) = fmt("mistralai-Mistral-Nemo-Instruct-2407").split(text)
        assert content == "" and json.loads(call.arguments) == {"city": "Rome"}


def test_llama3_json_call():
    text = '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Lima"}}'
    _, (call,) = fmt("meta-llama-Llama-3.1-8B-Instruct").split(text)
    assert (call.name, json.loads(call.arguments)) == ("get_weather", {"city": "Lima"})


def test_text_that_is_no_call_stays_text():
    hermes = fmt("Qwen-Qwen2.5-7B-Instruct")
    assert hermes.split("No tools needed.") == ("No tools needed.", [])
    assert hermes.split("<tool_call> not json </tool_call>")[1] == []
    llama3 = fmt("meta-llama-Llama-3.1-8B-Instruct")
    assert llama3.split('{"answer": 42}') == ('{"answer": 42}', [])


def test_streaming_holds_back_what_may_begin_a_call():
    hermes = fmt("Qwen-Qwen2.5-7B-Instruct")
    assert hermes.may_begin("Sure <tool_") == len("<tool_")
    assert hermes.may_begin("Sure") == 0
    assert hermes.call_begins("Sure <tool_call>{") == 5

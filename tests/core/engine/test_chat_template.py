from pathlib import Path

import pytest

from llamadesk.core.engine.chat_template import ChatTemplate
from llamadesk.core.gguf import takes_tools, thinks
from llamadesk.core.gguf.synthetic import CHATML_TEMPLATE

TEMPLATES = sorted((Path(__file__).parents[2] / "data" / "chat_templates").glob("*.jinja"))

MESSAGES = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Hi"},
]


def test_renders_the_models_template():
    rendered = ChatTemplate(CHATML_TEMPLATE).render(MESSAGES)
    assert rendered.warning is None
    assert rendered.text == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_missing_template_falls_back_with_a_warning():
    rendered = ChatTemplate(None).render(MESSAGES)
    assert "no chat template" in rendered.warning
    assert rendered.text.endswith("<|im_start|>assistant\n")


def test_template_that_does_not_compile_falls_back():
    template = ChatTemplate("{% for m in messages %}{{ m.content ")
    assert "does not compile" in template.problem
    assert template.render(MESSAGES).text.startswith("<|im_start|>system")


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ messages.__class__.__init__.__globals__['os'].system('echo pwned') }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ raise_exception.__globals__['__builtins__']['__import__']('os') }}",
        "{% set x = messages.append({'role': 'user', 'content': 'injected'}) %}{{ x }}",
    ],
)
def test_template_that_tries_to_escape_the_sandbox_is_refused(escape):
    rendered = ChatTemplate(escape).render(MESSAGES)
    assert rendered.warning is not None
    assert "pwned" not in rendered.text and "injected" not in rendered.text
    assert rendered.text.startswith("<|im_start|>system")  # the safe fallback


def test_template_that_rejects_system_role_gets_it_merged_into_the_first_user_message():
    source = (
        "{% for m in messages %}{% if m.role == 'system' %}"
        "{{ raise_exception('System role not supported') }}{% endif %}"
        "[{{ m.role }}] {{ m.content }}\n{% endfor %}"
    )
    rendered = ChatTemplate(source).render(MESSAGES)
    assert rendered.warning is None
    assert rendered.text == "[user] Be brief.\n\nHi\n"


def test_runaway_output_is_cut_off():
    source = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    rendered = ChatTemplate(source).render(MESSAGES)
    assert "far larger than the conversation" in rendered.warning


def test_template_sees_bos_token_and_helpers():
    source = (
        "{{ bos_token }}{{ strftime_now('%Y') | length }}{% for m in messages %}"
        "{% if loop.index > 1 %}{% break %}{% endif %}{{ m.content }}{% endfor %}"
    )
    rendered = ChatTemplate(source, bos_token="<s>").render(MESSAGES)
    assert rendered.text == "<s>4Be brief."


# -- hostile templates: bounded work, time and memory --------------------------------------

SLOW = {
    "nested loops that print nothing": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "an exponentially recursive macro": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    ),
    "loops over long strings": (
        "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    ),
}
LARGE = {
    "** on large numbers": "{{ 999 ** 99999999 }}",
    "** on a large result": "{{ (9 ** 999) ** 999 }}",
    "a big product of numbers": "{% set n = 7 ** 20000 %}{{ n * n * n * n * n * n * n }}",
    "lipsum": "{{ lipsum(1000000) }}",
    "range() joined into one string": (
        "{% set ns = namespace(s='') %}{% for i in range(100000) %}"
        "{% set ns.s = ns.s ~ (range(100000) | join(',')) %}{% endfor %}"
    ),
    "a string multiplied by 10**9": "{{ 'x' * 1000000000 }}",
    "a list multiplied by 10**9": "{{ ([1] * 1000000000) | length }}",
    "center(10**9)": "{{ 'x'.center(1000000000) }}",
    "the center filter": "{{ 'x' | center(1000000000) }}",
    "a doubling namespace": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"
    ),
    "a doubling namespace with +": (
        "{% set ns = namespace(s=['x']) %}{% for i in range(64) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}"
    ),
    "a doubling macro": (
        "{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s | length }}{% endmacro %}"
        "{{ d('x', 64) }}"
    ),
    "a %-format width": "{{ '%0999999999d' % 1 }}",
    "a format width": "{{ '{:>999999999}'.format(1) }}",
    "the format filter": "{{ '%0999999999d' | format(1) }}",
    "replace that multiplies": "{{ ('x' * 1000000).replace('x', 'y' * 1000) | length }}",
    "the replace filter": "{{ ('x' * 1000000) | replace('x', 'y' * 1000) | length }}",
    "indent that multiplies": "{{ ('\\n' * 1000000) | indent(1000) | length }}",
    "a join of one big string many times": "{{ (['x' * 1000000] * 1000) | join | length }}",
    "str.join of one big string many times": "{{ ''.join(['x' * 1000000] * 1000) | length }}",
    "one big string collected in a loop": (
        "{% set ns = namespace(items=[]) %}{% for i in range(10000) %}"
        "{% set ns.items = ns.items + ['y' * 1000000] %}{% endfor %}{{ ns.items | length }}"
    ),
    "a block that captures a loop": (
        "{% set big = 'x' * 1000000 %}{% set s %}{% for i in range(100000) %}{{ big }}"
        "{% endfor %}{% endset %}{{ s | length }}"
    ),
    "tojson with a huge indent": "{{ messages | tojson(indent=100000000) }}",
}


def _render_measured(source: str):
    import time
    import tracemalloc

    tracemalloc.start()
    started = time.perf_counter()
    try:
        template = ChatTemplate(source)  # the probe render at load meets it first
        rendered = template.render(MESSAGES)
        again = time.perf_counter()
        second = template.render(MESSAGES)  # not run again: straight to the fallback
        repeat_seconds = time.perf_counter() - again
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return rendered, second, time.perf_counter() - started, repeat_seconds, peak


@pytest.mark.parametrize("source", list(SLOW.values()), ids=list(SLOW))
def test_a_template_that_never_finishes_is_stopped(source):
    rendered, second, seconds, repeat, peak = _render_measured(source)
    assert "takes too long" in rendered.warning
    assert rendered.text.startswith("<|im_start|>system\nBe brief.")  # the ChatML fallback
    assert second.warning == rendered.warning and repeat < 0.05
    assert seconds < 10 and peak < 512 * 2**20, (seconds, peak)


@pytest.mark.parametrize("source", list(LARGE.values()), ids=list(LARGE))
def test_a_template_that_builds_too_much_is_stopped(source):
    rendered, second, seconds, repeat, peak = _render_measured(source)
    assert "far larger than the conversation" in rendered.warning, rendered.warning
    assert rendered.text.startswith("<|im_start|>system\nBe brief.")
    assert second.warning == rendered.warning and repeat < 0.05
    assert seconds < 10 and peak < 512 * 2**20, (seconds, peak)


def test_the_budget_leaves_real_work_alone():
    """A long conversation with a large document renders in full (no budget hit)."""
    document = "Lorem ipsum dolor sit amet. " * 40_000  # about 1.1 MB
    conversation = [{"role": "system", "content": "Be brief."}]
    for turn in range(1000):
        conversation.append({"role": "user", "content": f"Question {turn}"})
        conversation.append({"role": "assistant", "content": f"Answer {turn}"})
    conversation.append({"role": "user", "content": document})
    source = (
        "{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}"
        "{{ '<|im_start|>' ~ m.role ~ '\\n' ~ (m.content | trim) ~ '<|im_end|>\\n' }}"
        "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
    )
    rendered = ChatTemplate(source).render(conversation)
    assert rendered.warning is None
    assert rendered.text.endswith(document.strip() + "<|im_end|>\n<|im_start|>assistant\n")


WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_the_traits_read_from_a_templates_text_match_what_it_does(path):
    """The model list tags a model from its template's text alone (read with the header,
    without running anything): "Tools" where rendering with a tool changes the prompt,
    "Thinking" where the template marks reasoning or lets thinking be switched."""
    source = path.read_text(encoding="utf-8")
    template = ChatTemplate(source)
    asked = [{"role": "user", "content": "What is the weather in Paris?"}]
    with_tool = template.render(asked, tools=[WEATHER]).text
    assert takes_tools(source) == (with_tool != template.render(asked).text)
    support = template.thinking
    assert thinks(source) == (support.marked or support.switch)

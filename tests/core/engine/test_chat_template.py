import pytest

from llamadesk.core.engine.chat_template import ChatTemplate
from llamadesk.core.gguf.synthetic import CHATML_TEMPLATE

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
    assert "more than" in rendered.warning


def test_template_sees_bos_token_and_helpers():
    source = (
        "{{ bos_token }}{{ strftime_now('%Y') | length }}{% for m in messages %}"
        "{% if loop.index > 1 %}{% break %}{% endif %}{{ m.content }}{% endfor %}"
    )
    rendered = ChatTemplate(source, bos_token="<s>").render(MESSAGES)
    assert rendered.text == "<s>4Be brief."

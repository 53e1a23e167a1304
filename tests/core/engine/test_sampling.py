import pytest

from llamadesk.core.engine import PRESETS, SamplingParams
from llamadesk.core.errors import SettingsError


@pytest.mark.parametrize(
    "bad",
    [
        {"temperature": -0.1},
        {"temperature": 9},
        {"top_p": 0},
        {"top_k": -1},
        {"min_p": 1.0},
        {"repeat_penalty": 0},
        {"presence_penalty": 3},
        {"frequency_penalty": -3},
        {"seed": -1},
        {"seed": 2**32},
        {"max_tokens": 0},
        {"stop": ("",)},
        {"stop": tuple("abcdefghijklmnopq")},
        {"beams": 0},
        {"beams": 9},
        {"length_penalty": 2.5},
        {"beams": 2, "grammar": 'root ::= "a"'},
        {"beams": 2, "json_schema": '{"type": "object"}'},
    ],
)
def test_out_of_range_values_are_refused_with_a_message(bad):
    with pytest.raises(SettingsError) as error:
        SamplingParams(**bad)
    assert str(error.value).endswith(".")


def test_random_seed_is_drawn_per_request_unless_fixed():
    assert SamplingParams(seed=7).with_seed().seed == 7
    seeds = {SamplingParams().with_seed().seed for _ in range(20)}
    assert len(seeds) > 1


def test_presets_are_valid_and_distinct():
    assert PRESETS["Precise"].temperature < PRESETS["Balanced"].temperature
    assert PRESETS["Balanced"].temperature < PRESETS["Creative"].temperature


def test_from_dict_ignores_unknown_keys():
    params = SamplingParams.from_dict({"temperature": 0.3, "stop": ["x"], "future": 1})
    assert params.temperature == 0.3 and params.stop == ("x",)

from llamadesk.core.engine.textstream import StopStrings, Utf8Pieces


def feed(stream, pieces) -> list[str]:
    return [stream.push(p) for p in pieces]


def test_multibyte_characters_split_over_tokens_are_held_at_most_until_complete():
    stream = Utf8Pieces()
    data = "你好🙂".encode()
    out = feed(stream, [bytes([b]) for b in data])
    # Each character appears as soon as its last byte arrives, never later.
    assert out == ["", "", "你", "", "", "好", "", "", "", "🙂"]
    assert stream.finish() == ""


def test_invalid_bytes_become_replacement_characters_without_stalling():
    stream = Utf8Pieces()
    assert stream.push(b"\xe4") == ""
    assert stream.push(b"a") == "\ufffda"  # the unfinished sequence is given up at once
    assert stream.push(b"\xff") == "\ufffd"
    assert stream.push(b"\xf0\x9f") == ""
    assert stream.finish() == "\ufffd"


def test_stop_string_across_pieces_is_cut_and_never_shown():
    stream = StopStrings(stop=["</answer>"])
    shown = "".join(feed(stream, ["Hello </an", "swer> more"]))
    assert shown == "Hello "
    assert stream.stopped and stream.stop_string == "</answer>"
    assert stream.push("ignored") == ""


def test_text_that_only_looks_like_a_stop_prefix_is_released():
    stream = StopStrings(stop=["STOP"])
    assert stream.push("a ST") == "a "
    assert stream.push("ART") == "START"
    assert stream.finish() == ""
    stream = StopStrings(stop=["STOP"])
    assert stream.push("ends with ST") == "ends with "
    assert stream.finish() == "ST"


def test_earliest_of_several_stop_strings_wins():
    stream = StopStrings(stop=["World", "lo"])
    assert stream.push("Hello World") == "Hel"
    assert stream.stop_string == "lo"


def test_hold_back_is_bounded_by_the_longest_stop_string():
    stream = StopStrings(stop=["xyz"])
    out = feed(stream, ["x"] * 1000)
    assert out[0] == "" and set(out[1:]) == {"x"}  # one character held, never more
    assert stream.finish() == "x"

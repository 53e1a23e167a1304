from llamadesk.core.engine.textstream import TextStream


def feed(stream: TextStream, pieces: list[bytes]) -> list[str]:
    return [stream.push(p) for p in pieces]


def test_multibyte_characters_split_over_tokens_are_held_at_most_until_complete():
    stream = TextStream()
    data = "你好🙂".encode()
    out = feed(stream, [bytes([b]) for b in data])
    # Each character appears as soon as its last byte arrives, never later.
    assert out == ["", "", "你", "", "", "好", "", "", "", "🙂"]
    assert stream.finish() == ""


def test_invalid_bytes_become_replacement_characters_without_stalling():
    stream = TextStream()
    assert stream.push(b"\xe4") == ""
    assert stream.push(b"a") == "\ufffda"  # the unfinished sequence is given up at once
    assert stream.push(b"\xff") == "\ufffd"
    assert stream.push(b"\xf0\x9f") == ""
    assert stream.finish() == "\ufffd"


def test_stop_string_across_pieces_is_cut_and_never_shown():
    stream = TextStream(stop=["</answer>"])
    shown = "".join(feed(stream, [b"Hello </an", b"swer> more"]))
    assert shown == "Hello "
    assert stream.stopped and stream.stop_string == "</answer>"
    assert stream.push(b"ignored") == ""


def test_text_that_only_looks_like_a_stop_prefix_is_released():
    stream = TextStream(stop=["STOP"])
    assert stream.push(b"a ST") == "a "
    assert stream.push(b"ART") == "START"
    assert stream.finish() == ""
    stream = TextStream(stop=["STOP"])
    assert stream.push(b"ends with ST") == "ends with "
    assert stream.finish() == "ST"


def test_earliest_of_several_stop_strings_wins():
    stream = TextStream(stop=["World", "lo"])
    assert stream.push(b"Hello World") == "Hel"
    assert stream.stop_string == "lo"


def test_hold_back_is_bounded_by_the_longest_stop_string():
    stream = TextStream(stop=["xyz"])
    out = feed(stream, [b"x"] * 1000)
    assert out[0] == "" and set(out[1:]) == {"x"}  # one character held, never more
    assert stream.finish() == "x"

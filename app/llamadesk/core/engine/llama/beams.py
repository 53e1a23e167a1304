"""Beam search on llama.cpp's multi-sequence KV cache.

Sampling picks one token at a time; beam search keeps the ``width`` most probable
continuations ("beams") and extends all of them each step, so it finds a more probable
whole answer (what translation and summaries want), and it is deterministic. llama.cpp no
longer ships it; here it is built on the C API:

- every beam is a sequence of the KV cache; the prompt is shared by all of them (the
  cache is unified, so copying a sequence copies no data, only cell ownership);
- one batch decodes the newest token of every beam at once (on a CPU a batch of 4 tokens
  costs far less than 4 single tokens);
- a beam chosen twice forks with ``llama_memory_seq_cp``, a beam dropped is removed;
- the answer streams as soon as every beam (and every finished answer still in the
  running) agrees on it: the settled prefix;
- the greedy answer (the most probable token at every step) is never dropped: it takes
  the last place when it falls out of the best ``width``, so the search cannot end with a
  less probable answer than greedy decoding (plain beam search can, when the greedy path
  is pruned early and the beams kept all end badly);
- scores are summed log-probabilities; a finished answer is ranked by its score divided
  by its length to the power ``length_penalty`` (as Hugging Face transformers does);
  ``early_stopping`` ends the search once ``width`` answers are finished, otherwise it goes
  on while a running beam could still beat the worst finished one.

When the search ends the prompt stays in sequence 0 and every other sequence is freed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from llamadesk.core.engine import llama_log
from llamadesk.core.engine.answer_stream import AnswerStream, Item
from llamadesk.core.engine.generation import CancelToken, GenerationStats
from llamadesk.core.engine.llama.bindings import llama_cpp
from llamadesk.core.engine.sampling import MAX_BEAMS, SamplingParams
from llamadesk.core.texts import Text


@dataclass
class _Beam:
    seq: int
    tokens: list[int] = field(default_factory=list)
    score: float = 0.0  # summed log-probability of ``tokens``


@dataclass(frozen=True)
class _Finished:
    tokens: list[int]
    score: float
    ranked: float  # score / len ** length_penalty


class BeamSearch:
    """One search, on a context whose KV cache holds the prompt (``prompt_length`` tokens
    in sequence 0, the last one's logits ready)."""

    def __init__(
        self,
        ctx,
        n_vocab: int,
        n_ctx: int,
        prompt_length: int,
        is_end: Callable[[int], bool],
        piece: Callable[[int], bytes],
        control: Callable[[int], str | None],
    ) -> None:
        self.ctx, self.n_vocab, self.n_ctx = ctx, n_vocab, n_ctx
        self.base = prompt_length
        self.is_end, self.piece, self.control = is_end, piece, control
        self.memory = llama_cpp.llama_get_memory(ctx)

    def run(
        self,
        sampling: SamplingParams,
        cancel: CancelToken | None,
        stats: GenerationStats,
        answer: AnswerStream,
    ) -> Iterator[Item]:
        width, alpha = sampling.beams, sampling.length_penalty
        beams = [_Beam(0)]
        greedy: int | None = 0  # the beam that took the most probable token at every step
        rows = [-1]  # where each beam's next-token logits are: the prompt's last token
        finished: list[_Finished] = []
        shown = 0  # tokens of the settled prefix already given to ``answer``
        batch = llama_cpp.llama_batch_init(width, 0, 1)
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    stats.finish_reason = "cancelled"
                    break
                steps = len(beams[0].tokens) if beams else 0
                if steps >= sampling.max_tokens or self.base + steps >= self.n_ctx:
                    stats.finish_reason = "length"
                    if self.base + steps >= self.n_ctx:
                        stats.warnings.append(
                            Text("The context window ({n_ctx:,} tokens) is full.", n_ctx=self.n_ctx)
                        )
                    break
                candidates = self._candidates(beams, rows, width)
                survivors: list[tuple[float, int, int]] = []
                greedy_child = next((c for c in candidates if c[1] == greedy), None)
                for rank, candidate in enumerate(candidates):
                    score, parent, token = candidate
                    if self.is_end(token):
                        # as transformers: only a top candidate may finish, and the greedy one
                        if rank < width or candidate == greedy_child:
                            tokens = beams[parent].tokens
                            ranked = score / max(1, len(tokens) + 1) ** alpha
                            finished.append(_Finished(tokens, score, ranked))
                    elif len(survivors) < width:
                        survivors.append(candidate)
                greedy = _keep_greedy(survivors, greedy_child, self.is_end)
                finished = sorted(finished, key=lambda f: -f.ranked)[:width]
                greedy_score = None if greedy is None else survivors[greedy][0]
                if self._done(
                    finished, survivors, width, alpha, sampling.early_stopping, steps, greedy_score
                ):
                    break
                beams = self._advance(beams, survivors)
                rows = self._decode(batch, beams, stats)
                if rows is None:
                    break
                settled = _common_prefix([b.tokens for b in beams] + [f.tokens for f in finished])
                for token in settled[shown:]:
                    yield from answer.token(self.piece(token), self.control(token))
                    if answer.stopped:
                        break
                shown = len(settled)
                if answer.stopped:
                    break
        finally:
            llama_cpp.llama_batch_free(batch)
            for seq in range(MAX_BEAMS):  # what the beams took is freed: the prompt stays
                llama_cpp.llama_memory_seq_rm(self.memory, seq, self.base if seq == 0 else 0, -1)
        best = self._best(beams, finished, alpha)
        stats.logprob = best.score if best is not None else 0.0
        if best is not None and not answer.stopped:
            for token in best.tokens[shown:]:
                yield from answer.token(self.piece(token), self.control(token))
                if answer.stopped:
                    break
        stats.generated_tokens = len(best.tokens) if best is not None else 0

    # ------------------------------------------------------------------ steps
    def _candidates(self, beams, rows, width) -> list[tuple[float, int, int]]:
        """The best continuations of every beam: (score, beam index, token), best first;
        ties go to the earlier beam and the lower token, so a search always ends alike."""
        found = []
        for index, (beam, row) in enumerate(zip(beams, rows, strict=True)):
            pointer = llama_cpp.llama_get_logits_ith(self.ctx, row)
            logits = np.ctypeslib.as_array(pointer, shape=(self.n_vocab,)).astype(np.float64)
            top = logits.max()
            logprobs = logits - top - np.log(np.exp(logits - top).sum())
            best = np.argpartition(-logprobs, 2 * width)[: 2 * width]
            for token in best:
                found.append((beam.score + float(logprobs[token]), index, int(token)))
        found.sort(key=lambda c: (-c[0], c[1], c[2]))
        return found

    @staticmethod
    def _done(finished, survivors, width, alpha, early_stopping, steps, greedy_score) -> bool:
        if not survivors:
            return True
        if len(finished) < width:
            return False
        if greedy_score is not None and greedy_score / (steps + 1) ** alpha > finished[0].ranked:
            return False  # the greedy answer, still running, ranks above every finished one
        if early_stopping:
            return True
        # otherwise only while the best running beam, ranked at its length, could still
        # beat the worst finished answer (transformers' heuristic)
        return survivors[0][0] / (steps + 1) ** alpha <= finished[-1].ranked

    def _advance(self, beams: list[_Beam], survivors) -> list[_Beam]:
        """The next beams; KV sequences are reused where a beam has one child, copied where
        it has more, freed where it has none."""
        children = Counter(parent for _, parent, _ in survivors)
        used = {beams[parent].seq for parent in children}
        free = [seq for seq in range(MAX_BEAMS) if seq not in used]
        for beam in beams:  # dropped beams give their cells back
            if beam.seq not in used:
                llama_cpp.llama_memory_seq_rm(self.memory, beam.seq, self.base, -1)
        taken: set[int] = set()
        result = []
        for score, parent, token in survivors:
            origin = beams[parent]
            if origin.seq in taken:
                seq = free.pop(0)
                llama_cpp.llama_memory_seq_rm(self.memory, seq, -1, -1)
                llama_cpp.llama_memory_seq_cp(self.memory, origin.seq, seq, -1, -1)
            else:
                seq = origin.seq
                taken.add(seq)
            result.append(_Beam(seq, [*origin.tokens, token], score))
        return result

    def _decode(self, batch, beams: list[_Beam], stats: GenerationStats) -> list[int] | None:
        """Every beam's newest token in one batch; where each one's logits are."""
        for index, beam in enumerate(beams):
            batch.token[index] = beam.tokens[-1]
            batch.pos[index] = self.base + len(beam.tokens) - 1
            batch.n_seq_id[index] = 1
            batch.seq_id[index][0] = beam.seq
            batch.logits[index] = 1
        batch.n_tokens = len(beams)
        status = llama_cpp.llama_decode(self.ctx, batch)
        if status != 0:
            stats.finish_reason, stats.error = "error", llama_log.decode_error(status)
            return None
        return list(range(len(beams)))

    @staticmethod
    def _best(beams: list[_Beam], finished: list[_Finished], alpha: float) -> _Finished | None:
        """The answer: the best finished one, or a running beam that ranks higher (the
        search stopped at the length limit)."""
        options = list(finished)
        options += [
            _Finished(b.tokens, b.score, b.score / max(1, len(b.tokens)) ** alpha) for b in beams
        ]
        return max(options, key=lambda f: f.ranked, default=None)


def _keep_greedy(survivors, greedy_child, is_end) -> int | None:
    """Keep the greedy answer in the running (in the last place if it fell out of it), so
    the search never ends less probable than greedy decoding; its new index, or None once
    it has finished."""
    if greedy_child is None or is_end(greedy_child[2]):
        return None
    if greedy_child not in survivors:
        survivors[-1:] = [greedy_child]
    return survivors.index(greedy_child)


def _common_prefix(sequences: list[list[int]]) -> list[int]:
    if not sequences:
        return []
    shortest = min(sequences, key=len)
    for index, token in enumerate(shortest):
        if any(other[index] != token for other in sequences):
            return shortest[:index]
    return list(shortest)

"""The llama.cpp engine: load a GGUF model and stream chat answers from it.

This is the only module that imports ``llama_cpp``. It uses llama.cpp's C API
(through llama-cpp-python's ctypes bindings) directly rather than the ``Llama``
convenience class, because the convenience path re-detokenizes the whole answer
on every token and holds text back in bursts. Here each token is sampled by
llama.cpp's own sampler chain, turned into bytes once, and decoded incrementally
(:mod:`llamadesk.core.engine.textstream`), so token 2,000 costs what token 20 did.

An :class:`Engine` belongs to one thread; it is not safe to share.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from llamadesk.core.engine import llama_log
from llamadesk.core.engine.answer_stream import AnswerStream
from llamadesk.core.engine.chat_template import ChatTemplate, RenderedPrompt, split_marked
from llamadesk.core.engine.context_window import answer_reserve, fit_messages
from llamadesk.core.engine.generation import (
    CancelToken,
    GenerationStats,
    LoadedModel,
    PromptPreview,
    Thought,
)
from llamadesk.core.engine.llama.beams import BeamSearch
from llamadesk.core.engine.llama.bindings import llama_cpp
from llamadesk.core.engine.llama.grammar import json_grammar
from llamadesk.core.engine.llama.runtime import (
    FLASH_ATTN,
    KV_TYPES,
    LOG,
    SPECIAL_ATTRS,
    backend_report,
    init_backend,
)
from llamadesk.core.engine.reasoning import (
    DEFAULT_REASONING,
    ReasoningFormat,
    ReasoningOptions,
    ReasoningParser,
    reasoning_format,
)
from llamadesk.core.engine.sampling import MAX_BEAMS, SamplingParams
from llamadesk.core.engine.textstream import Utf8Pieces
from llamadesk.core.errors import GenerationError, LoadCancelled, ModelLoadError, PromptTooLong
from llamadesk.core.gguf import read_info
from llamadesk.core.machine import (
    LoadOptions,
    Machine,
    context_size,
    plan_offload,
    require_memory,
)
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)


class Engine:
    """One loaded model and its context; generation is a generator of text pieces."""

    def __init__(self) -> None:
        init_backend()
        self._model: llama_cpp.llama_model_p | None = None
        self._ctx: llama_cpp.llama_context_p | None = None
        self._vocab = None
        self.loaded: LoadedModel | None = None
        self._template: ChatTemplate | None = None
        self._reasoning = reasoning_format(None)
        self._cached: list[int] = []  # tokens whose keys and values are in the KV cache
        # (marked prompt text, n): the first n cached tokens spell it
        self._checkpoints: list[tuple[str, int]] = []
        self._prefilled = (0, 0)  # the last prompt's length, and where its decoding began
        self._pieces: dict[int, bytes] = {}
        self._ends: dict[int, bool] = {}  # end-of-generation tokens: one C call per token id
        self._controls: dict[int, str] = {}  # control tokens and their text
        self._special_ids: frozenset[int] = frozenset()  # tokens a message must not produce
        self._newline: list[int] | None = None  # the tokens of "\n"
        self._cancel: CancelToken | threading.Event | None = None
        self._abort_callback = llama_cpp.ggml_abort_callback(self._should_abort)
        self._one_token = (llama_cpp.llama_token * 1)()
        self._one_batch = llama_cpp.llama_batch_get_one(self._one_token, 1)

    # ---------------------------------------------------------------- loading
    def load(
        self,
        path: Path | str,
        options: LoadOptions | None = None,
        progress: Callable[[float], bool] | None = None,
    ) -> LoadedModel:
        """Load ``path``, closing the current model first. ``progress(f)`` may return False
        to cancel (raises :class:`LoadCancelled`)."""
        path = Path(path)
        options = options or LoadOptions()
        info = read_info(path)  # clear errors for non-GGUF or truncated files, before llama.cpp
        report = backend_report()
        n_ctx = context_size(options, info, Machine.detect(report))
        plan = plan_offload(options, report, info, n_ctx)
        require_memory(path.name, options.estimate(info, n_ctx, plan.n_gpu_layers).ram, n_ctx)
        self.unload()
        started, mark = time.perf_counter(), LOG.count

        model_params = llama_cpp.llama_model_default_params()
        model_params.n_gpu_layers = plan.n_gpu_layers
        model_params.use_mmap = options.use_mmap
        cancelled = False

        def on_progress(fraction: float, _data: ctypes.c_void_p) -> bool:
            nonlocal cancelled
            try:
                cancelled = progress is not None and progress(fraction) is False
            except Exception:  # a failing progress display must not crash llama.cpp
                log.exception("progress callback failed")
            return not cancelled

        progress_callback = llama_cpp.llama_progress_callback(on_progress)
        model_params.progress_callback = progress_callback
        model = llama_cpp.llama_model_load_from_file(str(path).encode(), model_params)
        if not model:
            if cancelled:
                raise LoadCancelled(Text("Loading the model was cancelled."))
            raise ModelLoadError(llama_log.load_failure_message(path, LOG.since(mark)))

        ctx_params = llama_cpp.llama_context_default_params()
        ctx_params.n_ctx = n_ctx
        # room for beam search's sequences, all in one KV cache (it shares the prompt)
        ctx_params.n_seq_max = MAX_BEAMS
        ctx_params.kv_unified = True
        ctx_params.n_batch = options.n_batch
        ctx_params.n_ubatch = options.n_ubatch
        ctx_params.n_threads = ctx_params.n_threads_batch = options.threads()
        ctx_params.flash_attn_type = FLASH_ATTN[options.flash_attn]
        ctx_params.type_k = ctx_params.type_v = KV_TYPES[options.kv_type]
        ctx_params.no_perf = True
        ctx = llama_cpp.llama_init_from_model(model, ctx_params)
        if not ctx:
            llama_cpp.llama_model_free(model)
            lines = [line.strip() for line in LOG.since(mark) if "error" in line.lower()]
            message = Text(
                "llama.cpp loaded {name} but could not create a context of {n_ctx:,} tokens, "
                "most likely for lack of memory. Try a smaller context size, a smaller "
                "quantization or a quantized KV cache.",
                name=path.name,
                n_ctx=n_ctx,
            )
            if lines:
                message = Text("{message} ({detail})", message=message, detail=lines[-1])
            raise ModelLoadError(message)
        self._model, self._ctx = model, ctx
        self._vocab = llama_cpp.llama_model_get_vocab(model)
        lines = LOG.since(mark)
        template_markup = self._read_special_tokens(info.chat_template or "")
        self._template = ChatTemplate(
            info.chat_template,
            bos_token=self._token_text(llama_cpp.llama_vocab_bos(self._vocab)),
            eos_token=self._token_text(llama_cpp.llama_vocab_eos(self._vocab)),
            control_tokens=template_markup,
        )
        self._reasoning = reasoning_format(info.chat_template)
        self.loaded = LoadedModel(
            path=path,
            info=info,
            options=options,
            n_ctx=llama_cpp.llama_n_ctx(ctx),
            plan=plan,
            layers_offloaded=llama_log.layers_offloaded(lines),
            layers_total=info.n_layer + 1,
            load_seconds=time.perf_counter() - started,
            memory_reported=llama_log.reported_buffers(lines),
            template_warning=self._template.problem,
            thinking=self._template.thinking,
        )
        log.info(
            "loaded %s in %.2fs: %s",
            path.name,
            self.loaded.load_seconds,
            self.loaded.offload_summary,
        )
        return self.loaded

    def unload(self) -> None:
        """Free the model and its context (all of their memory)."""
        if self._ctx:
            llama_cpp.llama_free(self._ctx)
        if self._model:
            llama_cpp.llama_model_free(self._model)
        self._ctx = self._model = self._vocab = None
        self.loaded, self._template = None, None
        self._cached, self._checkpoints, self._pieces, self._ends = [], [], {}, {}
        self._prefilled = (0, 0)
        self._controls, self._special_ids, self._newline = {}, frozenset(), None

    close = unload

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.unload()

    # ---------------------------------------------------------------- tokens
    def _read_special_tokens(self, template: str) -> list[str]:
        """Learn the model's control tokens; return the texts a message must not turn into
        tokens: every control token, and the user-defined tokens the chat template writes
        (``<think>`` for Qwen3), which a tokenizer would otherwise match in any text."""
        vocab, markup, ids = self._vocab, [], set()
        for token in range(llama_cpp.llama_vocab_n_tokens(vocab)):
            attr = llama_cpp.llama_vocab_get_attr(vocab, token)
            if not attr & SPECIAL_ATTRS:
                continue
            text = (llama_cpp.llama_vocab_get_text(vocab, token) or b"").decode("utf-8", "replace")
            if not text:
                continue
            if attr & llama_cpp.LLAMA_TOKEN_ATTR_CONTROL:
                self._controls[token] = text
            elif text not in template:
                continue
            markup.append(text)
            ids.add(token)
        self._special_ids = frozenset(ids)
        return markup

    def tokenize(self, text: str, *, add_bos: bool = True) -> list[int]:
        """Tokens of a prompt text: special tokens parsed, BOS added once if the model wants
        it (templates often write the BOS text themselves)."""
        self._require_loaded()
        return self._with_bos(self._tokenize(text, special=True), add_bos)

    def tokenize_prompt(self, marked: str, *, add_bos: bool = True) -> list[int]:
        """Tokens of a rendered prompt whose messages' control tokens are marked
        (:func:`~llamadesk.core.engine.chat_template.split_marked`): the template's text
        with its special tokens, each marked token as the plain text it is."""
        self._require_loaded()
        tokens: list[int] = []
        for index, (text, literal) in enumerate(split_marked(marked)):
            if literal:
                tokens += self._plain_text_tokens(text)
            elif index == 0:
                tokens += self._tokenize(text, special=True)
            else:
                tokens += self._continued(text, special=True)
        return self._with_bos(tokens, add_bos)

    def _with_bos(self, tokens: list[int], add_bos: bool) -> list[int]:
        bos = llama_cpp.llama_vocab_bos(self._vocab)
        wants_bos = add_bos and llama_cpp.llama_vocab_get_add_bos(self._vocab)
        if wants_bos and (not tokens or tokens[0] != bos):
            tokens.insert(0, bos)
        return tokens

    def _plain_text_tokens(self, text: str) -> list[int]:
        """``text`` (a control token's spelling) as ordinary tokens: cut in two, so that
        not even a user-defined token matches it, and again while one still does."""
        if len(text) < 2:
            return self._continued(text, False)
        cut = len(text) // 2 if len(text) > 2 else 1
        tokens = []
        for half in (text[:cut], text[cut:]):
            part = self._continued(half, False)
            tokens += self._plain_text_tokens(half) if self._special_ids & set(part) else part
        return tokens

    def _continued(self, text: str, special: bool) -> list[int]:
        """Tokens of ``text`` in the middle of a prompt: tokenized after a newline, which is
        then taken off, so a SentencePiece model adds no word-start space."""
        newline = self._newline
        if newline is None:
            newline = self._newline = self._tokenize("\n", special=False)
        tokens = self._tokenize("\n" + text, special=special)
        if tokens[: len(newline)] == newline:
            return tokens[len(newline) :]
        return self._tokenize(text, special=special)

    def _tokenize(self, text: str, *, special: bool) -> list[int]:
        data = text.encode("utf-8")
        capacity = len(data) + 8
        buffer = (llama_cpp.llama_token * capacity)()
        n = llama_cpp.llama_tokenize(self._vocab, data, len(data), buffer, capacity, False, special)
        if n < 0:
            raise GenerationError(Text("The prompt could not be tokenized."))
        return buffer[:n]

    def _piece(self, token: int) -> bytes:
        piece = self._pieces.get(token)
        if piece is None:
            buffer = ctypes.create_string_buffer(64)
            n = llama_cpp.llama_token_to_piece(self._vocab, token, buffer, 64, 0, False)
            if n < 0:
                buffer = ctypes.create_string_buffer(-n)
                n = llama_cpp.llama_token_to_piece(self._vocab, token, buffer, -n, 0, False)
            piece = self._pieces[token] = buffer.raw[:n]
        return piece

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return (llama_cpp.llama_vocab_get_text(self._vocab, token) or b"").decode(
            "utf-8", "replace"
        )

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """How many tokens each of ``texts`` takes inside a message, as the model reads it."""
        self._require_loaded()
        return [len(self._continued(text, special=False)) if text else 0 for text in texts]

    @property
    def context_used(self) -> int:
        """Tokens in the context window now (the prompt and the answer so far)."""
        return len(self._cached)

    def render_prompt(
        self, messages: Sequence[dict], reasoning: ReasoningOptions = DEFAULT_REASONING
    ) -> tuple[str, str | None]:
        """The prompt text the model would see for ``messages``, and any template warning."""
        self._require_loaded()
        rendered = self._template.render(messages, options=reasoning)
        return rendered.text, rendered.warning

    def preview_prompt(
        self,
        messages: Sequence[dict],
        sampling: SamplingParams | None = None,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
    ) -> PromptPreview:
        """The prompt :meth:`stream_chat` would send for the same arguments: the text, its
        token count, and how many old messages were left out to fit. ``raw``: the prompt
        :meth:`stream_completion` sends for the first message's text."""
        self._require_loaded()
        if raw:
            text = messages[0]["content"]
            tokens = len(self.tokenize_prompt(text))
            return PromptPreview(text, tokens, dropped_messages=0, n_ctx=self.loaded.n_ctx)
        sampling = sampling or SamplingParams()
        rendered, dropped = self._fit(messages, sampling, continue_final, reasoning)
        return PromptPreview(
            text=rendered.text,
            tokens=len(self.tokenize_prompt(rendered.marked)),
            dropped_messages=dropped,
            n_ctx=self.loaded.n_ctx,
            warning=rendered.warning,
        )

    def _fit(
        self,
        messages: Sequence[dict],
        sampling: SamplingParams,
        continue_final: bool,
        reasoning: ReasoningOptions,
        drop_old: bool = True,
        tools: Sequence[dict] = (),
    ) -> tuple[RenderedPrompt, int]:
        """The prompt for ``messages``, left without the oldest turns that do not fit (a part
        of the window is kept for the answer), and how many messages were left out. Without
        ``drop_old`` a prompt that does not fit raises :class:`PromptTooLong`."""
        n_ctx = self.loaded.n_ctx

        def render(messages: Sequence[dict]) -> RenderedPrompt:
            return self._template.render(
                messages, continue_final=continue_final, options=reasoning, tools=tools
            )

        if not drop_old:
            rendered = render(messages)
            self._check_fits(len(self.tokenize_prompt(rendered.marked)))
            return rendered, 0
        reserve = answer_reserve(n_ctx, sampling.max_tokens)
        fitted = fit_messages(
            messages, lambda m: len(self.tokenize_prompt(render(m).marked)), n_ctx - reserve
        )
        return render(fitted.messages), fitted.dropped

    def _check_fits(self, prompt_tokens: int) -> None:
        """A prompt must leave room for at least one token of answer."""
        n_ctx = self.loaded.n_ctx
        if prompt_tokens >= n_ctx:
            raise PromptTooLong(
                Text(
                    "The prompt needs {needed:,} tokens but the context window holds "
                    "{n_ctx:,}. Shorten the conversation or load the model with a larger "
                    "context size.",
                    needed=prompt_tokens,
                    n_ctx=n_ctx,
                )
            )

    # ---------------------------------------------------------------- generation
    def stream_chat(
        self,
        messages: Sequence[dict],
        sampling: SamplingParams | None = None,
        cancel: CancelToken | threading.Event | None = None,
        *,
        continue_final: bool = False,
        ignore_end_of_generation: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        drop_old: bool = True,
        tools: Sequence[dict] = (),
        beam_search: bool = False,
    ) -> Iterator[str | Thought | GenerationStats]:
        """Yield the answer's text pieces (``str``) and its reasoning's (:class:`Thought`)
        as they are produced, then a GenerationStats. ``sampling.beams`` above 1 (or
        ``beam_search``, with any width) searches for the answer with beams instead of
        sampling it.

        Pass earlier answers back exactly as they were streamed (their reasoning under
        ``reasoning_content``): the next turn then reuses the KV cache for the whole
        conversation so far, not just up to the first token that re-tokenizes
        differently. With ``continue_final`` the last message is an unfinished assistant
        answer that the model carries on. With ``ignore_end_of_generation`` an
        end-of-generation token does not end the answer but is streamed like any other,
        so exactly ``max_tokens`` tokens are generated unless the context fills, a stop
        string or cancel comes first (benchmarks). Without ``drop_old`` a conversation
        too long for the context window raises :class:`PromptTooLong` instead of losing
        its oldest messages."""
        self._require_loaded()
        sampling = (sampling or SamplingParams()).with_seed()
        started = time.perf_counter()
        stats = GenerationStats(seed=sampling.seed)
        rendered, stats.dropped_messages = self._fit(
            messages, sampling, continue_final, reasoning, drop_old, tools
        )
        if rendered.warning:
            stats.warnings.append(rendered.warning)
        if stats.dropped_messages:
            stats.warnings.append(
                Text(
                    "The conversation is longer than the context window ({n_ctx:,} tokens): "
                    "the oldest {dropped} message(s) were left out of the prompt.",
                    n_ctx=self.loaded.n_ctx,
                    dropped=stats.dropped_messages,
                )
            )
        parser = ReasoningParser(self._reasoning, rendered.text)
        prompt = self._prompt_tokens(rendered.marked)
        yield from self._answer(
            prompt,
            rendered.marked,
            sampling,
            cancel,
            stats,
            started,
            parser,
            budget=reasoning.budget,
            ignore_end=ignore_end_of_generation,
            beam_search=beam_search,
        )

    def stream_completion(
        self,
        prompt: str,
        sampling: SamplingParams | None = None,
        cancel: CancelToken | threading.Event | None = None,
    ) -> Iterator[str | GenerationStats]:
        """Carry on ``prompt`` as it is, without the chat template (special tokens written
        in it are parsed): yield the text pieces, then a GenerationStats. A prompt that does
        not fit in the context window raises :class:`PromptTooLong`."""
        self._require_loaded()
        sampling = (sampling or SamplingParams()).with_seed()
        started = time.perf_counter()
        stats = GenerationStats(seed=sampling.seed)
        tokens = self._prompt_tokens(prompt)
        self._check_fits(len(tokens))
        plain = ReasoningParser(ReasoningFormat("tags", "", ""))  # no reasoning in raw text
        yield from self._answer(tokens, prompt, sampling, cancel, stats, started, plain)

    def _answer(
        self,
        prompt: list[int],
        prompt_text: str,
        sampling: SamplingParams,
        cancel,
        stats: GenerationStats,
        started: float,
        parser: ReasoningParser,
        *,
        budget: int = 0,
        ignore_end: bool = False,
        beam_search: bool = False,
    ) -> Iterator[str | Thought | GenerationStats]:
        """Put ``prompt`` in the KV cache (reusing what it shares with the cache), generate
        the answer, and end with the stats."""
        stats.prompt_tokens = len(prompt)
        self._cancel = cancel
        try:
            stats.cached_tokens = self._prefill(prompt, prompt_text)
        except _Aborted:
            stats.finish_reason = "cancelled"
        except GenerationError as error:
            stats.finish_reason, stats.error = "error", error.text
        finally:
            self._cancel = None
        stats.prompt_seconds = time.perf_counter() - started
        if stats.finish_reason == "stop" and (sampling.beams > 1 or beam_search):
            yield from self._search(sampling, cancel, stats, started, parser)
        elif stats.finish_reason == "stop":
            yield from self._generate(
                sampling, cancel, stats, started, parser, budget=budget, ignore_end=ignore_end
            )
        stats.context_used = len(self._cached)
        yield stats

    def _generate(
        self,
        sampling: SamplingParams,
        cancel,
        stats: GenerationStats,
        started: float,
        parser: ReasoningParser,
        *,
        budget: int = 0,
        ignore_end: bool = False,
    ):
        ctx, n_ctx = self._ctx, self.loaded.n_ctx
        answer = AnswerStream(parser, sampling.stop, stats, started)
        cached_text = Utf8Pieces()
        answer_text = ""  # the text of the answer tokens that are in the KV cache
        controls = self._controls
        chain = self._sampler_chain(sampling)
        budget = 0 if sampling.grammar else budget  # a grammar decides where thinking ends
        generation_started = time.perf_counter()
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    stats.finish_reason = "cancelled"
                    break
                if stats.generated_tokens >= sampling.max_tokens:
                    stats.finish_reason = "length"
                    break
                if len(self._cached) >= n_ctx:
                    stats.finish_reason = "length"
                    stats.warnings.append(
                        Text("The context window ({n_ctx:,} tokens) is full.", n_ctx=n_ctx)
                    )
                    break
                if budget and answer.thinking and stats.thinking_tokens >= budget:
                    closing = self._tokenize(parser.format.closing, special=True)
                    if not self._decode_tokens(closing, stats):
                        break
                    answer.close_reasoning()
                token = llama_cpp.llama_sampler_sample(chain, ctx, -1)
                if self._is_end(token) and not ignore_end:
                    break
                yield from answer.token(self._piece(token), controls.get(token))
                if answer.stopped:
                    break
                self._one_token[0] = token
                status = llama_cpp.llama_decode(ctx, self._one_batch)
                if status != 0:
                    stats.finish_reason, stats.error = "error", llama_log.decode_error(status)
                    break
                self._cached.append(token)
                answer_text += cached_text.push(self._piece(token))
        finally:
            llama_cpp.llama_sampler_free(chain)
            if answer_text and self._checkpoints:
                prompt_text, _ = self._checkpoints[0]
                self._checkpoints.append((prompt_text + answer_text, len(self._cached)))
            stats.generation_seconds = time.perf_counter() - generation_started
        yield from answer.finish()

    def _search(self, sampling, cancel, stats: GenerationStats, started: float, parser):
        """The answer by beam search: the most probable answer of ``sampling.beams`` kept
        at each step. The KV cache keeps the prompt only (the answer goes in with the next
        turn's prompt)."""
        stats.beams = sampling.beams
        answer = AnswerStream(parser, sampling.stop, stats, started)
        search = BeamSearch(
            self._ctx,
            llama_cpp.llama_vocab_n_tokens(self._vocab),
            self.loaded.n_ctx,
            len(self._cached),
            self._is_end,
            self._piece,
            self._controls.get,
        )
        generation_started = time.perf_counter()
        try:
            yield from search.run(sampling, cancel, stats, answer)
        finally:
            self._checkpoints = self._checkpoints[:1]  # the prompt's own
            stats.generation_seconds = time.perf_counter() - generation_started
        yield from answer.finish()

    def _is_end(self, token: int) -> bool:
        """Whether ``token`` ends a generation (one C call per token id, then remembered)."""
        end = self._ends.get(token)
        if end is None:
            end = self._ends[token] = llama_cpp.llama_vocab_is_eog(self._vocab, token)
        return end

    def _decode_tokens(self, tokens: list[int], stats: GenerationStats) -> bool:
        """Put tokens the engine wrote itself (closing the reasoning) into the KV cache."""
        for token in tokens:
            if len(self._cached) >= self.loaded.n_ctx:
                return False
            self._one_token[0] = token
            status = llama_cpp.llama_decode(self._ctx, self._one_batch)
            if status != 0:
                stats.finish_reason, stats.error = "error", llama_log.decode_error(status)
                return False
            self._cached.append(token)
        return True

    def _prompt_tokens(self, marked: str) -> list[int]:
        """Tokens for the (marked) prompt, keeping the model's own tokens for the part of
        it that is already in the KV cache (the previous prompt and answer).

        Re-tokenizing an answer often gives other tokens than the ones the model
        generated (always so for gibberish), which would force the whole answer through
        the model again on the next turn. The tail is spliced on only where it starts
        with a special token (the end of the assistant's turn in every common template),
        so the split cannot change how the text around it is tokenized."""
        for known, n_tokens in reversed(self._checkpoints):  # the longest first
            if not marked.startswith(known):
                continue
            if len(marked) == len(known):  # the same prompt again: regenerating
                return self._cached[:n_tokens]
            tail = self.tokenize_prompt(marked[len(known) :], add_bos=False)
            if tail and llama_cpp.llama_vocab_is_control(self._vocab, tail[0]):
                return self._cached[:n_tokens] + tail
        return self.tokenize_prompt(marked)

    def _prefill(self, prompt: list[int], prompt_text: str) -> int:
        """Put ``prompt`` in the KV cache, reusing the prefix already there.

        Returns how many tokens were reused. The last prompt token is always evaluated
        again, since its logits are needed to sample the first answer token. The same
        prompt again (regenerating) decodes again what the last prefill decoded, in the
        same batches: llama.cpp's sums differ a little between a batch of one token and a
        longer one, and the regenerated answer (the same seed, or beam search) would
        otherwise differ from the first on a close call."""
        memory = llama_cpp.llama_get_memory(self._ctx)
        reuse = 0
        limit = min(len(self._cached), len(prompt) - 1)
        while reuse < limit and self._cached[reuse] == prompt[reuse]:
            reuse += 1
        length, decoded_from = self._prefilled
        if reuse == len(prompt) - 1 and len(prompt) == length:
            reuse = min(reuse, decoded_from)
        if not llama_cpp.llama_memory_seq_rm(memory, -1, reuse, -1):
            llama_cpp.llama_memory_clear(memory, True)  # e.g. recurrent models: start over
            reuse = 0
        self._cached, self._checkpoints = prompt[:reuse], []
        n_batch = self.loaded.options.n_batch
        llama_cpp.llama_set_abort_callback(self._ctx, self._abort_callback, None)
        try:
            for start in range(reuse, len(prompt), n_batch):
                chunk = prompt[start : start + n_batch]
                tokens = (llama_cpp.llama_token * len(chunk))(*chunk)
                status = llama_cpp.llama_decode(
                    self._ctx, llama_cpp.llama_batch_get_one(tokens, len(chunk))
                )
                if status != 0:
                    llama_cpp.llama_memory_seq_rm(memory, -1, len(self._cached), -1)
                    if status == 2:
                        raise _Aborted
                    raise GenerationError(llama_log.decode_error(status))
                self._cached.extend(chunk)
            self._checkpoints = [(prompt_text, len(prompt))]
            self._prefilled = (len(prompt), reuse)
        finally:
            # During token generation cancel is checked between tokens; the callback would
            # only add a call into Python for every node of every graph.
            llama_cpp.llama_set_abort_callback(self._ctx, llama_cpp.ggml_abort_callback(), None)
        return reuse

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        cancel = self._cancel
        return cancel is not None and cancel.is_set()

    def _sampler_chain(self, sampling: SamplingParams):
        params = llama_cpp.llama_sampler_chain_default_params()
        chain = llama_cpp.llama_sampler_chain_init(params)

        def add(sampler) -> None:
            llama_cpp.llama_sampler_chain_add(chain, sampler)

        penalties = (
            sampling.repeat_penalty != 1.0
            or sampling.presence_penalty != 0.0
            or sampling.frequency_penalty != 0.0
        )
        if penalties and sampling.repeat_last_n:
            sampler = llama_cpp.llama_sampler_init_penalties(
                llama_cpp.llama_vocab_n_tokens(self._vocab),
                sampling.repeat_last_n,
                sampling.repeat_penalty,
                sampling.frequency_penalty,
                sampling.presence_penalty,
            )
            for token in self._cached[-sampling.repeat_last_n :]:
                llama_cpp.llama_sampler_accept(sampler, token)  # they see the recent prompt
            add(sampler)
        gbnf = sampling.grammar or json_grammar(sampling.json_schema, sampling.json_around)
        if gbnf:
            mark = LOG.count
            grammar = llama_cpp.llama_sampler_init_grammar(
                self._vocab, gbnf.encode("utf-8"), b"root"
            )
            if not grammar:
                llama_cpp.llama_sampler_free(chain)
                detail = " ".join(line.strip() for line in LOG.since(mark))[-300:]
                raise GenerationError(
                    Text("The grammar could not be read: {detail}", detail=detail or "?")
                )
            add(grammar)
        if sampling.greedy:
            add(llama_cpp.llama_sampler_init_greedy())
        else:
            if sampling.top_k:
                add(llama_cpp.llama_sampler_init_top_k(sampling.top_k))
            if sampling.top_p < 1.0:
                add(llama_cpp.llama_sampler_init_top_p(sampling.top_p, 1))
            if sampling.min_p > 0.0:
                add(llama_cpp.llama_sampler_init_min_p(sampling.min_p, 1))
            add(llama_cpp.llama_sampler_init_temp(sampling.temperature))
            add(llama_cpp.llama_sampler_init_dist(sampling.seed))
        return chain

    def _require_loaded(self) -> None:
        if self._ctx is None:
            raise GenerationError(Text("No model is loaded. Choose a model first."))


class _Aborted(Exception):
    pass

"""``llamadesk models``: search the Hub, list a repository's files with fit verdicts, download
(with a progress bar; Ctrl+C pauses, running it again resumes), list and delete local models.

The same core as the model manager window: :mod:`llamadesk.core.hub` (search, files,
downloads), :mod:`llamadesk.core.machine` (fit verdicts) and :mod:`llamadesk.core.library`.
Tables go to stdout, progress and notes to stderr, all through ``say`` (text from the Hub
never reaches the terminal with its control characters). Errors print one sentence and
exit with status 2, never a traceback; Ctrl+C prints "Stopped." and exits with 130.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING

from llamadesk.cli.output import ProgressBar, confirm, guarded, quoted, say, table
from llamadesk.core.units import format_bytes  # no imports of its own

if TYPE_CHECKING:  # the commands import the core when they run: `llamadesk` starts fast
    from llamadesk.core.hub import Download, HubConfig, ModelVariant, RepoDetails
    from llamadesk.core.library import Library
    from llamadesk.core.machine import FitResult, Machine
    from llamadesk.core.settings import Settings

SORTS = ("downloads", "likes", "recent")
PAUSED_EXIT = 130  # as a shell reports Ctrl+C


# ------------------------------------------------------------------ parser
def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``models`` and its actions under the main parser's sub-commands."""

    def network(suppress: bool = True) -> argparse.ArgumentParser:
        """--endpoint and --offline, accepted before and after the action's name (after it,
        absent options must not overwrite what was given before: SUPPRESS)."""
        options = argparse.ArgumentParser(add_help=False)
        options.add_argument(
            "--endpoint",
            default=argparse.SUPPRESS if suppress else None,
            help="Hub address or mirror, e.g. https://hf-mirror.com (default: Settings, "
            "else HF_ENDPOINT, else huggingface.co)",
        )
        options.add_argument(
            "--offline",
            action="store_true",
            default=argparse.SUPPRESS if suppress else False,
            help="make no network request at all (HF_HUB_OFFLINE=1 does the same)",
        )
        return options

    models = commands.add_parser(
        "models", parents=[network(suppress=False)], help="find, download and manage GGUF models"
    )
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    search = actions.add_parser(
        "search", parents=[network()], help="search the Hub for GGUF models"
    )
    search.add_argument("query", nargs="*", help="words in the repository name")
    search.add_argument("--sort", choices=SORTS, default="downloads")
    search.add_argument("--limit", type=int, default=20, help="results (default %(default)s)")
    search.set_defaults(func=guarded(cmd_search))

    files = actions.add_parser(
        "files", parents=[network()], help="a repository's models by quantization, with fit"
    )
    files.add_argument("repo", help="org/name or a Hub address")
    _add_ctx(files)
    files.set_defaults(func=guarded(cmd_files))

    pull = actions.add_parser(
        "pull", parents=[network()], help="download a model (Ctrl+C pauses; run again to resume)"
    )
    pull.add_argument("repo", help="org/name, org/name:QUANT or a Hub address")
    pull.add_argument(
        "file", nargs="?", help="a file name or quantization (default: the one that fits best)"
    )
    _add_ctx(pull)
    pull.set_defaults(func=guarded(cmd_pull))

    listing = actions.add_parser(
        "list", parents=[network()], help="the models on this computer (no network needed)"
    )
    listing.set_defaults(func=guarded(cmd_list))

    remove = actions.add_parser("rm", parents=[network()], help="delete a local model")
    remove.add_argument("model", help="a file name, model name or path (see: models list)")
    remove.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(func=guarded(cmd_rm))


def _add_ctx(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-c",
        "--ctx",
        type=int,
        default=None,
        help="context size for the fit check (default: Settings)",
    )


def _settings() -> Settings:
    from llamadesk.core.settings import load_settings

    settings, warnings = load_settings()
    for warning in warnings:
        say(f"warning: {warning}", file=sys.stderr)
    return settings


def _config(args: argparse.Namespace, settings: Settings) -> HubConfig:
    from llamadesk.core.hub import hub_config

    return hub_config(settings, endpoint=args.endpoint, offline=args.offline)


# ------------------------------------------------------------------ search
def cmd_search(args: argparse.Namespace) -> int:
    from llamadesk.core import hub

    config = _config(args, _settings())
    page = hub.search_models(" ".join(args.query), sort=args.sort, limit=args.limit, config=config)
    if not page.models:
        say("No GGUF models match. Try fewer or other words.", file=sys.stderr)
        return 1
    rows = [("REPOSITORY", "DOWNLOADS", "LIKES", "UPDATED")]
    for model in page.models[: args.limit]:
        name = model.repo_id + ("  (gated)" if model.gated else "")
        updated = f"{model.last_modified:%Y-%m-%d}" if model.last_modified else ""
        rows.append((name, f"{model.downloads:,}", f"{model.likes:,}", updated))
    table(rows, right=(1, 2))
    if page.next_cursor:
        say(f"More results: raise --limit (now {args.limit}).", file=sys.stderr)
    return 0


# ------------------------------------------------------------------ files
def _repo(text: str, config: HubConfig):
    from llamadesk.core import hub
    from llamadesk.core.errors import HubError
    from llamadesk.core.hub import parse_repo_reference

    reference = parse_repo_reference(text)
    if reference is None:
        raise HubError(
            f'"{text}" is not a model repository: give it as organisation/name or paste its '
            "address on the Hub.",
            reason="invalid",
        )
    return reference, hub.repo_files(reference.repo_id, revision=reference.revision, config=config)


def _machine() -> Machine:
    from llamadesk.cli.chat import backend_report
    from llamadesk.core.errors import LlamaDeskError
    from llamadesk.core.machine import Machine

    try:
        return Machine.detect(backend_report())
    except LlamaDeskError as error:  # no working llama.cpp: judge for the CPU alone
        say(f"warning: {error}", file=sys.stderr)
        return Machine.detect(None)


def _verdicts(
    details: RepoDetails, config: HubConfig, n_ctx: int
) -> tuple[list[tuple[ModelVariant, FitResult]], str, bool]:
    """Verdicts for every variant from one real header (read remotely), a note, and
    whether the header was refused (then no file of the model would load)."""
    from llamadesk.core import hub
    from llamadesk.core.errors import HubError, ModelFileError
    from llamadesk.core.machine import fit_variants

    if not details.variants:
        return [], "", False
    probe = next((v for v in details.variants if v.quantization == "Q4_K_M"), details.variants[0])
    refused = False
    try:
        header = hub.variant_header(probe, config=config)
        note = f"from the header of {probe.display_name}"
    except ModelFileError as error:
        header, note, refused = None, "rough, from the file sizes", True
        say(f"warning: LlamaDesk cannot use this model: {error}", file=sys.stderr)
    except HubError as error:
        header, note = None, "rough, from the file sizes: the header could not be read"
        if error.reason != "gated":  # the access note says why already
            say(f"note: {error}", file=sys.stderr)
    return fit_variants(details.variants, header, _machine(), n_ctx=n_ctx), note, refused


def cmd_files(args: argparse.Namespace) -> int:
    from llamadesk.core.machine import recommend

    settings = _settings()
    config = _config(args, settings)
    _reference, details = _repo(args.repo, config)
    n_ctx = args.ctx or settings.load.n_ctx or 4096
    say(details.repo_id + (f"  ·  {details.license}" if details.license else ""))
    if details.description:
        say(details.description)
    if details.access_note:
        say(f"note: {details.access_note}", file=sys.stderr)
    if not details.variants:
        say("This repository has no GGUF model files.", file=sys.stderr)
        return 1
    choices, note, refused = _verdicts(details, config, n_ctx)
    best = recommend(choices, refused=refused)
    say(f"\nFit on this computer at a context of {n_ctx:,} tokens ({note}):")
    rows = [("", "QUANT", "SIZE", "FIT", "FILE")]
    for variant, fit in choices:
        mark = "*" if best and variant == best.variant else ""
        parts = f"  ({len(variant.files)} parts)" if variant.is_split else ""
        size = format_bytes(variant.size) if variant.size is not None else "?"
        rows.append((mark, variant.quantization, size, str(fit.verdict), variant.name + parts))
    table(rows, right=(2,))
    if best:
        say(f"\n* recommended: {best.reason}")
        say(f"  download it: llamadesk models pull {details.repo_id} {best.variant.quantization}")
    elif refused:
        say("\nNone is recommended: its other files most likely share the problem above.")
    else:
        say("\nNone of these fits this computer at this context size.")
    for projector in details.projectors:
        say(f"vision projector (not a chat model on its own): {projector.name}")
    return 0


# ------------------------------------------------------------------ pull
def cmd_pull(args: argparse.Namespace) -> int:
    from llamadesk.core.errors import HubError
    from llamadesk.core.hub import Download, existing_size, part_path
    from llamadesk.core.library import Library
    from llamadesk.core.machine import recommend

    settings = _settings()
    config = _config(args, settings)
    reference, details = _repo(args.repo, config)
    wanted = args.file or reference.filename or reference.quantization
    if wanted:
        variant = details.find(wanted)
        if variant is None:
            quants = ", ".join(sorted({v.quantization for v in details.variants})) or "none"
            raise HubError(
                f'{details.repo_id} has no file or quantization "{wanted}". Its quantizations: '
                f"{quants}. See: llamadesk models files {details.repo_id}",
                reason="not_found",
            )
    else:
        n_ctx = args.ctx or settings.load.n_ctx or 4096
        choices, _, refused = _verdicts(details, config, n_ctx)
        best = recommend(choices, refused=refused)
        if refused:
            raise HubError(
                f"LlamaDesk cannot use the files of {details.repo_id} (see above). To download "
                f"one all the same, name it: llamadesk models pull {details.repo_id} QUANT",
                reason="invalid",
            )
        if best is None:
            raise HubError(
                f"No model in {details.repo_id} fits this computer at a context of {n_ctx:,} "
                f"tokens. Choose one yourself: llamadesk models files {details.repo_id}",
                reason="invalid",
            )
        variant = best.variant
        say(f"Chosen: {variant.quantization} ({best.reason})", file=sys.stderr)
    library = Library.from_settings(settings)
    bar = ProgressBar(variant.display_name)
    download = Download(variant, config=config, models_root=library.models_folder, on_progress=bar)
    already = sum(existing_size(part_path(d)) for d in download.destinations)
    if already:
        say(
            f"Resuming the unfinished download ({format_bytes(already)} already here)…",
            file=sys.stderr,
        )
    state = _run_until_done(download, bar)
    if state == "paused":
        say(
            "\nPaused. The partial file is kept: run the same command again to resume.",
            file=sys.stderr,
        )
        return PAUSED_EXIT
    bar.finish()
    say(f"Downloaded {variant.display_name} ({format_bytes(variant.size or 0)}):", file=sys.stderr)
    say(download.path)
    say(f"Chat with it: llamadesk chat -m {quoted(download.path)}", file=sys.stderr)
    return 0


def _run_until_done(download: Download, bar: ProgressBar) -> str:
    """Run the download on a thread; Ctrl+C pauses it (the partial file stays)."""
    outcome: list = []

    def work() -> None:
        try:
            outcome.append(download.run())
        except BaseException as error:  # handed to the main thread
            outcome.append(error)

    worker = threading.Thread(target=work, name="download", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)  # a timeout keeps Ctrl+C responsive
    except KeyboardInterrupt:
        download.pause()
        worker.join(2.0)  # a stalled connection notices within its read timeout; no need
        bar.finish()
        return "paused"
    result = outcome[0]
    if isinstance(result, BaseException):
        bar.finish()
        from llamadesk.core.hub import existing_size, part_path

        if not any(existing_size(part_path(d)) for d in download.destinations):
            download.cancel()  # refused before a byte arrived: leave nothing to resume
        raise result
    return result


# ------------------------------------------------------------------ list, rm
def cmd_list(_args: argparse.Namespace) -> int:
    from llamadesk.core.library import Library

    library = Library.from_settings(_settings())
    models = library.list_models()
    partial = library.partial_downloads()
    if not models and not partial:
        say(
            f"No models yet. Download one (llamadesk models pull ORG/NAME) or put .gguf files "
            f"in {library.models_folder}.",
            file=sys.stderr,
        )
        return 0
    rows = [("NAME", "QUANT", "PARAMS", "SIZE", "CONTEXT", "TEMPLATE", "FILE")]
    problems = []
    for group in library.groups(models):
        for model in group.models:
            if not model.ok:
                problems.append(model)
                continue
            rows.append(
                (
                    model.name,
                    model.quantization,
                    model.parameters,
                    format_bytes(model.size),
                    f"{model.context_length:,}",
                    "yes" if model.has_chat_template else "no",
                    str(model.path),
                )
            )
    table(rows, right=(3, 4))
    for model in problems:
        say(f"\nunusable: {model.path}\n  {model.error}")
    if partial:
        say("\nUnfinished downloads (resume: llamadesk models pull REPO FILE):")
        for item in partial:
            total = item.variant.size
            done = f"{format_bytes(item.done)} of {format_bytes(total)}" if total else ""
            say(f"  {item.variant.repo_id} {item.variant.name}  {done}")
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    from llamadesk.core.library import Library, LibraryError

    library = Library.from_settings(_settings())
    found = library.find(args.model)
    if not found:
        partial = [
            p
            for p in library.partial_downloads()
            if args.model in (p.variant.name, p.variant.display_name, p.path.name)
        ]
        if partial:
            return _remove_partial(library, partial[0], args.yes)
        raise LibraryError(
            f'No model matches "{args.model}". See the names and paths: llamadesk models list'
        )
    if len(found) > 1:
        paths = "\n  ".join(str(m.path) for m in found)
        raise LibraryError(f'"{args.model}" matches {len(found)} models; give the path:\n  {paths}')
    model = found[0]
    if not args.yes and not confirm(f"Delete {model.path} ({format_bytes(model.size)})?"):
        say("Nothing was deleted.", file=sys.stderr)
        return 1
    for path in library.delete(model):
        say(f"Deleted {path}", file=sys.stderr)
    return 0


def _remove_partial(library: Library, partial, yes: bool) -> int:
    from llamadesk.core.hub import discard_partial, safe_destination

    if not yes and not confirm(f"Delete the unfinished download of {partial.variant.name}?"):
        say("Nothing was deleted.", file=sys.stderr)
        return 1
    root = library.models_folder
    variant = partial.variant
    destinations = [safe_destination(root, variant.repo_id, f.path) for f in variant.files]
    discard_partial(destinations, root)
    say(f"Deleted the unfinished download of {partial.variant.name}", file=sys.stderr)
    return 0

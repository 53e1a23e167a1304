"""This computer: its CPU and GPU backends and memory, how a model is loaded on it
(:class:`LoadOptions`), how many layers go to the GPU and why, and whether a model fits."""

from llamadesk.core.machine.backends import (
    KV_TYPES,
    BackendReport,
    Device,
    LoadOptions,
    OffloadPlan,
    physical_cores,
    plan_offload,
)
from llamadesk.core.machine.fit import (
    FitResult,
    Machine,
    Recommendation,
    RecommendedModel,
    Verdict,
    fit_variants,
    recommend,
    recommended_models,
    require_memory,
)

__all__ = [
    "KV_TYPES",
    "BackendReport",
    "Device",
    "FitResult",
    "LoadOptions",
    "Machine",
    "OffloadPlan",
    "Recommendation",
    "RecommendedModel",
    "Verdict",
    "fit_variants",
    "physical_cores",
    "plan_offload",
    "recommend",
    "recommended_models",
    "require_memory",
]

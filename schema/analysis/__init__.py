"""Operation analysis: depth, aliases, root fields, directives and cost, computed in one
pass per document with fragments memoised, checked before validation and execution; and
the run-time bounds on what an execution may produce."""

from schema.analysis.executor import RESPONSE_TOO_LARGE, bounded_execution_context
from schema.analysis.guard import OperationAnalyser, OperationGuard
from schema.analysis.limits import EXECUTION_TIMEOUT, QUERY_TOO_COMPLEX, execution_timeout

__all__ = [
    "EXECUTION_TIMEOUT",
    "QUERY_TOO_COMPLEX",
    "RESPONSE_TOO_LARGE",
    "OperationAnalyser",
    "OperationGuard",
    "bounded_execution_context",
    "execution_timeout",
]

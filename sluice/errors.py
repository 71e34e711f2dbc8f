"""Typed errors and the one table that maps them to stable `error.type` strings."""

from __future__ import annotations


class SluiceError(Exception):
    """An error a caller may see: a stable machine type, an HTTP status, a safe message."""

    error_type = "api_error"
    status = 500

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class InvalidRequest(SluiceError):
    error_type, status = "invalid_request", 400


class AuthenticationError(SluiceError):
    error_type, status = "authentication_error", 401


class PermissionDenied(SluiceError):
    error_type, status = "permission_error", 403


class NotFound(SluiceError):
    error_type, status = "not_found", 404


class Conflict(SluiceError):
    error_type, status = "conflict", 409


class InvalidParams(SluiceError):
    error_type, status = "invalid_params", 422


class JobFailure(Exception):
    """Why a job ended `failed`: recorded on the job, never raised to an HTTP caller."""

    error_type = "provider_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProviderError(JobFailure):
    error_type = "provider_error"


class UnroutableRequest(JobFailure):
    error_type = "invalid_request"


class JobTimeout(JobFailure):
    error_type = "timeout"


class PiiBlocked(JobFailure):
    """The tenant's policy blocks PII, or the analyzer failed: the request was not sent."""

    error_type = "pii_blocked"


class BudgetExceeded(JobFailure):
    error_type = "budget_exceeded"


class QueueFull(SluiceError):
    error_type, status = "queue_full", 429

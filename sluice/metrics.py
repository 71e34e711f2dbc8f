"""Prometheus series, named as SPEC section 6 says."""

from prometheus_client import Counter, Gauge, Histogram

JOBS = Counter("sluice_jobs_total", "Jobs that reached a final state", ["tenant", "status"])
GEN_AI_REQUESTS = Counter("sluice_gen_ai_requests_total", "Provider calls",
                          ["provider", "model", "status"])
GEN_AI_DURATION = Histogram("sluice_gen_ai_request_duration_seconds", "Provider call latency",
                            ["provider", "model"])
INPUT_TOKENS = Counter("sluice_gen_ai_input_tokens_total", "Input tokens billed",
                       ["tenant", "provider", "model"])
OUTPUT_TOKENS = Counter("sluice_gen_ai_output_tokens_total", "Output tokens billed",
                        ["tenant", "provider", "model"])
COST_USD = Counter("sluice_cost_usd_total", "Spend in USD", ["tenant", "provider", "model"])
QUEUE_DEPTH = Gauge("sluice_queue_depth", "Jobs waiting in the database", ["tenant"])

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
PII_ENTITIES = Counter("sluice_pii_entities_total", "PII entities found in prompts", ["entity"])
PII_ENGINE_DEGRADED = Gauge("sluice_pii_engine_degraded",
                            "1 while the NER model is not loaded and only patterns run")
RATE_LIMITED = Counter("sluice_rate_limited_total", "Times a job waited for a rate limit",
                       ["tenant"])
BUDGET_REJECTIONS = Counter("sluice_budget_rejections_total", "Jobs failed budget_exceeded",
                            ["tenant"])
BUDGET_ALERTS = Counter("sluice_budget_alerts_total", "Budgets that crossed alert_at",
                        ["tenant", "scope", "period"])
WEBHOOK_DELIVERIES = Counter("sluice_webhook_deliveries_total", "Webhook delivery attempts",
                             ["outcome"])

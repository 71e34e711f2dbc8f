"""delivery: batches, batch entries and files, webhook deliveries and attempts,
retired webhook secrets, idempotency keys

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

import sluice.models

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _utc(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sluice.models.UtcDateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("shape", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("endpoint", sa.String(length=64), nullable=False),
        sa.Column("completion_window", sa.String(length=16), nullable=False),
        sa.Column("input_file_id", sa.String(length=40), nullable=True),
        sa.Column("output_file_id", sa.String(length=40), nullable=False),
        sa.Column("error_file_id", sa.String(length=40), nullable=False),
        sa.Column("metadata_json", sa.Text(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=False),
        _utc("created_at", nullable=False),
        _utc("expires_at", nullable=False),
        _utc("cancel_requested_at"),
        _utc("expired_at"),
        _utc("ended_at"),
        _fk("batches", "key_id", "api_keys"),
        _fk("batches", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sa.UniqueConstraint("output_file_id", name=op.f("uq_batches_output_file_id")),
        sa.UniqueConstraint("error_file_id", name=op.f("uq_batches_error_file_id")),
    )
    with op.batch_alter_table("batches") as batch_op:
        batch_op.create_index("ix_batches_tenant_id_id", ["tenant_id", "id"])
        batch_op.create_index("ix_batches_status_expires_at", ["status", "expires_at"])

    op.create_table(
        "batch_entries",
        sa.Column("batch_id", sa.String(length=40), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("custom_id", sa.String(length=200), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("error_type", sa.String(length=40), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        _fk("batch_entries", "batch_id", "batches"),
        _fk("batch_entries", "job_id", "jobs"),
        sa.PrimaryKeyConstraint("batch_id", "line", name=op.f("pk_batch_entries")),
        sa.UniqueConstraint("job_id", name=op.f("uq_batch_entries_job_id")),
    )
    op.create_table(
        "batch_files",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("content_ciphertext", sa.Text(), nullable=False),
        _utc("created_at", nullable=False),
        _fk("batch_files", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_files")),
    )
    with op.batch_alter_table("batch_files") as batch_op:
        batch_op.create_index("ix_batch_files_tenant_id_id", ["tenant_id", "id"])

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=True),
        sa.Column("batch_id", sa.String(length=40), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payload_ciphertext", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _utc("next_attempt_at"),
        _utc("first_attempt_at"),
        _utc("created_at", nullable=False),
        _utc("finished_at"),
        _fk("webhook_deliveries", "batch_id", "batches"),
        _fk("webhook_deliveries", "job_id", "jobs"),
        _fk("webhook_deliveries", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("job_id", name=op.f("uq_webhook_deliveries_job_id")),
        sa.UniqueConstraint("batch_id", name=op.f("uq_webhook_deliveries_batch_id")),
    )
    with op.batch_alter_table("webhook_deliveries") as batch_op:
        batch_op.create_index("ix_webhook_deliveries_status_next_attempt_at",
                              ["status", "next_attempt_at"])

    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delivery_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=True),
        _utc("attempted_at", nullable=False),
        _fk("webhook_attempts", "delivery_id", "webhook_deliveries"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_attempts")),
        sa.UniqueConstraint("delivery_id", "number",
                            name=op.f("uq_webhook_attempts_delivery_id_number")),
    )
    op.create_table(
        "retired_webhook_secrets",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("secret_ciphertext", sa.Text(), nullable=False),
        _utc("retires_at", nullable=False),
        _fk("retired_webhook_secrets", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_retired_webhook_secrets")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("response_ciphertext", sa.Text(), nullable=True),
        _utc("created_at", nullable=False),
        _utc("expires_at", nullable=False),
        _fk("idempotency_keys", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("tenant_id", "key", name=op.f("uq_idempotency_keys_tenant_id_key")),
    )
    with op.batch_alter_table("idempotency_keys") as batch_op:
        batch_op.create_index("ix_idempotency_keys_expires_at", ["expires_at"])


def downgrade() -> None:
    for table in ("idempotency_keys", "retired_webhook_secrets", "webhook_attempts",
                  "webhook_deliveries", "batch_files", "batch_entries", "batches"):
        op.drop_table(table)

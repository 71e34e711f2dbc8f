"""cost controls: tenant queue policy, rate-limit rules, budgets, windows, reservations

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import sluice.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_controls",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("max_queued_jobs", sa.Integer(), nullable=True),
        sa.Column("max_wait_seconds", sa.Integer(), nullable=True),
        sa.Column("alert_url", sa.Text(), nullable=True),
        sa.Column("updated_at", sluice.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_tenant_controls_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_tenant_controls")),
    )
    op.create_table(
        "rate_limit_rules",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("rpm", sa.Integer(), nullable=True),
        sa.Column("tpm", sa.Integer(), nullable=True),
        sa.Column("updated_at", sluice.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_rate_limit_rules_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_rules")),
        sa.UniqueConstraint("tenant_id", "scope", "subject",
                            name=op.f("uq_rate_limit_rules_tenant_id_scope_subject")),
    )
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("limit_usd", sluice.models.Money(precision=20, scale=10), nullable=False),
        sa.Column("alert_at", sa.Numeric(precision=6, scale=4), nullable=True),
        sa.Column("updated_at", sluice.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_budgets_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
        sa.UniqueConstraint("tenant_id", "scope", "subject", "period",
                            name=op.f("uq_budgets_tenant_id_scope_subject_period")),
    )
    op.create_table(
        "budget_windows",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("window_start", sluice.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("spent_usd", sluice.models.Money(precision=20, scale=10), nullable=False),
        sa.Column("reserved_usd", sluice.models.Money(precision=20, scale=10), nullable=False),
        sa.Column("alerted_at", sluice.models.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["budget_id"], ["budgets.id"], ondelete="CASCADE",
                                name=op.f("fk_budget_windows_budget_id_budgets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_windows")),
        sa.UniqueConstraint("budget_id", "window_start",
                            name=op.f("uq_budget_windows_budget_id_window_start")),
    )
    op.create_table(
        "budget_reservations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.String(length=40), nullable=False),
        sa.Column("window_id", sa.Integer(), nullable=False),
        sa.Column("amount_usd", sluice.models.Money(precision=20, scale=10), nullable=False),
        sa.Column("created_at", sluice.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"],
                                name=op.f("fk_budget_reservations_job_id_jobs")),
        sa.ForeignKeyConstraint(["window_id"], ["budget_windows.id"], ondelete="CASCADE",
                                name=op.f("fk_budget_reservations_window_id_budget_windows")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_reservations")),
        sa.UniqueConstraint("job_id", "window_id",
                            name=op.f("uq_budget_reservations_job_id_window_id")),
    )
    with op.batch_alter_table("budget_reservations") as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_reservations_job_id"), ["job_id"])
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.create_index("ix_jobs_tenant_id_status", ["tenant_id", "status"])


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_index("ix_jobs_tenant_id_status")
    op.drop_table("budget_reservations")
    op.drop_table("budget_windows")
    op.drop_table("budgets")
    op.drop_table("rate_limit_rules")
    op.drop_table("tenant_controls")

"""ledger covering index: (member_id, occurred_on, kind, credit_hours) replaces
(member_id, occurred_on), so the year's hours of every member, summed by kind, are read
from the index alone (requirement status of a whole organisation; docs/performance.md).

Revision ID: 5e2b8c0d7a13
Revises: c41f7a2e9d10
Create Date: 2026-12-07 15:40:00
"""
from alembic import op

revision = '5e2b8c0d7a13'
down_revision = 'c41f7a2e9d10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entry_member_occurred_kind_hours',
                              ['member_id', 'occurred_on', 'kind', 'credit_hours'], unique=False)
        batch_op.drop_index('ix_ledger_entry_member_occurred')


def downgrade():
    with op.batch_alter_table('ledger_entry', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_entry_member_occurred', ['member_id', 'occurred_on'],
                              unique=False)
        batch_op.drop_index('ix_ledger_entry_member_occurred_kind_hours')

"""staged import purpose: staged_import.purpose says which import staged the upload
("members", or "offline_training" for the managers' 线下培训 import, which kept its
previewed files in the asset store before and never removed them). Existing rows are
member imports.

Revision ID: 8e4a1f6c2b57
Revises: 5e2b8c0d7a13
Create Date: 2026-12-07 19:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '8e4a1f6c2b57'
down_revision = '5e2b8c0d7a13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=20),
                                      server_default='members', nullable=False))


def downgrade():
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.drop_column('purpose')

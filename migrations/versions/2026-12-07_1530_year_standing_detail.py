"""year_standing keeps the names of the rules that applied and the required courses done,
so a closed year's standing reads back whole (which rules, which courses).

Revision ID: c41f7a2e9d10
Revises: b3c262e77439
Create Date: 2026-12-07 15:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'c41f7a2e9d10'
down_revision = 'b3c262e77439'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('year_standing', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rule_names', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('done_course_ids', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade():
    with op.batch_alter_table('year_standing', schema=None) as batch_op:
        batch_op.drop_column('done_course_ids')
        batch_op.drop_column('rule_names')

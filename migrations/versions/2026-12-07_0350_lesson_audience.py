"""lesson audience: a lesson may be 选学 (`optional`) or required only for an audience
(`audience`, like a course's). Existing lessons are required for everyone, as before.

Revision ID: 7c3e51a9d2b4
Revises: 8b3e2f7c9a41
Create Date: 2026-12-07 03:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3e51a9d2b4'
down_revision = '8b3e2f7c9a41'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.add_column(sa.Column('optional', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('audience', sa.JSON(), nullable=False,
                                      server_default='{}'))
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.alter_column('optional', server_default=None)
        batch_op.alter_column('audience', server_default=None)


def downgrade():
    with op.batch_alter_table('lesson', schema=None) as batch_op:
        batch_op.drop_column('audience')
        batch_op.drop_column('optional')

"""political status GB/T 4762: 无党派人士 is stored as 无党派民主人士, the standard's name.
Members stored as 民主党派 keep it (which party was never recorded); an admin picks the
party on the member page, or the next import names it.

Revision ID: 8b3e2f7c9a41
Revises: 6d2d1bc8b618
Create Date: 2026-12-07 03:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b3e2f7c9a41'
down_revision = '6d2d1bc8b618'
branch_labels = None
depends_on = None

member = sa.table('member', sa.column('political_status', sa.String))


def upgrade():
    op.execute(member.update().where(member.c.political_status == '无党派人士')
               .values(political_status='无党派民主人士'))


def downgrade():
    op.execute(member.update().where(member.c.political_status == '无党派民主人士')
               .values(political_status='无党派人士'))

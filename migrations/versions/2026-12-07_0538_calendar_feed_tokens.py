"""calendar feed tokens: each member's secret iCalendar feed URL, kept as the SHA-256 of
its token (never the token), with when it was made and revoked; at most one unrevoked per
member (partial unique index).

Revision ID: 9897a58685f7
Revises: dc3ea451f0b5
Create Date: 2026-12-07 05:38:50.762696

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '9897a58685f7'
down_revision = 'dc3ea451f0b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_calendar_feed_token_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_token_hash'))
    )
    with op.batch_alter_table('calendar_feed_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_token_member_id'), ['member_id'], unique=False)
        batch_op.create_index('uq_calendar_feed_token_live', ['member_id'], unique=True, sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))



def downgrade():
    with op.batch_alter_table('calendar_feed_token', schema=None) as batch_op:
        batch_op.drop_index('uq_calendar_feed_token_live', sqlite_where=sa.text('revoked_at IS NULL'), postgresql_where=sa.text('revoked_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_calendar_feed_token_member_id'))

    op.drop_table('calendar_feed_token')

"""meeting sign-in (签到): the per-meeting secret of the rotating codes and the wrong codes
typed, for the guessing limit.

Revision ID: 7a1c5e93d2b4
Revises: 185e7c747bab
Create Date: 2026-12-07 05:50:00

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '7a1c5e93d2b4'
down_revision = '185e7c747bab'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_signin',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('with_code', sa.Boolean(), nullable=False),
    sa.Column('opened_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_signin_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['member.id'], name=op.f('fk_meeting_signin_opened_by_id_member')),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_meeting_signin'))
    )
    op.create_table('meeting_signin_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_signin_failure_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_signin_failure_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_signin_failure'))
    )
    with op.batch_alter_table('meeting_signin_failure', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_signin_failure_member', ['meeting_id', 'member_id', 'at'], unique=False)


def downgrade():
    with op.batch_alter_table('meeting_signin_failure', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_signin_failure_member')

    op.drop_table('meeting_signin_failure')
    op.drop_table('meeting_signin')

"""discussion and minutes: meeting posts (replies one level deep, hidden with a reason),
meeting minutes (one per meeting, a revision per save) and their action items.

Revision ID: 7d1c4e9a2b60
Revises: 7c1e5a9d2b40
Create Date: 2026-12-07 06:00:00

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '7d1c4e9a2b60'
down_revision = '7c1e5a9d2b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body_markdown', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('reflection', sa.Boolean(), nullable=False),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('edited_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_by_id', sa.Integer(), nullable=True),
    sa.Column('hidden_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['member.id'], name=op.f('fk_meeting_post_author_id_member')),
    sa.ForeignKeyConstraint(['hidden_by_id'], ['member.id'], name=op.f('fk_meeting_post_hidden_by_id_member')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_post_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['parent_id'], ['meeting_post.id'], name=op.f('fk_meeting_post_parent_id_meeting_post')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_post'))
    )
    with op.batch_alter_table('meeting_post', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_post_thread', ['meeting_id', 'parent_id', 'id'], unique=False)

    op.create_table('meeting_minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'approved', name='minutesstatus', native_enum=False, length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('topics_markdown', sa.Text(), nullable=False),
    sa.Column('topics_html', sa.Text(), nullable=False),
    sa.Column('decisions_markdown', sa.Text(), nullable=False),
    sa.Column('decisions_html', sa.Text(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('saved_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['member.id'], name=op.f('fk_meeting_minutes_approved_by_id_member')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_minutes_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['saved_by_id'], ['member.id'], name=op.f('fk_meeting_minutes_saved_by_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_minutes')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_meeting_minutes_meeting_id'))
    )
    op.create_table('minutes_action_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['minutes_id'], ['meeting_minutes.id'], name=op.f('fk_minutes_action_item_minutes_id_meeting_minutes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['member.id'], name=op.f('fk_minutes_action_item_owner_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_action_item')),
    sa.UniqueConstraint('minutes_id', 'position', name=op.f('uq_minutes_action_item_minutes_id_position'))
    )
    with op.batch_alter_table('minutes_action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_action_item_minutes_id'), ['minutes_id'], unique=False)


def downgrade():
    with op.batch_alter_table('minutes_action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_action_item_minutes_id'))
    op.drop_table('minutes_action_item')
    op.drop_table('meeting_minutes')
    with op.batch_alter_table('meeting_post', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_post_thread')
    op.drop_table('meeting_post')

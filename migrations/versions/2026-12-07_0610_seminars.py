"""seminars: per-seminar settings, preparation documents (asset blobs), members' 心得,
conclusions and action items.

Revision ID: 7c1e5a9d2b40
Revises: 9897a58685f7
Create Date: 2026-12-07 06:10:00

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '7c1e5a9d2b40'
down_revision = '9897a58685f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('seminar_setting',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('min_reflection_chars', sa.Integer(), nullable=False),
    sa.CheckConstraint('min_reflection_chars >= 0', name=op.f('ck_seminar_setting_min_reflection_chars_not_negative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_seminar_setting_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_seminar_setting'))
    )
    op.create_table('seminar_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('blob_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blob_id'], ['asset_blob.id'], name=op.f('fk_seminar_document_blob_id_asset_blob')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_seminar_document_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['member.id'], name=op.f('fk_seminar_document_uploaded_by_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_document'))
    )
    with op.batch_alter_table('seminar_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_document_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('seminar_reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('submitted_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_seminar_reflection_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_seminar_reflection_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_reflection')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_seminar_reflection_meeting_id_member_id'))
    )
    with op.batch_alter_table('seminar_reflection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_reflection_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seminar_reflection_member_id'), ['member_id'], unique=False)

    op.create_table('seminar_outcome',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('conclusions_markdown', sa.Text(), nullable=False),
    sa.Column('conclusions_html', sa.Text(), nullable=False),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_seminar_outcome_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['written_by_id'], ['member.id'], name=op.f('fk_seminar_outcome_written_by_id_member')),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_seminar_outcome'))
    )
    op.create_table('seminar_action_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_seminar_action_item_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['member.id'], name=op.f('fk_seminar_action_item_owner_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seminar_action_item')),
    sa.UniqueConstraint('meeting_id', 'position', name=op.f('uq_seminar_action_item_meeting_id_position'))
    )
    with op.batch_alter_table('seminar_action_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seminar_action_item_meeting_id'), ['meeting_id'], unique=False)


def downgrade():
    with op.batch_alter_table('seminar_action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_action_item_meeting_id'))

    op.drop_table('seminar_action_item')
    op.drop_table('seminar_outcome')
    with op.batch_alter_table('seminar_reflection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_reflection_member_id'))
        batch_op.drop_index(batch_op.f('ix_seminar_reflection_meeting_id'))

    op.drop_table('seminar_reflection')
    with op.batch_alter_table('seminar_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_document_meeting_id'))

    op.drop_table('seminar_document')
    op.drop_table('seminar_setting')

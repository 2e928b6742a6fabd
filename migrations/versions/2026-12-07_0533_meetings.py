"""meetings: meeting kinds, series (RFC 5545 rule and local start), meetings (one
occurrence each, UTC with their time zone), preparation reading and invitations.

Revision ID: dc3ea451f0b5
Revises: 5b2d8e41c7a9
Create Date: 2026-12-07 05:33:28.986229

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = 'dc3ea451f0b5'
down_revision = '5b2d8e41c7a9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_kind',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('frequency', sa.Enum('none', 'monthly', 'quarterly', 'half_yearly', 'yearly', name='frequency', native_enum=False, length=16), nullable=False),
    sa.Column('late_counts', sa.Boolean(), nullable=False),
    sa.Column('is_seminar', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('credit_hours >= 0', name=op.f('ck_meeting_kind_credit_hours_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_kind')),
    sa.UniqueConstraint('code', name=op.f('uq_meeting_kind_code'))
    )
    op.create_table('meeting_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('rrule', sa.String(length=500), nullable=False),
    sa.Column('first_start_local', sa.DateTime(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_meeting_series_created_by_id_member')),
    sa.ForeignKeyConstraint(['kind_id'], ['meeting_kind.id'], name=op.f('fk_meeting_series_kind_id_meeting_kind')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_meeting_series_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_series'))
    )
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_series_unit_id'), ['unit_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=100), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('occurrence_start', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('agenda_markdown', sa.Text(), nullable=False),
    sa.Column('agenda_html', sa.Text(), nullable=False),
    sa.Column('starts_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=True),
    sa.Column('recorder_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'cancelled', 'held', name='meetingstatus', native_enum=False, length=16), nullable=False),
    sa.Column('cancel_reason', sa.String(length=500), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_meeting_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_meeting_created_by_id_member')),
    sa.ForeignKeyConstraint(['host_id'], ['member.id'], name=op.f('fk_meeting_host_id_member')),
    sa.ForeignKeyConstraint(['kind_id'], ['meeting_kind.id'], name=op.f('fk_meeting_kind_id_meeting_kind')),
    sa.ForeignKeyConstraint(['recorder_id'], ['member.id'], name=op.f('fk_meeting_recorder_id_member')),
    sa.ForeignKeyConstraint(['series_id'], ['meeting_series.id'], name=op.f('fk_meeting_series_id_meeting_series')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_meeting_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('series_id', 'occurrence_start', name=op.f('uq_meeting_series_id_occurrence_start')),
    sa.UniqueConstraint('uid', name=op.f('uq_meeting_uid'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_kind_id'), ['kind_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_status'), ['status'], unique=False)
        batch_op.create_index('ix_meeting_unit_starts', ['unit_id', 'starts_at'], unique=False)

    op.create_table('meeting_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('reply', sa.Enum('none', 'attending', 'leave_requested', 'leave_approved', 'leave_rejected', name='reply', native_enum=False, length=16), nullable=False),
    sa.Column('leave_reason', sa.String(length=500), nullable=False),
    sa.Column('leave_decided_by_id', sa.Integer(), nullable=True),
    sa.Column('leave_decided_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('leave_decision_note', sa.String(length=500), nullable=False),
    sa.Column('attendance', sa.Enum('unknown', 'present', 'late', 'excused', 'absent', name='attendance', native_enum=False, length=16), nullable=False),
    sa.Column('attendance_reason', sa.String(length=500), nullable=False),
    sa.Column('signed_in_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attendance_set_by_id', sa.Integer(), nullable=True),
    sa.Column('ledger_entry_id', sa.Integer(), nullable=True),
    sa.Column('speaker', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['attendance_set_by_id'], ['member.id'], name=op.f('fk_meeting_invitation_attendance_set_by_id_member')),
    sa.ForeignKeyConstraint(['leave_decided_by_id'], ['member.id'], name=op.f('fk_meeting_invitation_leave_decided_by_id_member')),
    sa.ForeignKeyConstraint(['ledger_entry_id'], ['ledger_entry.id'], name=op.f('fk_meeting_invitation_ledger_entry_id_ledger_entry')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_invitation_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_meeting_invitation_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_invitation')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_invitation_meeting_id_member_id'))
    )
    with op.batch_alter_table('meeting_invitation', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_invitation_member', ['member_id', 'meeting_id'], unique=False)

    op.create_table('meeting_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('lesson_key', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_meeting_reading_course_id_course')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_reading_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_reading')),
    sa.UniqueConstraint('meeting_id', 'position', name=op.f('uq_meeting_reading_meeting_id_position'))
    )
    with op.batch_alter_table('meeting_reading', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_reading_meeting_id'), ['meeting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('meeting_reading', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_reading_meeting_id'))

    op.drop_table('meeting_reading')
    with op.batch_alter_table('meeting_invitation', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_invitation_member')

    op.drop_table('meeting_invitation')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_unit_starts')
        batch_op.drop_index(batch_op.f('ix_meeting_status'))
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_kind_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('meeting_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_series_unit_id'))

    op.drop_table('meeting_series')
    op.drop_table('meeting_kind')

"""notifications and meeting notices: the notification table (in-app, emailed when SMTP
is configured) and what each invitee was told of their meeting (notified_sequence,
reminded_at).

Revision ID: 185e7c747bab
Revises: 7d1c4e9a2b60
Create Date: 2026-12-07 05:38:52.422229

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '185e7c747bab'
down_revision = '7d1c4e9a2b60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('email_sent_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('email_error', sa.String(length=500), nullable=False),
    sa.Column('email_attempts', sa.Integer(), nullable=False),
    sa.Column('email_claimed_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_notification_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_email_pending', ['created_at'], unique=False, postgresql_where=sa.text('email_sent_at IS NULL'), sqlite_where=sa.text('email_sent_at IS NULL'))
        batch_op.create_index('ix_notification_member_created', ['member_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notification_unread', ['member_id'], unique=False, postgresql_where=sa.text('read_at IS NULL'), sqlite_where=sa.text('read_at IS NULL'))

    with op.batch_alter_table('meeting_invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notified_sequence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('meeting_invitation', schema=None) as batch_op:
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('notified_sequence')

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_unread', postgresql_where=sa.text('read_at IS NULL'), sqlite_where=sa.text('read_at IS NULL'))
        batch_op.drop_index('ix_notification_member_created')
        batch_op.drop_index('ix_notification_email_pending', postgresql_where=sa.text('email_sent_at IS NULL'), sqlite_where=sa.text('email_sent_at IS NULL'))

    op.drop_table('notification')

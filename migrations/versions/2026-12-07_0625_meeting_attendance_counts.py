"""meeting attendance counts: invited, present, late, excused and absent written on the
meeting when its minutes are approved, so the compliance view sums meetings instead of
invitations (issue 12); backfilled for the meetings already held.

Revision ID: 3d8f2b6a9c41
Revises: 7a1c5e93d2b4
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d8f2b6a9c41'
down_revision = '7a1c5e93d2b4'
branch_labels = None
depends_on = None

COUNTS = ('invited', 'present', 'late', 'excused', 'absent')
# Held meetings' attendance is locked, so counting it now gives what approval writes
# (minutes.attendance.store_counts). One statement, the same on SQLite and PostgreSQL.
BACKFILL = "UPDATE meeting SET " + ", ".join(
    f"{name}_count = (SELECT count(*) FROM meeting_invitation i WHERE i.meeting_id = meeting.id"
    + ("" if name == "invited" else f" AND i.attendance = '{name}'") + ")"
    for name in COUNTS) + " WHERE status = 'held'"


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for name in COUNTS:
            batch_op.add_column(sa.Column(f'{name}_count', sa.Integer(), nullable=True))
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for name in reversed(COUNTS):
            batch_op.drop_column(f'{name}_count')

"""seminar outcome into the minutes: a seminar's conclusions become its minutes' decisions
and its action items the minutes' action items (one model); `seminar_outcome` and
`seminar_action_item` go.

A seminar without minutes gets a draft (revision 1, saved by whoever wrote the
conclusions, when they did). Minutes that already have decisions keep them, with the
conclusions added after (unless already there); the seminar's items follow the minutes'
own, leaving out any the minutes already have. Downgrade makes the two tables again and
copies every seminar's decisions and items back; the minutes keep theirs.

Revision ID: 4d8b2f6a1c93
Revises: 3d8f2b6a9c41
Create Date: 2026-12-07 06:30:00

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '4d8b2f6a1c93'
down_revision = '3d8f2b6a9c41'
branch_labels = None
depends_on = None

UTC_DATETIME = learnhub.core.db.UTCDateTime(timezone=True)

seminar_outcome = sa.table(
    'seminar_outcome', sa.column('meeting_id', sa.Integer),
    sa.column('conclusions_markdown', sa.Text), sa.column('conclusions_html', sa.Text),
    sa.column('written_by_id', sa.Integer), sa.column('updated_at', UTC_DATETIME))
seminar_action_item = sa.table(
    'seminar_action_item', sa.column('id', sa.Integer), sa.column('meeting_id', sa.Integer),
    sa.column('position', sa.Integer), sa.column('task', sa.String),
    sa.column('owner_id', sa.Integer), sa.column('due_on', sa.Date))
meeting_minutes = sa.table(
    'meeting_minutes', sa.column('id', sa.Integer), sa.column('meeting_id', sa.Integer),
    sa.column('status', sa.String), sa.column('revision', sa.Integer),
    sa.column('topics_markdown', sa.Text), sa.column('topics_html', sa.Text),
    sa.column('decisions_markdown', sa.Text), sa.column('decisions_html', sa.Text),
    sa.column('saved_by_id', sa.Integer), sa.column('saved_at', UTC_DATETIME))
minutes_action_item = sa.table(
    'minutes_action_item', sa.column('id', sa.Integer), sa.column('minutes_id', sa.Integer),
    sa.column('position', sa.Integer), sa.column('task', sa.String),
    sa.column('owner_id', sa.Integer), sa.column('due_on', sa.Date))
meeting = sa.table('meeting', sa.column('id', sa.Integer), sa.column('kind_id', sa.Integer))
meeting_kind = sa.table('meeting_kind', sa.column('id', sa.Integer),
                        sa.column('is_seminar', sa.Boolean))


def upgrade():
    conn = op.get_bind()
    outcomes = {row.meeting_id: row for row in conn.execute(sa.select(seminar_outcome))}
    items: dict[int, list] = {}
    for row in conn.execute(sa.select(seminar_action_item).order_by(
            seminar_action_item.c.meeting_id, seminar_action_item.c.position)):
        items.setdefault(row.meeting_id, []).append(row)
    for meeting_id in sorted(set(outcomes) | set(items)):
        _move(conn, meeting_id, outcomes.get(meeting_id), items.get(meeting_id, []))
    with op.batch_alter_table('seminar_action_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seminar_action_item_meeting_id'))
    op.drop_table('seminar_action_item')
    op.drop_table('seminar_outcome')


def _move(conn, meeting_id: int, outcome, items: list) -> None:
    conclusions = (outcome.conclusions_markdown or "").strip() if outcome is not None else ""
    if not conclusions and not items:
        return  # an empty outcome: nothing to keep
    minutes = conn.execute(sa.select(meeting_minutes).where(
        meeting_minutes.c.meeting_id == meeting_id)).first()
    if minutes is None:
        conn.execute(meeting_minutes.insert().values(
            meeting_id=meeting_id, status='draft', revision=1, topics_markdown='',
            topics_html='', decisions_markdown=conclusions,
            decisions_html=outcome.conclusions_html if conclusions else '',
            saved_by_id=outcome.written_by_id if outcome is not None else None,
            saved_at=outcome.updated_at if outcome is not None else datetime.now(UTC)))
        minutes_id = conn.execute(sa.select(meeting_minutes.c.id).where(
            meeting_minutes.c.meeting_id == meeting_id)).scalar_one()
    else:
        minutes_id = minutes.id
        decisions = minutes.decisions_markdown or ""
        if conclusions and conclusions not in decisions:
            joined = f"{decisions}\n\n{conclusions}" if decisions.strip() else conclusions
            html = "\n".join(part for part in (minutes.decisions_html,
                                               outcome.conclusions_html) if part)
            conn.execute(meeting_minutes.update().where(meeting_minutes.c.id == minutes_id)
                         .values(decisions_markdown=joined, decisions_html=html,
                                 revision=minutes.revision + 1))
    existing = conn.execute(sa.select(minutes_action_item).where(
        minutes_action_item.c.minutes_id == minutes_id)).all()
    have = {(row.task, row.owner_id, row.due_on) for row in existing}
    position = max((row.position for row in existing), default=0)
    for item in items:
        if (item.task, item.owner_id, item.due_on) in have:
            continue
        position += 1
        conn.execute(minutes_action_item.insert().values(
            minutes_id=minutes_id, position=position, task=item.task,
            owner_id=item.owner_id, due_on=item.due_on))


def downgrade():
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

    conn = op.get_bind()
    seminar_minutes = conn.execute(
        sa.select(meeting_minutes)
        .join(meeting, meeting.c.id == meeting_minutes.c.meeting_id)
        .join(meeting_kind, meeting_kind.c.id == meeting.c.kind_id)
        .where(meeting_kind.c.is_seminar.is_(True))
        .order_by(meeting_minutes.c.meeting_id)).all()
    for minutes in seminar_minutes:
        if minutes.decisions_markdown:
            conn.execute(seminar_outcome.insert().values(
                meeting_id=minutes.meeting_id, conclusions_markdown=minutes.decisions_markdown,
                conclusions_html=minutes.decisions_html, written_by_id=minutes.saved_by_id,
                updated_at=minutes.saved_at))
        for item in conn.execute(sa.select(minutes_action_item).where(
                minutes_action_item.c.minutes_id == minutes.id)
                .order_by(minutes_action_item.c.position)):
            conn.execute(seminar_action_item.insert().values(
                meeting_id=minutes.meeting_id, position=item.position, task=item.task,
                owner_id=item.owner_id, due_on=item.due_on))

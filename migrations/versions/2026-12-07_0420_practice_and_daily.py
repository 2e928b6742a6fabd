"""practice and 每日一练: practice items (a question shown outside an attempt, with its
choice order, then its answer) and one daily set per member and day.

Revision ID: 4686eb3e487c
Revises: 757f3356c08e
Create Date: 2026-12-07 04:20:18.039197

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '4686eb3e487c'
down_revision = '757f3356c08e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('daily_practice_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_daily_practice_set_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_daily_practice_set')),
    sa.UniqueConstraint('member_id', 'day', name=op.f('uq_daily_practice_set_member_id_day'))
    )
    op.create_table('practice_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('question_version_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('practice', 'daily', name='practicesource', native_enum=False), nullable=False),
    sa.Column('daily_set_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('choice_order', sa.JSON(), nullable=False),
    sa.Column('shown_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('score_share', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('answered_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['bank_id'], ['question_bank.id'], name=op.f('fk_practice_item_bank_id_question_bank')),
    sa.ForeignKeyConstraint(['daily_set_id'], ['daily_practice_set.id'], name=op.f('fk_practice_item_daily_set_id_daily_practice_set')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_practice_item_member_id_member')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_practice_item_question_id_question')),
    sa.ForeignKeyConstraint(['question_version_id'], ['question_version.id'], name=op.f('fk_practice_item_question_version_id_question_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_item')),
    sa.UniqueConstraint('daily_set_id', 'position', name=op.f('uq_practice_item_daily_set_id_position'))
    )
    with op.batch_alter_table('practice_item', schema=None) as batch_op:
        batch_op.create_index('ix_practice_item_member_question', ['member_id', 'question_id'], unique=False)
        batch_op.create_index('uq_practice_item_pending', ['member_id', 'bank_id'], unique=True, sqlite_where=sa.text("answered_at IS NULL AND source = 'practice'"), postgresql_where=sa.text("answered_at IS NULL AND source = 'practice'"))



def downgrade():
    with op.batch_alter_table('practice_item', schema=None) as batch_op:
        batch_op.drop_index('uq_practice_item_pending', sqlite_where=sa.text("answered_at IS NULL AND source = 'practice'"), postgresql_where=sa.text("answered_at IS NULL AND source = 'practice'"))
        batch_op.drop_index('ix_practice_item_member_question')

    op.drop_table('practice_item')
    op.drop_table('daily_practice_set')

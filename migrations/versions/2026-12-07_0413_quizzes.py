"""quizzes: question banks with versioned questions, quizzes with versioned settings,
attempts (one open per member and quiz), their items, and each member's outcome per quiz.

Revision ID: 757f3356c08e
Revises: 7c3e51a9d2b4
Create Date: 2026-12-07 04:13:54.266870

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '757f3356c08e'
down_revision = '7c3e51a9d2b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_bank',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.Enum('file', 'web', name='contentsource', native_enum=False, length=8), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_question_bank_course_id_course')),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_question_bank_created_by_id_member')),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['unit.id'], name=op.f('fk_question_bank_owner_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_bank')),
    sa.UniqueConstraint('slug', name=op.f('uq_question_bank_slug'))
    )
    with op.batch_alter_table('question_bank', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_bank_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_bank_owner_unit_id'), ['owner_unit_id'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['bank_id'], ['question_bank.id'], name=op.f('fk_question_bank_id_question_bank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('bank_id', 'key', name=op.f('uq_question_bank_id_key'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_bank_id'), ['bank_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_category'), ['category'], unique=False)

    op.create_table('quiz',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.Enum('quiz', 'practice', 'contest', name='quizmode', native_enum=False, length=16), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'archived', name='quizstatus', native_enum=False, length=16), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=True),
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('current_version_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('last_file_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['question_bank.id'], name=op.f('fk_quiz_bank_id_question_bank')),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_quiz_course_id_course')),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_quiz_created_by_id_member')),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['unit.id'], name=op.f('fk_quiz_owner_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz')),
    sa.UniqueConstraint('slug', name=op.f('uq_quiz_slug'))
    )
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_mode'), ['mode'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_status'), ['status'], unique=False)

    op.create_table('question_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('type', sa.Enum('single', 'multiple', 'true_false', 'fill', 'essay', name='questiontype', native_enum=False, length=16), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('points', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('prompt_markdown', sa.Text(), nullable=False),
    sa.Column('prompt_html', sa.Text(), nullable=False),
    sa.Column('explanation_markdown', sa.Text(), nullable=False),
    sa.Column('explanation_html', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('points > 0', name=op.f('ck_question_version_points_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_question_version_created_by_id_member')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_version_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_version')),
    sa.UniqueConstraint('question_id', 'number', name=op.f('uq_question_version_question_id_number'))
    )
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_version_question_id'), ['question_id'], unique=False)

    op.create_table('quiz_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('passed_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ledger_entry_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['ledger_entry_id'], ['ledger_entry.id'], name=op.f('fk_quiz_outcome_ledger_entry_id_ledger_entry')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_quiz_outcome_member_id_member')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_outcome_quiz_id_quiz')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_outcome')),
    sa.UniqueConstraint('quiz_id', 'member_id', name=op.f('uq_quiz_outcome_quiz_id_member_id'))
    )
    with op.batch_alter_table('quiz_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_outcome_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_outcome_quiz_id'), ['quiz_id'], unique=False)

    op.create_table('quiz_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('file', 'web', name='contentsource', native_enum=False, length=8), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description_markdown', sa.Text(), nullable=False),
    sa.Column('description_html', sa.Text(), nullable=False),
    sa.Column('mode', sa.Enum('quiz', 'practice', 'contest', name='quizmode', native_enum=False, length=16), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('selection', sa.JSON(), nullable=False),
    sa.Column('shuffle_questions', sa.Boolean(), nullable=False),
    sa.Column('shuffle_choices', sa.Boolean(), nullable=False),
    sa.Column('pass_percent', sa.Integer(), nullable=False),
    sa.Column('time_limit_minutes', sa.Integer(), nullable=True),
    sa.Column('attempts_allowed', sa.Integer(), nullable=False),
    sa.Column('cooldown_minutes', sa.Integer(), nullable=False),
    sa.Column('grading_method', sa.Enum('highest', 'last', 'average', 'first', name='gradingmethod', native_enum=False, length=16), nullable=False),
    sa.Column('opens_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closes_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('review', sa.JSON(), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('show_names', sa.Boolean(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('attempts_allowed >= 0', name=op.f('ck_quiz_version_attempts_not_negative')),
    sa.CheckConstraint('closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at', name=op.f('ck_quiz_version_window_ordered')),
    sa.CheckConstraint('cooldown_minutes >= 0', name=op.f('ck_quiz_version_cooldown_not_negative')),
    sa.CheckConstraint('credit_hours >= 0', name=op.f('ck_quiz_version_credit_hours_not_negative')),
    sa.CheckConstraint('pass_percent BETWEEN 0 AND 100', name=op.f('ck_quiz_version_pass_percent_range')),
    sa.CheckConstraint('time_limit_minutes IS NULL OR time_limit_minutes > 0', name=op.f('ck_quiz_version_time_limit_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_quiz_version_created_by_id_member')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_version_quiz_id_quiz')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_version')),
    sa.UniqueConstraint('quiz_id', 'number', name=op.f('uq_quiz_version_quiz_id_number'))
    )
    with op.batch_alter_table('quiz_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_version_quiz_id'), ['quiz_id'], unique=False)

    op.create_table('quiz_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('quiz_version_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('open', 'marking', 'graded', name='attemptstate', native_enum=False, length=8), nullable=False),
    sa.Column('started_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deadline_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('seconds_taken', sa.Integer(), nullable=True),
    sa.Column('score', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('max_score', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('auto_submitted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_quiz_attempt_member_id_member')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_attempt_quiz_id_quiz')),
    sa.ForeignKeyConstraint(['quiz_version_id'], ['quiz_version.id'], name=op.f('fk_quiz_attempt_quiz_version_id_quiz_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempt')),
    sa.UniqueConstraint('quiz_id', 'member_id', 'number', name=op.f('uq_quiz_attempt_quiz_id_member_id_number'))
    )
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_attempt_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_quiz_attempt_version_state', ['quiz_version_id', 'state'], unique=False)
        batch_op.create_index('uq_quiz_attempt_open', ['quiz_id', 'member_id'], unique=True, sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))

    op.create_table('quiz_attempt_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_version_id', sa.Integer(), nullable=False),
    sa.Column('choice_order', sa.JSON(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('saved_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('mark_comment', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempt.id'], name=op.f('fk_quiz_attempt_item_attempt_id_quiz_attempt')),
    sa.ForeignKeyConstraint(['marked_by_id'], ['member.id'], name=op.f('fk_quiz_attempt_item_marked_by_id_member')),
    sa.ForeignKeyConstraint(['question_version_id'], ['question_version.id'], name=op.f('fk_quiz_attempt_item_question_version_id_question_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempt_item')),
    sa.UniqueConstraint('attempt_id', 'position', name=op.f('uq_quiz_attempt_item_attempt_id_position'))
    )
    with op.batch_alter_table('quiz_attempt_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_attempt_item_question_version_id'), ['question_version_id'], unique=False)

    # question.current_version_id and quiz.current_version_id point at tables that point
    # back: their foreign keys are added once every table exists.
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_question_current_version_id_question_version'), 'question_version', ['current_version_id'], ['id'])
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_quiz_current_version_id_quiz_version'), 'quiz_version', ['current_version_id'], ['id'])



def downgrade():
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_quiz_current_version_id_quiz_version'), type_='foreignkey')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_question_current_version_id_question_version'), type_='foreignkey')

    with op.batch_alter_table('quiz_attempt_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_item_question_version_id'))

    op.drop_table('quiz_attempt_item')
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('uq_quiz_attempt_open', sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
        batch_op.drop_index('ix_quiz_attempt_version_state')
        batch_op.drop_index(batch_op.f('ix_quiz_attempt_member_id'))

    op.drop_table('quiz_attempt')
    with op.batch_alter_table('quiz_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_version_quiz_id'))

    op.drop_table('quiz_version')
    with op.batch_alter_table('quiz_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_outcome_quiz_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_outcome_member_id'))

    op.drop_table('quiz_outcome')
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_version_question_id'))

    op.drop_table('question_version')
    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_status'))
        batch_op.drop_index(batch_op.f('ix_quiz_owner_unit_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_mode'))
        batch_op.drop_index(batch_op.f('ix_quiz_course_id'))

    op.drop_table('quiz')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_category'))
        batch_op.drop_index(batch_op.f('ix_question_bank_id'))

    op.drop_table('question')
    with op.batch_alter_table('question_bank', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_bank_owner_unit_id'))
        batch_op.drop_index(batch_op.f('ix_question_bank_course_id'))

    op.drop_table('question_bank')

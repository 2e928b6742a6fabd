"""attempt item graded with: quiz_attempt_item.graded_with_version_id, the question version
whose key graded the item when a regrade re-scored it with a corrected key (NULL: the
item's own version), so review pages show the key its score follows. Items regraded
before this migration keep NULL: which key graded them was not recorded.

Revision ID: 5b2d8e41c7a9
Revises: 189cf0b2303e
Create Date: 2026-12-07 05:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2d8e41c7a9'
down_revision = '189cf0b2303e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_attempt_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('graded_with_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_quiz_attempt_item_graded_with_version_id_question_version'),
            'question_version', ['graded_with_version_id'], ['id'])


def downgrade():
    with op.batch_alter_table('quiz_attempt_item', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_quiz_attempt_item_graded_with_version_id_question_version'),
            type_='foreignkey')
        batch_op.drop_column('graded_with_version_id')

"""attempt item chosen: quiz_attempt_item.chosen, the options a response chose as a bitmask
(bit i = original choice i; NULL for text or no answer), so item analysis counts options
with integer arithmetic instead of expanding JSON. Filled here from existing responses, as
learnhub.quizzes.attempts.answers.chosen_mask computes it.

Revision ID: 189cf0b2303e
Revises: 4686eb3e487c
Create Date: 2026-12-07 04:36:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '189cf0b2303e'
down_revision = '4686eb3e487c'
branch_labels = None
depends_on = None

# chosen_mask in SQL, as it was when this migration was written: an integer index sets its
# bit (0 outside 0..62), a list sets the bits of its distinct integer indexes (0 when none),
# anything else (text, JSON null, true/false, a fraction) is NULL.
SQLITE_BACKFILL = """
UPDATE quiz_attempt_item SET chosen = CASE json_type(response)
  WHEN 'integer' THEN CASE WHEN json_extract(response, '$') BETWEEN 0 AND 62
                           THEN 1 << json_extract(response, '$') ELSE 0 END
  WHEN 'array' THEN (SELECT coalesce(sum(1 << v), 0) FROM (
      SELECT DISTINCT value AS v FROM json_each(quiz_attempt_item.response)
      WHERE type = 'integer' AND value BETWEEN 0 AND 62))
  END
WHERE response IS NOT NULL
"""

POSTGRESQL_BACKFILL = r"""
UPDATE quiz_attempt_item SET chosen = CASE
  WHEN json_typeof(response) = 'number' THEN CASE
      WHEN response::text !~ '^\s*-?[0-9]+\s*$' THEN NULL
      WHEN response::text::numeric BETWEEN 0 AND 62
      THEN 1::bigint << response::text::numeric::int ELSE 0 END
  WHEN json_typeof(response) = 'array' THEN (
      SELECT coalesce(sum(DISTINCT 1::bigint << e::text::numeric::int), 0)::bigint
      FROM json_array_elements(response) AS e
      WHERE json_typeof(e) = 'number' AND e::text ~ '^\s*-?[0-9]+\s*$'
        AND e::text::numeric BETWEEN 0 AND 62)
  END
WHERE response IS NOT NULL
"""


def backfill(connection):
    """Set `chosen` of every item from its response (tests call this too)."""
    sql = POSTGRESQL_BACKFILL if connection.dialect.name == 'postgresql' else SQLITE_BACKFILL
    connection.execute(sa.text(sql))


def upgrade():
    op.add_column('quiz_attempt_item', sa.Column('chosen', sa.BigInteger(), nullable=True))
    backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table('quiz_attempt_item', schema=None) as batch_op:
        batch_op.drop_column('chosen')

"""member party post: member.party_post, the member's 党内职务 (书记, 副书记, 委员, 党小组组长,
or empty for none), so course audiences can name the secretaries and committee members.
Existing members get no post ('').

Revision ID: 6d2d1bc8b618
Revises: 4f180cd79416
Create Date: 2026-12-07 03:31:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6d2d1bc8b618'
down_revision = '4f180cd79416'
branch_labels = None
depends_on = None

# As learnhub.org.models.PartyPost when this migration was written.
POSTS = ('书记', '副书记', '委员', '党小组组长')
CHECK = "party_post IN ('', " + ", ".join(f"'{post}'" for post in POSTS) + ")"
CHECK_NAME = 'ck_member_party_post_known'


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name == 'sqlite':
        # In place, not by a batch rebuild: rebuilding `member` drops a table that many
        # tables reference. SQLite adds a CHECK only with the column itself (and can then
        # drop the column again); a NOT NULL column added in place needs its default.
        op.execute("ALTER TABLE member ADD COLUMN party_post VARCHAR(16) DEFAULT '' NOT NULL "
                   f"CONSTRAINT {CHECK_NAME} CHECK ({CHECK})")
        return
    op.add_column('member', sa.Column('party_post', sa.String(length=16), nullable=False,
                                      server_default=''))
    op.alter_column('member', 'party_post', server_default=None)
    op.create_check_constraint(op.f(CHECK_NAME), 'member', CHECK)


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f(CHECK_NAME), 'member', type_='check')
    op.drop_column('member', 'party_post')  # in place, with its CHECK (SQLite 3.35+)

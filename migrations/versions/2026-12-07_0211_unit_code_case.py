"""unit code case: unit.code_key, the code case-folded and unique, so unit codes compare
without regard to case (an HR sheet's gb01-b01 is unit GB01-B01) and no two units differ
only by case. Filled here for existing units; refuses to run while two codes clash.

Revision ID: 0ac1bb7e468e
Revises: 76f0d184ca05
Create Date: 2026-12-07 02:11:02.568323

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '0ac1bb7e468e'
down_revision = '76f0d184ca05'
branch_labels = None
depends_on = None


def upgrade():
    unit = sa.table('unit', sa.column('id', sa.Integer), sa.column('code', sa.String),
                    sa.column('code_key', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(unit.c.id, unit.c.code)).all()
    by_key = {}
    for unit_id, code in rows:
        by_key.setdefault(_code_key(code), []).append(code)
    clashes = ['/'.join(codes) for codes in by_key.values() if len(codes) > 1]
    if clashes:
        raise RuntimeError(
            'Unit codes that differ only by case: ' + ', '.join(clashes) + '. Change one code '
            'of each group (UPDATE unit SET code = ... WHERE id = ...) and upgrade again.')
    # Added in place, not by a batch rebuild: rebuilding `unit` on SQLite drops a table that
    # members reference, which foreign keys refuse. SQLite needs a default for a NOT NULL
    # column added in place; there the default '' stays (the ORM always sets the key).
    op.add_column('unit', sa.Column('code_key', sa.String(length=192), nullable=False,
                                    server_default=''))
    for unit_id, code in rows:
        connection.execute(unit.update().where(unit.c.id == unit_id)
                           .values(code_key=_code_key(code)))
    if connection.dialect.name != 'sqlite':
        op.alter_column('unit', 'code_key', server_default=None)
    op.create_index(op.f('ix_unit_code_key'), 'unit', ['code_key'], unique=True)


def _code_key(code):
    """As learnhub.org.models.unit_code_key when this migration was written."""
    return code.strip().casefold()


def downgrade():
    op.drop_index(op.f('ix_unit_code_key'), table_name='unit')
    op.drop_column('unit', 'code_key')  # in place, as added (SQLite 3.35+)

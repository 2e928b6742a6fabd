"""import staging: staged_import holds a member import between its requests (the upload from
preview to confirm, then the result and the one-time initial passwords), so that any app
instance can serve the next step. Uploads waiting in the old import directory
(LEARNHUB_IMPORT_DIR, default instance/imports) are not carried over: upload them again.

Revision ID: 4f180cd79416
Revises: 0ac1bb7e468e
Create Date: 2026-12-07 02:56:01.440546

"""
from alembic import op
import sqlalchemy as sa
import learnhub.core.db


# revision identifiers, used by Alembic.
revision = '4f180cd79416'
down_revision = '0ac1bb7e468e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staged_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('expires_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('deactivate_missing', sa.Boolean(), nullable=False),
    sa.Column('issue_passwords', sa.Boolean(), nullable=False),
    sa.Column('upload', sa.LargeBinary(), nullable=True),
    sa.Column('claimed_at', learnhub.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('passwords', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['member.id'], name=op.f('fk_staged_import_actor_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staged_import')),
    sa.UniqueConstraint('token', name=op.f('uq_staged_import_token'))
    )
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staged_import_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('staged_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staged_import_expires_at'))

    op.drop_table('staged_import')

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from learnhub.extensions import db


def test_models_and_migrations_agree(app):
    """The schema built by the migrations is the schema the models describe."""
    context = MigrationContext.configure(db.session.connection(), opts={"compare_type": True})
    diff = compare_metadata(context, db.metadata)
    assert diff == []

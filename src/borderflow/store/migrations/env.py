"""Alembic environment: migrates the engine handed over by ``borderflow.store.migrate``."""

from alembic import context

from borderflow.store.tables import metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()

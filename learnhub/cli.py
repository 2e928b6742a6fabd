"""The `learnhub` command: a Flask CLI group whose subcommands the features add
(learnhub.features); each subcommand calls a service."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup


def _create_app() -> Flask:
    """The app for `learnhub …` commands. This entry point, run by a developer or an
    operator at a terminal, may start without LEARNHUB_SECRET_KEY in development (a random
    key kept in instance/); a server started any other way may not."""
    from learnhub import ConfigurationError, create_app

    try:
        return create_app(development_key=True)
    except ConfigurationError as error:  # one line for the operator, not a traceback
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             add_default_commands=True)
def main() -> None:
    """LearnHub command line (honours LEARNHUB_* like the server)."""

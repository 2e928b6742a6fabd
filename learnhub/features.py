"""The feature registry: every feature of LearnHub, in order, and how it is installed.

A feature declares what it adds in its own `feature.py` (`learnhub.core.feature.Feature`);
this list is the only place that names them. An import error here stops the app at start
with the module's name: nothing is skipped silently.
"""

from __future__ import annotations

from flask import Flask

from learnhub.auth.feature import FEATURE as AUTH
from learnhub.authoring.feature import FEATURE as AUTHORING
from learnhub.core.feature import REGISTRY_KEY, Feature, FeatureRegistry
from learnhub.courses.feature import FEATURE as COURSES
from learnhub.discussions.feature import FEATURE as DISCUSSIONS
from learnhub.home.feature import FEATURE as HOME
from learnhub.notifications.feature import FEATURE as NOTIFICATIONS
from learnhub.operator.feature import FEATURE as OPERATOR
from learnhub.org.feature import FEATURE as ORG
from learnhub.quizzes.feature import FEATURE as QUIZZES
from learnhub.records.feature import FEATURE as RECORDS
from learnhub.reports.feature import FEATURE as REPORTS
from learnhub.transcripts.feature import FEATURE as TRANSCRIPTS

FEATURES: tuple[Feature, ...] = (
    AUTH,
    HOME,
    ORG,
    RECORDS,
    AUTHORING,
    COURSES,
    QUIZZES,
    DISCUSSIONS,
    TRANSCRIPTS,  # reads every feature's credit and completions
    REPORTS,  # reads courses and transcripts; writes nothing
    NOTIFICATIONS,  # after every feature that notifies: its email job runs after theirs
    OPERATOR,
)


def install_features(app: Flask, features: tuple[Feature, ...] = FEATURES) -> FeatureRegistry:
    """Register every feature's pages and commands on `app` and keep the registry there
    for the parts that are asked for later (menu, home panels, content kinds...)."""
    from learnhub.authoring.commands import content_group
    from learnhub.core.jobs import jobs_group

    registry = FeatureRegistry(features)
    app.extensions[REGISTRY_KEY] = registry
    for feature in features:
        for blueprint in feature.blueprints:
            app.register_blueprint(blueprint)
        for command in feature.commands:
            app.cli.add_command(command)
    if registry.content_kinds:
        app.cli.add_command(content_group(registry.content_kinds))
    if registry.jobs:
        app.cli.add_command(jobs_group)
    for feature in features:
        if feature.setup is not None:
            feature.setup(app)
    return registry

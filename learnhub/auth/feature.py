"""Logging in and out, passwords and the language choice."""

from learnhub.auth.views import bp
from learnhub.core.feature import Feature

FEATURE = Feature(name="auth", blueprints=(bp,))

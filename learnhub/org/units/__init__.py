"""The org tree: units in a materialized-path tree, their pages and rules."""

"""Indicator frameworks (评价指标体系) as versioned data: schema, shipped seed frameworks, loader and
validator, importer for official tables, scoring and grades."""

from corpora.frameworks.schema import Framework, Node, Rule
from corpora.frameworks.store import FrameworkError, load, load_file, shipped

__all__ = ["Framework", "FrameworkError", "Node", "Rule", "load", "load_file", "shipped"]

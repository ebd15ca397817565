"""The one compiled part: the passage choice's inner loops (indexer/search/_snippets.c).

Optional: without a C compiler the install still succeeds, and passages.py
uses its Python definitions of the same functions.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("indexer.search._snippets", ["indexer/search/_snippets.c"], optional=True)])

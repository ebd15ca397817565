"""The one compiled part: inner loops of search (indexer/_native.c).

Optional: without a C compiler the install still succeeds, and the modules
that use it (highlight, passages, companion) fall back to their Python
definitions of the same functions.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("indexer._native", ["indexer/_native.c"], optional=True)])

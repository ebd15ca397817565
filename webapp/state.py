"""The app's search service, kept in app.extensions.

Views reach it through `service()`, so no module imports state back from the
package's __init__ (the app factory only puts it there).
"""

from flask import Flask, current_app

from indexer.search.service import SearchService
from indexer.settings import Settings

KEY = "zoek.search"


def init_app(app: Flask, settings: Settings) -> None:
    app.extensions[KEY] = SearchService(settings)


def service() -> SearchService:
    return current_app.extensions[KEY]

"""The French search page and its JSON API (Flask), served by waitress. Templates and static files live
in the top-level web/ folder (inside the wheel: findit/web)."""

from findit.webapp.app import create_app
from findit.webapp.server import make_server, serve

__all__ = ["create_app", "make_server", "serve"]

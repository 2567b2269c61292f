"""`svarbrev web`: the page for caseworkers (Flask), a thin shell over the library."""

from generator.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]

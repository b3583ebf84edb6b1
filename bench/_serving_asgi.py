"""The serving benchmark's ASGI variant: the same Django WSGI application
behind asgiref's WsgiToAsgi (which reads the whole request body without a
thread before it runs the view), for granian's ASGI interface."""

import os

from asgiref.wsgi import WsgiToAsgi
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "_serving_site")
app = WsgiToAsgi(get_wsgi_application())

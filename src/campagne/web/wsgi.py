"""Point d'entrée WSGI (déploiement derrière un serveur d'applications)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campagne.web.settings")
application = get_wsgi_application()

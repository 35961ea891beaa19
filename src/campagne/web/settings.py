"""Réglages Django. SQLite embarqué par défaut (aucune installation) ; PostgreSQL par
``DATABASE_URL=postgres://utilisateur@hôte:5432/base``.

Variables d'environnement :
- ``DATABASE_URL`` : base de données (défaut : ``sqlite:///<CAMPAGNE_DONNEES>/campagne.sqlite3``) ;
- ``CAMPAGNE_DONNEES`` : dossier des données locales (défaut : ``./donnees``) ;
- ``CAMPAGNE_SECRET_KEY`` : clé secrète (obligatoire hors mode démonstration) ;
- ``CAMPAGNE_DEBUG`` : ``1`` pour le mode débogage ; ``CAMPAGNE_HOTES`` : hôtes autorisés.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CAMPAGNE_DONNEES", "donnees")).resolve()

DEBUG = os.environ.get("CAMPAGNE_DEBUG") == "1"
# Sans clé fournie (démonstration locale), une clé aléatoire par processus : les sessions ne
# survivent pas à un redémarrage, ce qui convient à l'usage embarqué.
SECRET_KEY = os.environ.get("CAMPAGNE_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = os.environ.get("CAMPAGNE_HOTES", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    "ninja",
    "campagne.store",
    "campagne.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "campagne.web.security.ContentSecurityPolicy",
]

ROOT_URLCONF = "campagne.web.urls"
WSGI_APPLICATION = "campagne.web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "dsfr.context_processors.site_config",
        "campagne.web.context.navigation",
    ]},
}]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'campagne.sqlite3'}", conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Écritures concurrentes (calcul en tâche de fond + navigation) : attendre plutôt qu'échouer.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Fichiers statiques (DSFR, styles) servis par l'application elle-même, depuis les paquets
# installés : aucun « collectstatic » ni serveur web nécessaire pour l'usage embarqué.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # attendu par WhiteNoise, même vide
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "fichiers"
MEDIA_URL = "/fichiers/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # le JavaScript des pages relit le jeton pour les appels API
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and os.environ.get("CAMPAGNE_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True

# Connexion : après 5 échecs pour un identifiant depuis une adresse, 15 minutes d'attente.
CAMPAGNE_CONNEXION_ESSAIS = 5
CAMPAGNE_CONNEXION_BLOCAGE = 15 * 60
SESSION_COOKIE_AGE = 8 * 3600  # une journée de travail

# Campagne affichée par défaut (tableau de bord d'accueil).
CAMPAGNE_PAR_DEFAUT = os.environ.get("CAMPAGNE_PAR_DEFAUT", "ph-2024-idf")

"""campagne : moteur ouvert et explicable de la campagne budgétaire des ESMS."""

__version__ = "0.1.0"

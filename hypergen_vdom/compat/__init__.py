"""Hypergen 1.5.6 compatibility (README "Coming from Hypergen")."""

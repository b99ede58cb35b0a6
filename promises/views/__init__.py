"""Thin views: access helper → form → service → redirect (POST-redirect-GET everywhere)."""

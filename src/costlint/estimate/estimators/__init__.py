"""Estimators, grouped by provider (``aws/``); the provider tables in ``costlint.providers`` say which
function prices which kind."""

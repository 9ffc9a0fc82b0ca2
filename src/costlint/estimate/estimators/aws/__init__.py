"""AWS estimators: one module per family of services; the provider table (costlint.providers.aws) names
which function prices which kind, and they are imported only when a kind of theirs is met."""

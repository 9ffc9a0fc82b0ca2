"""AWS specs: one module per family of services (see costlint.specs)."""

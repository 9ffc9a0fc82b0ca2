"""``costlint review``: the architect's cost review of one or more projects, as data.

``build.build_review`` assembles it (``model.Review``) from the estimates, the rules' findings and the
what-if scenarios (``scenarios``), which re-estimate the resources as they would be bought, run, sized or
placed differently, through the same estimators, catalog and rule fixes as ``breakdown`` and ``check``.
The package sits above the rules engine and below the reports: it never imports the readers, the
reports or the command line (``pyproject.toml``'s import-linter contracts).
"""

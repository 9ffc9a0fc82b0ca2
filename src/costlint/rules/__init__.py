"""The FinOps rules engine: rule packs as data, their evaluation, suppressions, config and baseline.

Where it sits: above the estimates (savings are estimated through the estimators), below the reports
and the command line (``costlint check`` and ``costlint rules`` wire it; ``reports/check_*`` format its
findings). It reads the resource model, specs and estimates, never a reader, a report or the CLI
(import-linter contracts in pyproject.toml).

- ``packs``: loads the YAML packs (built-in ones from ``rules/``, shipped as ``costlint.rule_packs``;
  users' from the config), validating each with ``file:line`` messages.
- ``conditions``: the data conditions a rule may state (``when``).
- ``checks``: the Python checks rules name as ``module:function``.
- ``engine``: runs the rules over projects into findings.
- ``savings``: what a fix saves, estimated with and without it.
- ``suppress``, ``config``, ``baseline``: what users accept and how they configure the rules.

Adding a rule: an entry in a pack of ``rules/``, a check function if data cannot say it, and a file of
test cases in ``tests/rule_cases/`` (see CONTRIBUTING).
"""

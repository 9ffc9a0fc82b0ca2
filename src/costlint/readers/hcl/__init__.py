"""HCL for the Terraform reader: parsing (python-hcl2 7.x's grammar, driven directly), a small AST,
and evaluation of expressions with Terraform's semantics.

Entry points: ``parser.parse_bytes`` / ``parser.parse_text`` (a file -> ``ParsedFile``),
``parser.parse_expression`` (one expression), ``evaluate.Evaluator`` (expression -> value, see
``values.py`` for the value representation), ``grammar.hcl_parser`` (the cached Lark parser; raises
``CannotRun`` when the installed ``hcl2`` package is not python-hcl2 7.x).
"""

"""Python checks of the built-in rules, one module per theme (``generations``, ``storage``,
``scaling``, ``governance``). A rule names one as ``module:function``; it is imported when a resource of
the rule's kinds is met. A resource check is ``(resource, rc: RuleContext) -> Iterable[Hit]``, a project
check (``scope: project``) ``(project, rc) -> Iterable[Hit]``. Checks read specs (``costlint.specs``),
never native attribute names, and compute savings through ``rc.estimates``.
"""

"""Where costlint meets other systems: git (revisions to compare) and GitHub (pull-request comments)."""

"""The site layer: the only code that imports mkdocs, Material or mkdocs-static-i18n (macros, hooks, the
benchmark's capture hook). A move to another site generator replaces this package and nothing else."""

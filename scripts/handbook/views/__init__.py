"""What readers see, computed from the content model: page addresses, labels, rendered Jinja templates,
diagram geometry, the planner. No MkDocs import: a move to another generator keeps this layer."""

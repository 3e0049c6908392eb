"""The content model: curriculum/*.yml read with the line of every key, validated into pydantic models and
checked against itself. Knows nothing of MkDocs, HTML or files written."""

"""Quality checks run on the curriculum or the built site: translation parity, links, published addresses,
search quality, and the one place that launches Debian's chromium."""

"""The build benchmark (`make bench`): plain Material against the handbook at 1x and 10x size, page weight,
search and browser timings."""

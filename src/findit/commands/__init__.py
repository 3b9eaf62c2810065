"""One module per `findit` command; shared options live in options.py."""

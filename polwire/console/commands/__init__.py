"""One module per `polwire` command (group)."""

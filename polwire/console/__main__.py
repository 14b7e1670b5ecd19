"""`python -m console` runs the polwire command (what the `polwire` script does)."""

from polwire.console.main import main

main()

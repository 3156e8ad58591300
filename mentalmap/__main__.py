"""``python -m mentalmap`` runs the command-line interface."""

from mentalmap.cli import main

if __name__ == "__main__":
    main(prog_name="mentalmap")

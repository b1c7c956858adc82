"""Case declarations, one module per assignment (see autograder.spec)."""

"""`hishers browse`: the full-screen app, one more renderer of the same
presenters the line commands print. It asks the gate what may be seen and the
presenters how to word it; it never decides either itself.

Only `browse` imports this package (and Textual with it): the line commands
start as fast as before."""

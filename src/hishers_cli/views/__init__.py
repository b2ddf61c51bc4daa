"""One module per command: each turns a gated View into the command's JSON
document and the blocks its text output is drawn from, side by side, so the
two formats always carry the same content."""

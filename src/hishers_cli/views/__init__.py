"""The presenters, one module per command: each turns what the gate lets
through (`gate.Known`) into the command's JSON document and the blocks its
text output is drawn from, side by side, so the two formats always carry the
same content. `views.shapes` builds the JSON of each kind of thing."""

"""`make bench`: each figure beside a baseline run on the same machine, as a ratio."""

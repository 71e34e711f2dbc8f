"""sluice shared kernel: what the api and the workers both need."""

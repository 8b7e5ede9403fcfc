"""What learns: the corpus loaders (`datasets/`) and the recipes that fit the shipped models.

The run-time package never imports this wing; `contractlens train` reaches it from the CLI.
"""

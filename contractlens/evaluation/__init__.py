"""What measures: metrics, cross-validation of the recipes and independent checks of the models.

The run-time package never imports this wing; `contractlens evaluate` reaches it from the CLI.
"""

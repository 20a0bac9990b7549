"""The Train dialog and what it runs: settings, background runs, results."""

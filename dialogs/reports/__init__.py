"""Status reports to the steering group (see `service`)."""

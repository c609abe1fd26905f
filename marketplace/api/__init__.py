"""What every API endpoint shares: the error format, pagination and throttling (settings.REST_FRAMEWORK)."""

class OpenAPIValidationError(Exception):
    """Stand-in: never raised."""

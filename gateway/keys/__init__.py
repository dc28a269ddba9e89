"""API keys for front ends and partners: the model, the stores and the service."""

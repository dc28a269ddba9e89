"""Example set-ups of the gateway over several back ends."""

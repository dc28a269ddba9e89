"""Connectors: domain Protocols, canonical models, and one package per back-office system."""

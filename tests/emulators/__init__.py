"""Faithful emulators of upstream systems that cannot run here (SaaS, PHP)."""

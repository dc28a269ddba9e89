"""Leaky buckets of points: cost budgets per key and sign-in attempts, in-process for one
replica, in Redis when replicas share them."""

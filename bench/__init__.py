"""The benchmark: upstream emulators with latency, a load generator, a JSON report.

python -m bench.run --duration 10
"""

"""The planned executor: graphql-core parses and validates, strawberry defines the schema and
its resolvers, and this package runs admitted queries and mutations breadth-first from a
plan compiled once per operation (see run.py for the algorithm, plan.py for what is
compiled, batch.py for the fields that skip resolvers and dataloader futures)."""

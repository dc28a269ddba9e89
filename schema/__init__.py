"""The GraphQL floor: strawberry types per domain, the request context and its loaders."""

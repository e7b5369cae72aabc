"""The use-cases: one module per flow, on the domain and the storage layer. No Qt."""

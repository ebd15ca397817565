"""The index of record: schema, builds, updates, generations, and the one
module that touches Whoosh's internals."""

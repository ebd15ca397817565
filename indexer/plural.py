"""Counts with the right noun form: '1 document', '2 documents' (the CLI speaks English)."""


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"

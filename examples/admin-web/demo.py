"""Creates a demo directory: python demo.py STORE (a new SQLite file, or a PostgreSQL connection
string: the demo data is imported there when its directory is empty)."""

from __future__ import annotations

import sys

import vastuu as v
from app import is_postgres, open_store


def create(store: str, customers: int = 120) -> None:
    config = v.GeneratorConfig(
        seed=2026,
        customers=customers,
        employees=16,
        projects=customers // 2,
        responsibilities=customers * 2,
        customer_groups=4,
        special_groups=3,
        teams=3,
    )
    generated = v.Directory.generate(config)
    if not is_postgres(store):
        v.Directory.from_data(generated.data(), path=store, sqlite=True).close()
        return
    # PostgreSQL: the generated directory's exports imported into the database's directory (once).
    with open_store(store) as d:
        if d.customers():
            return
        everyone = v.CustomerFilter(archived=v.ArchivedFilter.INCLUDE)
        d.import_bytes(generated.export_customers(customers=everyone), v.ImportFormat.XLSX, create_missing=True)
        people = generated.export_responsible_persons(customers=everyone, include_projects=False)
        d.import_bytes(people, v.ImportFormat.XLSX, kind=v.ImportKind.RESPONSIBILITIES, create_missing=True)

if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python demo.py STORE.sqlite")
    create(sys.argv[1])

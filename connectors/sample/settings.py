"""Settings of the sample connector (the `[connectors.<name>]` table of omnicanal.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_FILE_NAME = "sample.db"


@dataclass(frozen=True, slots=True)
class SampleSettings:
    # Path of the SQLite file; empty means `<data_dir>/sample.db`.
    database: str = ""
    # Seed of the generated data: the same seed always gives the same back office.
    seed: int = 7
    # Signs `POST /webhooks/<instance>` (the CLI's events); empty: a key kept in the data dir.
    webhook_secret: str = ""

    def database_path(self, data_dir: Path) -> Path:
        return Path(self.database) if self.database else data_dir / DEFAULT_FILE_NAME

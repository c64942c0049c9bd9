"""Where everything lives: the one place that knows the repository layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paths:
    """The input and output locations of one build, below a repository root."""

    root: Path = REPO

    @property
    def datasets(self) -> Path:
        return self.root / "datasets"

    @property
    def sources(self) -> Path:
        """Raw source documents, byte for byte as received (never edited)."""
        return self.datasets / "sources"

    @property
    def sources_meta(self) -> Path:
        """Hand-written metadata of the raw sources, with their sha256."""
        return self.sources / "sources.yml"

    @property
    def curated(self) -> Path:
        """Hand-curated inputs: the only files people edit."""
        return self.datasets / "curated"

    @property
    def documents(self) -> Path:
        """One curated file per source document."""
        return self.curated / "documents"

    @property
    def vocabulary(self) -> Path:
        return self.curated / "vocabulary.yml"

    @property
    def metrics(self) -> Path:
        return self.curated / "metrics.yml"

    @property
    def reference(self) -> Path:
        """Reference data that no curator writes, generated from maintained public sources (tools/)."""
        return self.datasets / "reference"

    @property
    def regions(self) -> Path:
        """China's administrative divisions (GB/T 2260 codes), from tools/regions.py."""
        return self.reference / "regions.csv"

    @property
    def about(self) -> Path:
        """What the package says of itself: title, description, version, release date, licence, citation."""
        return self.curated / "package.yml"

    @property
    def changes(self) -> Path:
        """Why the published data change in each version: the notes the data changelog prints."""
        return self.curated / "changes.yml"

    @property
    def citation(self) -> Path:
        """CITATION.cff, generated from package.yml with each publication."""
        return self.root / "CITATION.cff"

    @property
    def published(self) -> Path:
        """The published data package; only the pipeline writes here."""
        return self.datasets / "published"

    @property
    def releases(self) -> Path:
        """Earlier publications, one folder per version (tables and datapackage.json), kept to compare against."""
        return self.datasets / "releases"

    @property
    def pin(self) -> Path:
        """The library's pin of the published datapackage.json (its sha256), written with each publication."""
        return self.root / "pingan_data" / "_pin.py"

    def curated_documents(self) -> list[Path]:
        return sorted(self.documents.glob("*.yml"))

    def source_texts(self) -> list[Path]:
        return sorted(self.sources.glob("*.txt"))

"""What an export returns: to a file, :class:`ExportResult`; to memory, :class:`ExportBytes`."""

from __future__ import annotations

__all__ = ["ExportBytes", "ExportResult"]


class ExportResult(int):
    """What an export to a file wrote.

    It is the number of data rows written (an :class:`int`, so code that compares the result
    with a row count keeps working), with :attr:`rows` and :attr:`cells_cut` as attributes.
    """

    cells_cut: int
    """Text cells longer than Excel's 32,767 characters (e.g. a joined list of many long role or
    group names), written cut and ending in ``… [cut]``."""

    def __new__(cls, rows: int, cells_cut: int = 0) -> ExportResult:
        result = super().__new__(cls, rows)
        result.cells_cut = cells_cut
        return result

    @property
    def rows(self) -> int:
        """Data rows written (without header rows)."""
        return int(self)

    def __repr__(self) -> str:
        return f"ExportResult(rows={int(self)}, cells_cut={self.cells_cut})"

    def __reduce__(self) -> tuple[type[ExportResult], tuple[int, int]]:
        return (ExportResult, (int(self), self.cells_cut))


class ExportBytes(bytes):
    """What an export to memory (``path=None``) returns.

    It is the .xlsx file's bytes (a :class:`bytes`, so code that writes or sends the result keeps
    working), with :attr:`rows` and :attr:`cells_cut` as attributes, as :class:`ExportResult`
    has them for an export to a file.
    """

    rows: int
    """Data rows written (without header rows)."""
    cells_cut: int
    """Text cells longer than Excel's 32,767 characters, written cut and ending in ``… [cut]``."""

    def __new__(cls, data: bytes, rows: int = 0, cells_cut: int = 0) -> ExportBytes:
        result = super().__new__(cls, data)
        result.rows = rows
        result.cells_cut = cells_cut
        return result

    def __repr__(self) -> str:
        return f"ExportBytes({len(self)} bytes, rows={self.rows}, cells_cut={self.cells_cut})"

    def __reduce__(self) -> tuple[type[ExportBytes], tuple[bytes, int, int]]:
        return (ExportBytes, (bytes(self), self.rows, self.cells_cut))

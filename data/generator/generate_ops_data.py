#!/usr/bin/env python3
"""Generates the sample county's organisation.json and sensors.json.

    python3 data/generator/generate_ops_data.py [data/sample-county]

Reads the county's codes, names, populations and polygons from its
shapefiles (through `ogr2ogr`, which decodes the GBK text) and writes two
synthetic lists beside them:

  organisation.json  五级五长 chiefs, party organisations, 303 双报到 member
                     units with 13,695 members, 10 demonstration compounds
  sensors.json       60 sensors of every kind, placed inside the grids

Deterministic: one fixed seed, Python's Mersenne Twister (whose random() and
choice() are stable across Python 3 versions), sorted inputs, rounded
coordinates and no clock. Running it twice gives byte-identical files.
"""

import json
import math
import os
import random
import subprocess
import sys

SEED = 20261125
UNIT_COUNT = 303       # 双报到 member units of the reference county
MEMBER_TOTAL = 13695   # their registered cadres
DEMONSTRATION_COUNT = 10

# ---------------------------------------------------------------------------
# Reading the county


def read_layer(directory, name):
    """The features of one shapefile as GeoJSON dicts, sorted by code."""
    out = subprocess.run(
        ["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", os.path.join(directory, name + ".shp")],
        check=True, capture_output=True).stdout
    features = json.loads(out.decode("utf-8"))["features"]
    return sorted(features, key=lambda f: f["properties"]["CODE"])


def outer_ring(feature):
    geometry = feature["geometry"]
    assert geometry["type"] == "Polygon", "the sample county has single polygons"
    return [tuple(p) for p in geometry["coordinates"][0]]


# Metres per degree at the town's latitude (about 39°N): good to 0.1% across
# a town of a few kilometres, which is all the placement below needs.
KX = math.cos(math.radians(39.03)) * 111320.0
KY = 110574.0


def inside(ring, p):
    """Even-odd ray casting; boundary points are not cared about here."""
    x, y = p
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def edge_distance_m(ring, p):
    best = float("inf")
    for a, b in zip(ring, ring[1:] + ring[:1]):
        px, py = (p[0] - a[0]) * KX, (p[1] - a[1]) * KY
        bx, by = (b[0] - a[0]) * KX, (b[1] - a[1]) * KY
        length2 = bx * bx + by * by
        t = max(0.0, min(1.0, (px * bx + py * by) / length2)) if length2 else 0.0
        best = min(best, math.hypot(px - t * bx, py - t * by))
    return best


def rounded(p):
    return (round(p[0], 6), round(p[1], 6))


def point_inside(rng, ring, margin_m=15.0):
    """A uniform point at least margin_m inside the ring, rounded to 1e-6°."""
    xs = [q[0] for q in ring]
    ys = [q[1] for q in ring]
    for _ in range(10000):
        p = rounded((rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))))
        if inside(ring, p) and edge_distance_m(ring, p) >= margin_m:
            return p
    raise RuntimeError("no point found inside a ring")


def river_points(grids, count):
    """Points 25 m inside the town's south-eastern edge, which follows the
    Yellow River: grid edges used by one grid only whose outward side faces
    south-east, spread evenly along the bank."""
    uses = {}
    for g in grids:
        ring = outer_ring(g)
        for a, b in zip(ring, ring[1:]):
            key = tuple(sorted([a, b]))
            uses.setdefault(key, []).append(ring)
    bank = []
    for (a, b), rings in sorted(uses.items()):
        if len(rings) != 1:
            continue
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        dx, dy = (b[0] - a[0]) * KX, (b[1] - a[1]) * KY
        length = math.hypot(dx, dy)
        if length < 20:
            continue
        nx, ny = dy / length, -dx / length  # one normal; flip it to point inward
        probe = (mid[0] + nx * 25 / KX, mid[1] + ny * 25 / KY)
        if not inside(rings[0], probe):
            nx, ny = -nx, -ny
            probe = (mid[0] + nx * 25 / KX, mid[1] + ny * 25 / KY)
        # The river bank: the inward normal points north or north-west.
        if ny > 0.3 and inside(rings[0], probe):
            bank.append(rounded(probe))
    bank.sort()
    step = len(bank) / count
    return [bank[int(i * step + step / 2)] for i in range(count)]


def junctions(grids):
    """Vertices where three or more grids meet: street junctions, since
    streets run along grid edges between the set-back compounds."""
    meeting = {}
    for g in grids:
        for p in set(outer_ring(g)):
            meeting.setdefault(p, []).append(g)
    return sorted(p for p, gs in meeting.items() if len(gs) >= 3)


# ---------------------------------------------------------------------------
# Names and numbers

SURNAMES = ("王李张刘杨高郝贺白乔苗折柴秦赵陈黄周吴徐孙胡朱郭马罗梁宋郑谢韩唐冯"
            "董程曹袁邓许沈曾吕苏卢蒋贾丁魏薛叶阎潘杜戴夏田任姜范方石姚崔康霍雷")
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "秀兰", "海燕",
         "红梅", "晓东", "小红", "玉兰", "春梅", "文博", "俊杰", "子涵", "雨轩", "浩然",
         "鹏飞", "亚楠", "瑞", "宁", "斌", "彬", "琳", "慧", "婷", "晨", "鑫", "斐",
         "建军", "卫东", "金花", "凤英", "海波", "永刚", "志勇", "丽华", "晓燕", "宏伟",
         "国强", "彦军", "向东", "治国", "梅", "荣", "文", "华", "燕", "波", "辉", "飞"]
CHINESE_NUMERALS = "一二三四五六七八九十"


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


class Phones:
    """Mobile numbers that are plainly not real: 13X-0000-NNNN, never twice."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def __call__(self):
        while True:
            number = "13{}-0000-{:04d}".format(self.rng.randint(0, 9), self.rng.randint(0, 9999))
            if number not in self.used:
                self.used.add(number)
                return number


def numeral(n):
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return ("" if n < 20 else CHINESE_NUMERALS[n // 10 - 1]) + "十" + (
        CHINESE_NUMERALS[n % 10 - 1] if n % 10 else "")


# ---------------------------------------------------------------------------
# Organisation

# Units of a county that register their party members with a community
# (双报到), with a typical number of members. Big units register several
# party branches, each with its own community.
UNITS = [
    ("县委办公室", 40), ("县人大常委会办公室", 30), ("县政府办公室", 45), ("县政协办公室", 25),
    ("县纪委监委", 60), ("县委组织部", 35), ("县委宣传部", 30), ("县委统战部", 20),
    ("县委政法委", 25), ("县委编办", 12), ("县委巡察办", 15), ("县委党校", 30),
    ("县委老干部局", 12), ("县发展和改革局", 40), ("县教育和体育局", 60), ("县科技局", 15),
    ("县工业和信息化局", 35), ("县公安局", 300), ("县民政局", 30), ("县司法局", 40),
    ("县财政局", 60), ("县人力资源和社会保障局", 50), ("县自然资源局", 60),
    ("市生态环境局府谷分局", 40), ("县住房和城乡建设局", 60), ("县交通运输局", 50),
    ("县水利局", 50), ("县农业农村局", 70), ("县商务局", 20), ("县文化和旅游局", 35),
    ("县卫生健康局", 40), ("县退役军人事务局", 20), ("县应急管理局", 35), ("县审计局", 25),
    ("县市场监督管理局", 80), ("县统计局", 20), ("县医疗保障局", 25), ("县林业局", 40),
    ("县能源局", 40), ("县信访局", 15), ("县行政审批服务局", 40), ("县城市管理执法局", 90),
    ("县乡村振兴局", 20), ("县人民法院", 80), ("县人民检察院", 50), ("县总工会", 15),
    ("团县委", 10), ("县妇联", 10), ("县科协", 8), ("县残联", 12), ("县工商联", 8),
    ("县红十字会", 6), ("县档案馆", 10), ("县融媒体中心", 45), ("县机关事务服务中心", 20),
    ("县住房公积金管理中心", 15), ("县不动产登记中心", 20), ("县公共资源交易中心", 12),
    ("县消防救援大队", 40), ("国家税务总局府谷县税务局", 70), ("县气象局", 15),
    ("县烟草专卖局", 25), ("县人民武装部", 15), ("县图书馆", 12), ("县文化馆", 15),
    ("县体育运动中心", 10), ("县疾病预防控制中心", 50), ("县妇幼保健院", 80),
    ("县人民医院", 320), ("县中医医院", 160), ("府谷中学", 180), ("府谷县第二中学", 120),
    ("府谷县第三中学", 110), ("府谷县第一小学", 90), ("府谷县第二小学", 80),
    ("府谷县第三小学", 80), ("府谷县第四小学", 70), ("府谷县第五小学", 70),
    ("府谷县新区小学", 60), ("县职业教育中心", 70), ("县第一幼儿园", 30), ("县第二幼儿园", 25),
    ("县特殊教育学校", 15), ("县教师进修学校", 15), ("国网府谷县供电公司", 120),
    ("县燃气公司", 30), ("县自来水公司", 40), ("县热力公司", 35), ("县公共交通公司", 25),
    ("中国移动府谷分公司", 25), ("中国联通府谷分公司", 15), ("中国电信府谷分公司", 15),
    ("中国邮政府谷县分公司", 30), ("府谷农商银行营业部", 20), ("府谷农商银行府州支行", 15),
    ("府谷农商银行河滨支行", 15), ("府谷农商银行新区支行", 15), ("府谷农商银行荣河支行", 15),
    ("府谷农商银行东关支行", 15), ("中国工商银行府谷支行", 25), ("中国农业银行府谷支行", 30),
    ("中国银行府谷支行", 20), ("中国建设银行府谷支行", 25), ("邮储银行府谷县支行", 15),
    ("长安银行府谷支行", 10), ("人保财险府谷支公司", 12), ("中国人寿府谷支公司", 12),
    ("县国有资本投资运营集团", 40), ("县城市建设投资公司", 30), ("县交通建设投资公司", 20),
    ("县黄河文化旅游公司", 15), ("县能源投资集团", 60), ("县镁产业服务中心", 20),
    ("县煤炭事务服务中心", 25), ("县供销合作社联合社", 15), ("县粮食和物资储备中心", 12),
    ("县园林绿化服务中心", 25), ("县环境卫生服务中心", 30), ("县殡葬服务中心", 8),
    ("县社会福利院", 12), ("县救助管理站", 8), ("县劳动保障监察大队", 15),
    ("县就业服务中心", 15), ("县社会保险经办中心", 25), ("县水土保持工作站", 20),
    ("县黄河河务工作站", 15), ("县公路管理段", 30), ("县农业技术推广中心", 25),
]


def member_units(rng, phones, communities):
    branches = [1] * len(UNITS)
    while sum(branches) < UNIT_COUNT:
        # The unit with the most members per branch opens another branch.
        i = max(range(len(UNITS)), key=lambda k: (UNITS[k][1] / branches[k], -k))
        branches[i] += 1
    drafts = []
    for (name, typical), n in zip(UNITS, branches):
        for b in range(1, n + 1):
            label = name if n == 1 else "{}第{}党支部".format(name, numeral(b))
            drafts.append([label, typical / n * rng.uniform(0.7, 1.3)])
    scale = MEMBER_TOTAL / sum(w for _, w in drafts)
    members = [max(3, round(w * scale)) for _, w in drafts]
    # Rounding leaves a few members over or under: take them from or give
    # them to the largest units, which notice it least.
    order = sorted(range(len(members)), key=lambda k: (-members[k], k))
    k = 0
    while sum(members) != MEMBER_TOTAL:
        members[order[k % len(order)]] += 1 if sum(members) < MEMBER_TOTAL else -1
        k += 1
    # Every community gets 21 or 22 units: a shuffled round robin, so one
    # unit's branches scatter over several communities.
    slots = list(range(len(drafts)))
    rng.shuffle(slots)
    community_of = {}
    for position, unit in enumerate(slots):
        community_of[unit] = communities[position % len(communities)]["properties"]["CODE"]
    units = []
    for k, ((label, _), count) in enumerate(zip(drafts, members)):
        units.append({"id": "U{:03d}".format(k + 1), "name": label,
                      "community_code": community_of[k], "members": count,
                      "contact": person(rng), "phone": phones()})
    return units


def organisation(directory, rng):
    communities = read_layer(directory, "communities")
    grids = read_layer(directory, "grids")
    compounds = read_layer(directory, "compounds")
    phones = Phones(rng)
    chiefs = []
    party = []

    def chief(code, role):
        # A street chief is always reachable; others are off duty now and then.
        on_duty = rng.random() < 0.93 or role == "street"
        entry = {"area_code": code, "role": role, "name": person(rng), "phone": phones(),
                 "on_duty": on_duty}
        chiefs.append(entry)
        return entry

    streets = sorted({c["properties"]["PARENT"] for c in communities})
    for street in streets:
        chief(street, "street")
    for c in communities:
        p = c["properties"]
        head = chief(p["CODE"], "community")
        # The community's chief is usually also its party secretary (一肩挑).
        party.append({"area_code": p["CODE"], "kind": "community_committee",
                      "name": p["NAME"] + "党委", "secretary": head["name"],
                      "phone": head["phone"]})
    for g in grids:
        p = g["properties"]
        head = chief(p["CODE"], "grid")
        same = rng.random() < 0.7
        party.append({"area_code": p["CODE"], "kind": "grid_organisation",
                      "name": p["NAME"] + "党支部",
                      "secretary": head["name"] if same else person(rng),
                      "phone": head["phone"] if same else phones()})
    with_branch = []
    for c in compounds:
        p = c["properties"]
        chief(p["CODE"], "compound")
        if rng.random() < 0.6:
            name = p["NAME"] if p["NAME"].endswith("小区") else p["NAME"] + "小区"
            party.append({"area_code": p["CODE"], "kind": "compound_branch",
                          "name": name + "党支部", "secretary": person(rng),
                          "phone": phones()})
            with_branch.append(p["CODE"])
    demonstration = sorted(rng.sample(with_branch, DEMONSTRATION_COUNT))
    return {
        "_source": "Synthetic: generated by data/generator/generate_ops_data.py from the "
                   "sample county's shapefiles. Every name and telephone number is invented "
                   "(13X-0000-NNNN numbers are not real). The counts of member units (303) "
                   "and their members (13,695) follow the reference county.",
        "chiefs": chiefs,
        "party_orgs": party,
        "units": member_units(rng, phones, communities),
        "demonstration_compounds": demonstration,
    }


# ---------------------------------------------------------------------------
# Sensors

# Thresholds per kind: unit, warn, alarm, hysteresis, falling. Sources:
# PM2.5 24-hour limit of GB 3095-2012 (75 μg/m³) and twice it for the alarm;
# combustible-gas detectors' customary low/high alarms (20/50 %LEL);
# GB 3096-2008 class-2 daytime noise (60 dB(A)); the rest are the kind of
# figure a county operator would set.
KINDS = {
    "water_level": ("m", 7.5, 8.5, 0.2, False),
    "air_quality": ("μg/m³", 75, 150, 5, False),
    "gas": ("%LEL", 20, 50, 2, False),
    "crowd_density": ("人/100m²", 200, 350, 20, False),
    "traffic": ("辆/小时", 1500, 2000, 100, False),
    "power": ("%", 85, 95, 3, False),
    "noise": ("dB(A)", 60, 70, 3, False),
    "smoke": ("%obs/m", 1.5, 3.0, 0.3, False),
}

RIVER_GAUGES = ["黄河河滨水位站", "黄河千佛洞水位站", "黄河渡口水位站", "黄河府州水位站",
                "黄河大桥水位站", "黄河荣河水位站"]
CROWD_PLACES = ["府州广场", "黄河文化广场", "东关农贸市场", "南园农贸市场", "府谷中学校门",
                "县第一小学校门", "县人民医院门诊楼", "县汽车客运站"]
STREETS = ["府州大街", "黄河路", "滨河大道", "新区大道", "荣河路", "文化路", "长城路",
           "清水路", "千佛洞路", "东关街", "南园路", "西山路"]
SUBSTATIONS = ["110kV府谷变电站", "35kV城关变电站", "35kV新区变电站", "110kV荣河变电站",
               "35kV东关变电站"]


def sensor(sensor_id, kind, name, p, **override):
    unit, warn, alarm, hysteresis, falling = KINDS[kind]
    entry = {"id": sensor_id, "kind": kind, "name": name, "lon": p[0], "lat": p[1],
             "unit": unit, "warn": warn, "alarm": alarm, "hysteresis": hysteresis,
             "falling": falling}
    entry.update(override)
    return entry


def sensors(directory, rng):
    communities = read_layer(directory, "communities")
    grids = read_layer(directory, "grids")
    compounds = read_layer(directory, "compounds")
    out = []
    for i, p in enumerate(river_points(grids, len(RIVER_GAUGES))):
        out.append(sensor("WL-{:03d}".format(i + 1), "water_level", RIVER_GAUGES[i], p))
    # Two clear-water tanks, where a low level is the danger.
    for i, name in enumerate(["县自来水公司清水池液位", "西山高位水池液位"]):
        p = point_inside(rng, outer_ring(rng.choice(grids)))
        out.append(sensor("WL-{:03d}".format(len(RIVER_GAUGES) + i + 1), "water_level", name, p,
                          warn=1.5, alarm=0.8, hysteresis=0.1, falling=True))
    for i, c in enumerate(rng.sample(communities, 6)):
        p = point_inside(rng, outer_ring(c), 40)
        out.append(sensor("AQ-{:03d}".format(i + 1), "air_quality",
                          c["properties"]["NAME"] + "空气质量监测站", p))
    for i, c in enumerate(sorted(rng.sample(compounds, 12), key=lambda f: f["properties"]["CODE"])):
        p = point_inside(rng, outer_ring(c), 5)
        out.append(sensor("GS-{:03d}".format(i + 1), "gas",
                          c["properties"]["NAME"] + "燃气管网监测点", p))
    for i, name in enumerate(CROWD_PLACES):
        p = point_inside(rng, outer_ring(rng.choice(grids)))
        out.append(sensor("CD-{:03d}".format(i + 1), "crowd_density", name, p))
    crossings = junctions(grids)
    street_pairs = [(a, b) for a in STREETS for b in STREETS if a < b]
    for i, j in enumerate(sorted(rng.sample(range(len(crossings)), 8))):
        # 6 m off the vertex into whichever grid holds it: the stop line.
        p = crossings[j]
        for angle in range(0, 360, 45):
            q = rounded((p[0] + 6 * math.cos(math.radians(angle)) / KX,
                         p[1] + 6 * math.sin(math.radians(angle)) / KY))
            if any(inside(outer_ring(g), q) and edge_distance_m(outer_ring(g), q) > 1
                   for g in grids):
                break
        a, b = street_pairs.pop(rng.randrange(len(street_pairs)))
        out.append(sensor("TF-{:03d}".format(i + 1), "traffic", "{}与{}交叉口".format(a, b), q))
    for i, name in enumerate(SUBSTATIONS):
        p = point_inside(rng, outer_ring(rng.choice(grids)))
        out.append(sensor("PW-{:03d}".format(i + 1), "power", name, p))
    for i, c in enumerate(rng.sample(communities, 7)):
        p = point_inside(rng, outer_ring(c), 40)
        out.append(sensor("NS-{:03d}".format(i + 1), "noise",
                          c["properties"]["NAME"] + "噪声监测点", p))
    for i, c in enumerate(sorted(rng.sample(compounds, 6), key=lambda f: f["properties"]["CODE"])):
        p = point_inside(rng, outer_ring(c), 5)
        out.append(sensor("SM-{:03d}".format(i + 1), "smoke",
                          "{}{}号楼烟感".format(c["properties"]["NAME"], rng.randint(1, 12)), p))
    return {
        "_source": "Synthetic: generated by data/generator/generate_ops_data.py. Sensors are "
                   "placed inside the sample county's grids (lon/lat in CGCS2000 degrees); "
                   "the river gauges follow the town's Yellow River bank, the traffic "
                   "counters its grid-edge street junctions. Names are invented.",
        "sensors": out,
    }


def write(path, value):
    """JSON with one list item per line, so that a diff shows what changed."""
    parts = []
    for key, item in value.items():
        if isinstance(item, list):
            rows = ",\n    ".join(json.dumps(x, ensure_ascii=False) for x in item)
            parts.append("  {}: [\n    {}\n  ]".format(json.dumps(key), rows))
        else:
            parts.append("  {}: {}".format(json.dumps(key), json.dumps(item, ensure_ascii=False)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("{\n" + ",\n".join(parts) + "\n}\n")


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "sample-county")
    # One stream per file, so that changing one list leaves the other alone.
    write(os.path.join(directory, "organisation.json"),
          organisation(directory, random.Random(SEED)))
    write(os.path.join(directory, "sensors.json"), sensors(directory, random.Random(SEED + 1)))


if __name__ == "__main__":
    main()

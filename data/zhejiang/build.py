#!/usr/bin/env python3
"""Build counties.csv, zones.csv and rezoning_crosswalk.csv for the Zhejiang world.

Standard library only.  Run from this folder:  python3 build.py && python3 check.py

Everything that is a number comes from the tables below; SOURCES.md says where each
kind of figure comes from and how sure it is.  GDP values are *priors* (see the GDP
quality codes) that are reconciled to the city GDP of configs/world/zhejiang.yaml by
the rule in `reconcile()`: nothing here was re-checked against a statistical bulletin
in the session that produced these files (no web access), so only two values are
flagged as published figures.
"""
from __future__ import annotations

import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# City GDP 2020, 亿元, exactly as in /work/main/configs/world/zhejiang.yaml (gdp_yi).
CITY_GDP = {
    "hangzhou": 16106, "ningbo": 12409, "wenzhou": 6871, "jiaxing": 5510,
    "huzhou": 3201, "shaoxing": 6001, "jinhua": 4704, "quzhou": 1639,
    "zhoushan": 1512, "taizhou": 5263, "lishui": 1540,
}
CITY_COUNT = {  # county-level units per city in the yaml (`counties:`)
    "hangzhou": 13, "ningbo": 10, "wenzhou": 12, "jiaxing": 7, "huzhou": 5,
    "shaoxing": 6, "jinhua": 9, "quzhou": 6, "zhoushan": 4, "taizhou": 9, "lishui": 9,
}

# GDP quality codes (column gdp_quality):
#   A  published 2020 figure, recalled with high confidence (expected error < 1%);
#      kept unchanged by reconciliation; gdp_estimated = 0
#   B  a specific 2020 figure recalled from bulletins / press reports but NOT verified
#      (expected error ~ +-5%); rescaled with the city's other non-A units
#   C  rough prior from the unit's known relative size (expected error ~ +-15-25%)
# Every B and C value has gdp_estimated = 1.

# code, name_zh, name_en, city, type, gdp prior (亿元), quality, mountain_26
D, CC, C = "district", "county_city", "county"
UNITS = [
    # Hangzhou: 13 units at end 2020 (before the April 2021 re-zoning)
    ("330102", "上城区", "Shangcheng", "hangzhou", D, 1207, "C", 0),
    ("330103", "下城区", "Xiacheng", "hangzhou", D, 1030, "C", 0),
    ("330104", "江干区", "Jianggan", "hangzhou", D, 1016, "C", 0),
    ("330105", "拱墅区", "Gongshu", "hangzhou", D, 611, "C", 0),
    ("330106", "西湖区", "Xihu", "hangzhou", D, 1403, "C", 0),
    ("330108", "滨江区", "Binjiang", "hangzhou", D, 1674, "C", 0),
    ("330109", "萧山区", "Xiaoshan", "hangzhou", D, 1922, "B", 0),
    ("330110", "余杭区", "Yuhang", "hangzhou", D, 3052, "B", 0),
    ("330111", "富阳区", "Fuyang", "hangzhou", D, 868, "C", 0),
    ("330112", "临安区", "Lin'an", "hangzhou", D, 591, "C", 0),
    ("330122", "桐庐县", "Tonglu", "hangzhou", C, 400, "C", 0),
    ("330127", "淳安县", "Chun'an", "hangzhou", C, 243, "C", 1),
    ("330182", "建德市", "Jiande", "hangzhou", CC, 395, "C", 0),
    # Ningbo: 10 (2016 re-zoning: Jiangdong merged into Yinzhou/Haishu, Fenghua a district)
    ("330203", "海曙区", "Haishu", "ningbo", D, 1280, "C", 0),
    ("330205", "江北区", "Jiangbei", "ningbo", D, 650, "C", 0),
    ("330206", "北仑区", "Beilun", "ningbo", D, 2028, "B", 0),
    ("330211", "镇海区", "Zhenhai", "ningbo", D, 1017, "C", 0),
    ("330212", "鄞州区", "Yinzhou", "ningbo", D, 2469, "B", 0),
    ("330213", "奉化区", "Fenghua", "ningbo", D, 590, "C", 0),
    ("330225", "象山县", "Xiangshan", "ningbo", C, 600, "C", 0),
    ("330226", "宁海县", "Ninghai", "ningbo", C, 770, "C", 0),
    ("330281", "余姚市", "Yuyao", "ningbo", CC, 1177, "B", 0),
    ("330282", "慈溪市", "Cixi", "ningbo", CC, 2008.3, "A", 0),
    # Wenzhou: 12 (Dongtou district 2015; Longgang county-level city carved from Cangnan 2019)
    ("330302", "鹿城区", "Lucheng", "wenzhou", D, 1170, "C", 0),
    ("330303", "龙湾区", "Longwan", "wenzhou", D, 620, "C", 0),
    ("330304", "瓯海区", "Ouhai", "wenzhou", D, 760, "C", 0),
    ("330305", "洞头区", "Dongtou", "wenzhou", D, 110, "C", 0),
    ("330324", "永嘉县", "Yongjia", "wenzhou", C, 480, "C", 1),
    ("330326", "平阳县", "Pingyang", "wenzhou", C, 520, "C", 1),
    ("330327", "苍南县", "Cangnan", "wenzhou", C, 400, "C", 1),
    ("330328", "文成县", "Wencheng", "wenzhou", C, 120, "C", 1),
    ("330329", "泰顺县", "Taishun", "wenzhou", C, 110, "C", 1),
    ("330381", "瑞安市", "Rui'an", "wenzhou", CC, 1030, "C", 0),
    ("330382", "乐清市", "Yueqing", "wenzhou", CC, 1233, "B", 0),
    ("330383", "龙港市", "Longgang", "wenzhou", CC, 330, "C", 0),
    # Jiaxing: 7
    ("330402", "南湖区", "Nanhu", "jiaxing", D, 650, "C", 0),
    ("330411", "秀洲区", "Xiuzhou", "jiaxing", D, 620, "C", 0),
    ("330421", "嘉善县", "Jiashan", "jiaxing", C, 700, "C", 0),
    ("330424", "海盐县", "Haiyan", "jiaxing", C, 570, "C", 0),
    ("330481", "海宁市", "Haining", "jiaxing", CC, 1005, "C", 0),
    ("330482", "平湖市", "Pinghu", "jiaxing", CC, 870, "C", 0),
    ("330483", "桐乡市", "Tongxiang", "jiaxing", CC, 1031, "C", 0),
    # Huzhou: 5
    ("330502", "吴兴区", "Wuxing", "huzhou", D, 630, "C", 0),
    ("330503", "南浔区", "Nanxun", "huzhou", D, 520, "C", 0),
    ("330521", "德清县", "Deqing", "huzhou", C, 565, "C", 0),
    ("330522", "长兴县", "Changxing", "huzhou", C, 776, "C", 0),
    ("330523", "安吉县", "Anji", "huzhou", C, 487, "C", 0),
    # Shaoxing: 6 (2013 re-zoning: Shaoxing county -> Keqiao, Shangyu city -> district)
    ("330602", "越城区", "Yuecheng", "shaoxing", D, 900, "C", 0),
    ("330603", "柯桥区", "Keqiao", "shaoxing", D, 1470, "C", 0),
    ("330604", "上虞区", "Shangyu", "shaoxing", D, 1000, "C", 0),
    ("330624", "新昌县", "Xinchang", "shaoxing", C, 430, "C", 0),
    ("330681", "诸暨市", "Zhuji", "shaoxing", CC, 1404, "B", 0),
    ("330683", "嵊州市", "Shengzhou", "shaoxing", CC, 620, "C", 0),
    # Jinhua: 9
    ("330702", "婺城区", "Wucheng", "jinhua", D, 520, "C", 0),
    ("330703", "金东区", "Jindong", "jinhua", D, 340, "C", 0),
    ("330723", "武义县", "Wuyi", "jinhua", C, 290, "C", 1),
    ("330726", "浦江县", "Pujiang", "jinhua", C, 280, "C", 0),
    ("330727", "磐安县", "Pan'an", "jinhua", C, 110, "C", 1),
    ("330781", "兰溪市", "Lanxi", "jinhua", CC, 400, "C", 0),
    ("330782", "义乌市", "Yiwu", "jinhua", CC, 1485.6, "A", 0),
    ("330783", "东阳市", "Dongyang", "jinhua", CC, 640, "C", 0),
    ("330784", "永康市", "Yongkang", "jinhua", CC, 620, "C", 0),
    # Quzhou: 6 (all six are mountain counties)
    ("330802", "柯城区", "Kecheng", "quzhou", D, 270, "C", 1),
    ("330803", "衢江区", "Qujiang", "quzhou", D, 260, "C", 1),
    ("330822", "常山县", "Changshan", "quzhou", C, 170, "C", 1),
    ("330824", "开化县", "Kaihua", "quzhou", C, 150, "C", 1),
    ("330825", "龙游县", "Longyou", "quzhou", C, 290, "C", 1),
    ("330881", "江山市", "Jiangshan", "quzhou", CC, 330, "C", 1),
    # Zhoushan: 4
    ("330902", "定海区", "Dinghai", "zhoushan", D, 520, "C", 0),
    ("330903", "普陀区", "Putuo", "zhoushan", D, 420, "C", 0),
    ("330921", "岱山县", "Daishan", "zhoushan", C, 480, "C", 0),
    ("330922", "嵊泗县", "Shengsi", "zhoushan", C, 120, "C", 0),
    # Taizhou: 9 (Yuhuan county -> county-level city 2017)
    ("331002", "椒江区", "Jiaojiang", "taizhou", D, 700, "C", 0),
    ("331003", "黄岩区", "Huangyan", "taizhou", D, 580, "C", 0),
    ("331004", "路桥区", "Luqiao", "taizhou", D, 620, "C", 0),
    ("331022", "三门县", "Sanmen", "taizhou", C, 250, "C", 1),
    ("331023", "天台县", "Tiantai", "taizhou", C, 300, "C", 1),
    ("331024", "仙居县", "Xianju", "taizhou", C, 260, "C", 1),
    ("331081", "温岭市", "Wenling", "taizhou", CC, 1050, "C", 0),
    ("331082", "临海市", "Linhai", "taizhou", CC, 790, "C", 0),
    ("331083", "玉环市", "Yuhuan", "taizhou", CC, 640, "C", 0),
    # Lishui: 9 (all nine are mountain counties)
    ("331102", "莲都区", "Liandu", "lishui", D, 300, "C", 1),
    ("331121", "青田县", "Qingtian", "lishui", C, 260, "C", 1),
    ("331122", "缙云县", "Jinyun", "lishui", C, 280, "C", 1),
    ("331123", "遂昌县", "Suichang", "lishui", C, 150, "C", 1),
    ("331124", "松阳县", "Songyang", "lishui", C, 140, "C", 1),
    ("331125", "云和县", "Yunhe", "lishui", C, 90, "C", 1),
    ("331126", "庆元县", "Qingyuan", "lishui", C, 90, "C", 1),
    ("331127", "景宁畲族自治县", "Jingning", "lishui", C, 75, "C", 1),
    ("331181", "龙泉市", "Longquan", "lishui", CC, 160, "C", 1),
]

# Hangzhou only: the city total includes 钱塘新区 (Qiantang New Area: 下沙 = Hangzhou ETDZ,
# on Jianggan's territory, and 大江东, on Xiaoshan's) and the West Lake scenic area, which
# Hangzhou reported separately from its districts in 2019-2020.  The city residual is
# therefore given to the host territories (assumption: 2/3 Jianggan, 1/3 Xiaoshan, the
# rough weight of 下沙 vs 大江东) instead of being spread over all 13 units.
HANGZHOU_RESIDUAL_HOSTS = {"330104": 2 / 3, "330109": 1 / 3}

# Key fields.  Three kinds of source per (unit, field):
#   d  = policy-digest §3 names this county/district for the field
#   dc = policy-digest §3 names the city (or a city-wide brand/base); this county is where
#        the named cluster sits -> county choice is an assumption
#   p  = well-known industrial profile, not in the digest -> assumption
KEY = {
    "330104": [("life_health", "dc"), ("rd_design", "dc")],         # 下沙 pharma port; Hangzhou biomedicine R&D
    "330106": [("rd_design", "p")],                                   # Zhejiang Univ., Yunqi town
    "330108": [("consumer_electronics", "dc"), ("rd_design", "p"), ("ecommerce", "p")],  # Hikvision/Dahua (digital security)
    "330109": [("automotive", "dc"), ("equipment", "dc"), ("logistics", "d")],  # Dajiangdong auto; Hangzhou airport
    "330110": [("ecommerce", "p")],                                   # Alibaba
    "330112": [("equipment", "dc")],                                  # Hangzhou Oxygen, Hangcha forklifts (heavy equipment)
    "330127": [("agri_food", "p")],                                   # Qiandao Lake water/fish
    "330206": [("petrochemicals", "dc"), ("logistics", "dc"), ("equipment", "dc"), ("automotive", "dc")],  # Ningbo-Zhoushan base/port (Daxie, Beilun port); Haitian machinery; Geely
    "330211": [("petrochemicals", "dc")],                             # Ningbo petrochemical ETDZ (Ningbo-Zhoushan base)
    "330212": [("light_textiles", "p")],                              # garments
    "330213": [("light_textiles", "p")],                              # garments
    "330225": [("agri_food", "p")],                                   # seafood processing
    "330226": [("equipment", "dc"), ("automotive", "p")],             # moulds (Ningbo precision machinery), auto parts
    "330281": [("consumer_electronics", "dc")],                       # appliances, optics (Ningbo consumer electronics)
    "330282": [("consumer_electronics", "dc"), ("automotive", "dc")], # appliances/smart home; Hangzhou Bay New Area autos
    "330302": [("light_textiles", "p")],                              # footwear, garments
    "330304": [("light_textiles", "p")],                              # footwear, eyewear
    "330324": [("equipment", "p")],                                   # pumps and valves
    "330326": [("light_textiles", "p")],                              # leather (Shuitou)
    "330327": [("light_textiles", "p")],                              # recycled textiles
    "330381": [("automotive", "p")],                                  # auto and motorcycle parts
    "330382": [("equipment", "d")],                                   # Yueqing electrical
    "330383": [("other", "p")],                                       # printing and packaging
    "330411": [("light_textiles", "p")],                              # weaving
    "330424": [("equipment", "p")],                                   # fasteners, nuclear-power equipment
    "330481": [("light_textiles", "d")],                              # Haining leather
    "330482": [("petrochemicals", "dc"), ("light_textiles", "p")],    # Jiaxing port chemical park (Zhapu); garments
    "330483": [("light_textiles", "p")],                              # woollen knitwear, chemical fibre
    "330502": [("equipment", "dc"), ("light_textiles", "p")],         # Huzhou logistics equipment park; Zhili children's wear
    "330503": [("equipment", "p")],                                   # elevators
    "330521": [("automotive", "d"), ("rd_design", "d")],              # smart-vehicle test base; geo-information
    "330522": [("other", "p")],                                       # storage batteries
    "330523": [("light_textiles", "p")],                              # chairs / furniture (light industry)
    "330603": [("light_textiles", "d")],                              # Keqiao textile market
    "330604": [("petrochemicals", "d"), ("life_health", "dc")],       # Shangyu chemical park; Shaoxing pharma
    "330624": [("life_health", "dc"), ("equipment", "p")],            # Shaoxing pharma (Xinhecheng, Zhejiang Medicine); bearings
    "330681": [("equipment", "d"), ("light_textiles", "p")],          # Zhuji environmental equipment; socks
    "330683": [("light_textiles", "p"), ("consumer_electronics", "p")],  # neckties; kitchen appliances
    "330723": [("equipment", "p")],                                   # hardware
    "330726": [("light_textiles", "p")],                              # crystal, locks (light industry)
    "330727": [("agri_food", "p")],                                   # herbal-medicine crops
    "330781": [("light_textiles", "p"), ("life_health", "dc")],       # textiles; Jinhua pharma (Conba)
    "330782": [("light_textiles", "d"), ("logistics", "d"), ("ecommerce", "p")],  # small commodities; Yiwu port
    "330783": [("life_health", "dc")],                                # Jinhua pharma (Hengdian)
    "330784": [("equipment", "p")],                                   # hardware
    "330802": [("petrochemicals", "dc"), ("agri_food", "dc")],        # Quzhou chemical park (Juhua); Quzhou brand
    "330803": [("agri_food", "dc")],
    "330822": [("agri_food", "dc")],
    "330824": [("agri_food", "dc")],
    "330825": [("agri_food", "dc")],
    "330881": [("agri_food", "dc")],
    "330902": [("logistics", "dc")],                                  # Ningbo-Zhoushan port
    "330903": [("logistics", "dc"), ("agri_food", "p")],              # port (Liuheng); aquatic products
    "330921": [("petrochemicals", "dc"), ("logistics", "dc")],        # Zhoushan green petrochemical base (Yushan); port
    "330922": [("logistics", "dc")],                                  # port (Majishan / Yangshan area)
    "331002": [("life_health", "dc"), ("equipment", "p")],            # Taizhou pharma (Hisun); sewing machines
    "331003": [("equipment", "d"), ("rd_design", "d")],               # Huangyan moulds
    "331004": [("automotive", "p")],                                  # Geely plant
    "331023": [("automotive", "p")],                                  # car accessories (after-market)
    "331024": [("life_health", "dc")],                                # Taizhou pharma (Xianju)
    "331081": [("equipment", "p")],                                   # pumps, motors
    "331082": [("life_health", "dc")],                                # Taizhou pharma (Toumen port, Huahai)
    "331083": [("automotive", "p"), ("equipment", "p")],              # auto parts, valves
    # Lishui: every county carries the city-wide regional brand (丽水山耕) the digest names
    "331102": [("agri_food", "dc")], "331121": [("agri_food", "dc")], "331122": [("agri_food", "dc")],
    "331123": [("agri_food", "dc")], "331124": [("agri_food", "dc")], "331126": [("agri_food", "dc")],
    "331127": [("agri_food", "dc")], "331181": [("agri_food", "dc")],
    "331125": [("agri_food", "dc"), ("light_textiles", "p")],         # wooden toys
}
SRC_LABEL = {
    "d": "policy-digest §3",
    "dc": "policy-digest §3 city/base-level (county assumed)",
    "p": "industrial profile (assumption)",
}
FIELDS = {"petrochemicals", "automotive", "life_health", "equipment", "consumer_electronics",
          "light_textiles", "agri_food", "logistics", "ecommerce", "rd_design", "other"}

# ---------------------------------------------------------------------------------------
# Zones.  kind: etdz = 经济技术开发区 / 经济开发区, hitech = 高新技术产业开发区 / 高新区.
# National ETDZs: the 22 Zhejiang entries of the national ETDZ list (MOFCOM list as
# reproduced in a public repository; matches the 22 in zhejiang-facts.md).
# host = county-level unit (2020 code) on whose territory the zone's core sits.
ZONES = [
    # zone_id, name_zh, name_en, level, kind, host, note
    ("hz_etdz", "杭州经济技术开发区", "Hangzhou ETDZ (Xiasha)", "national", "etdz", "330104",
     "national ETDZ 1993; Xiasha, Jianggan in 2020 -> Qiantang 330114 from 2021"),
    ("xiaoshan_etdz", "萧山经济技术开发区", "Xiaoshan ETDZ", "national", "etdz", "330109", "national ETDZ"),
    ("yuhang_etdz", "杭州余杭经济技术开发区", "Hangzhou Yuhang ETDZ", "national", "etdz", "330110",
     "national ETDZ; Linping area -> Linping 330113 from 2021"),
    ("fuyang_etdz", "富阳经济技术开发区", "Fuyang ETDZ", "national", "etdz", "330111", "national ETDZ"),
    ("nb_etdz", "宁波经济技术开发区", "Ningbo ETDZ", "national", "etdz", "330206", "national ETDZ 1984; Beilun"),
    ("daxie", "宁波大榭开发区", "Ningbo Daxie Development Zone", "national", "etdz", "330206",
     "national ETDZ; Daxie island, administratively Beilun"),
    ("nb_petchem_etdz", "宁波石化经济技术开发区", "Ningbo Petrochemical ETDZ", "national", "etdz", "330211",
     "national ETDZ; Zhenhai"),
    ("nb_hzbay_etdz", "宁波杭州湾经济技术开发区", "Ningbo Hangzhou Bay ETDZ", "national", "etdz", "330282",
     "national ETDZ; Hangzhou Bay New Area on Cixi territory"),
    ("wz_etdz", "温州经济技术开发区", "Wenzhou ETDZ", "national", "etdz", "330303",
     "national ETDZ; Longwan (host approximate)"),
    ("jx_etdz", "嘉兴经济技术开发区", "Jiaxing ETDZ", "national", "etdz", "330402",
     "national ETDZ; spans Nanhu/Xiuzhou streets, host assigned to Nanhu (assumption)"),
    ("pinghu_etdz", "平湖经济技术开发区", "Pinghu ETDZ", "national", "etdz", "330482", "national ETDZ"),
    ("jiashan_etdz", "嘉善经济技术开发区", "Jiashan ETDZ", "national", "etdz", "330421", "national ETDZ"),
    ("huz_etdz", "湖州经济技术开发区", "Huzhou ETDZ", "national", "etdz", "330502",
     "national ETDZ; Wuxing territory (now in 南太湖新区)"),
    ("changxing_etdz", "长兴经济技术开发区", "Changxing ETDZ", "national", "etdz", "330522", "national ETDZ"),
    ("paojiang_etdz", "绍兴袍江经济技术开发区", "Shaoxing Paojiang ETDZ", "national", "etdz", "330602",
     "national ETDZ; Yuecheng"),
    ("keqiao_etdz", "绍兴柯桥经济技术开发区", "Shaoxing Keqiao ETDZ", "national", "etdz", "330603", "national ETDZ"),
    ("shangyu_etdz", "杭州湾上虞经济技术开发区", "Hangzhou Bay Shangyu ETDZ", "national", "etdz", "330604",
     "national ETDZ; hosts the Shangyu chemical park"),
    ("jh_etdz", "金华经济技术开发区", "Jinhua ETDZ", "national", "etdz", "330702",
     "national ETDZ; Wucheng territory (host approximate)"),
    ("yiwu_etdz", "义乌经济技术开发区", "Yiwu ETDZ", "national", "etdz", "330782", "national ETDZ"),
    ("qz_etdz", "衢州经济技术开发区", "Quzhou ETDZ", "national", "etdz", "330802",
     "national ETDZ; host assigned to Kecheng (approximate: Kecheng/Qujiang)"),
    ("ls_etdz", "丽水经济技术开发区", "Lishui ETDZ", "national", "etdz", "331102", "national ETDZ; Liandu"),
    ("tzbay_etdz", "台州湾经济技术开发区", "Taizhou Bay ETDZ", "national", "etdz", "331002",
     "national ETDZ (upgraded from Taizhou Economic Development Zone); Jiaojiang (host approximate)"),
    # National high-tech zones (国家高新区), 8 as of 2020 (from memory, not in the facts file)
    ("hz_hitech", "杭州高新技术产业开发区", "Hangzhou National Hi-tech Zone", "national", "hitech", "330108",
     "national hi-tech zone 1991; co-extensive with Binjiang district"),
    ("xiaoshan_linjiang_hitech", "萧山临江高新技术产业开发区", "Xiaoshan Linjiang Hi-tech Zone", "national", "hitech",
     "330109", "national hi-tech zone; Xiaoshan in 2020 -> Qiantang 330114 from 2021"),
    ("nb_hitech", "宁波高新技术产业开发区", "Ningbo National Hi-tech Zone", "national", "hitech", "330212",
     "national hi-tech zone; Yinzhou territory (host approximate)"),
    ("wz_hitech", "温州高新技术产业开发区", "Wenzhou National Hi-tech Zone", "national", "hitech", "330303",
     "national hi-tech zone; host approximate (Longwan/Lucheng)"),
    ("sx_hitech", "绍兴高新技术产业开发区", "Shaoxing National Hi-tech Zone", "national", "hitech", "330602",
     "national hi-tech zone; Yuecheng"),
    ("qz_hitech", "衢州高新技术产业开发区", "Quzhou National Hi-tech Zone", "national", "hitech", "330802",
     "national hi-tech zone; Juhua chemical base; host approximate (Kecheng/Qujiang)"),
    ("moganshan_hitech", "湖州莫干山高新技术产业开发区", "Huzhou Moganshan Hi-tech Zone", "national", "hitech",
     "330521", "national hi-tech zone; Deqing"),
    ("xiuzhou_hitech", "嘉兴秀洲高新技术产业开发区", "Jiaxing Xiuzhou Hi-tech Zone", "national", "hitech",
     "330411", "national hi-tech zone; Xiuzhou"),
]
# Provincial development zones named with confidence (from memory of the 2018 national
# catalogue of development zones 中国开发区审核公告目录 and provincial practice; names may
# have changed in the 2020-21 consolidation 开发区整合提升).  42 of the 77.
PROV = [
    ("qianjiang_edz", "杭州钱江经济开发区", "Hangzhou Qianjiang EDZ", "330110", "Yuhang (Linping area) -> Linping 330113 from 2021"),
    ("tonglu_edz", "浙江桐庐经济开发区", "Tonglu EDZ", "330122", ""),
    ("jiande_edz", "浙江建德经济开发区", "Jiande EDZ", "330182", ""),
    ("linan_edz", "浙江临安经济开发区", "Lin'an EDZ", "330112", ""),
    ("cixi_binhai_edz", "浙江慈溪滨海经济开发区", "Cixi Binhai EDZ", "330282", ""),
    ("yuyao_edz", "浙江余姚经济开发区", "Yuyao EDZ", "330281", ""),
    ("ninghai_edz", "浙江宁海经济开发区", "Ninghai EDZ", "330226", ""),
    ("xiangshan_edz", "浙江象山经济开发区", "Xiangshan EDZ", "330225", ""),
    ("fenghua_edz", "浙江奉化经济开发区", "Fenghua EDZ", "330213", ""),
    ("wangchun_ip", "宁波望春工业园区", "Ningbo Wangchun Industrial Park", "330203", "Haishu since 2016"),
    ("ruian_edz", "浙江瑞安经济开发区", "Rui'an EDZ", "330381", ""),
    ("yueqing_edz", "浙江乐清经济开发区", "Yueqing EDZ", "330382", ""),
    ("pingyang_edz", "浙江平阳经济开发区", "Pingyang EDZ", "330326", ""),
    ("ouhai_edz", "浙江瓯海经济开发区", "Ouhai EDZ", "330304", ""),
    ("haining_edz", "浙江海宁经济开发区", "Haining EDZ", "330481", ""),
    ("tongxiang_edz", "浙江桐乡经济开发区", "Tongxiang EDZ", "330483", ""),
    ("haiyan_edz", "浙江海盐经济开发区", "Haiyan EDZ", "330424", ""),
    ("zhapu_edz", "浙江乍浦经济开发区", "Zhapu EDZ (Jiaxing port area)", "330482", "Jiaxing port / chemical park, Pinghu territory"),
    ("anji_edz", "浙江安吉经济开发区", "Anji EDZ", "330523", ""),
    ("nanxun_edz", "浙江南浔经济开发区", "Nanxun EDZ", "330503", ""),
    ("zhuji_edz", "浙江诸暨经济开发区", "Zhuji EDZ", "330681", ""),
    ("shengzhou_edz", "浙江嵊州经济开发区", "Shengzhou EDZ", "330683", ""),
    ("dongyang_edz", "浙江东阳经济开发区", "Dongyang EDZ", "330783", ""),
    ("yongkang_edz", "浙江永康经济开发区", "Yongkang EDZ", "330784", ""),
    ("lanxi_edz", "浙江兰溪经济开发区", "Lanxi EDZ", "330781", ""),
    ("wuyi_edz", "浙江武义经济开发区", "Wuyi EDZ", "330723", ""),
    ("pujiang_edz", "浙江浦江经济开发区", "Pujiang EDZ", "330726", ""),
    ("jiangshan_edz", "浙江江山经济开发区", "Jiangshan EDZ", "330881", ""),
    ("longyou_edz", "浙江龙游经济开发区", "Longyou EDZ", "330825", ""),
    ("changshan_edz", "浙江常山经济开发区", "Changshan EDZ", "330822", ""),
    ("kaihua_edz", "浙江开化经济开发区", "Kaihua EDZ", "330824", ""),
    ("zhoushan_edz", "浙江舟山经济开发区", "Zhoushan EDZ", "330902", "Dinghai"),
    ("daishan_edz", "浙江岱山经济开发区", "Daishan EDZ", "330921", ""),
    ("wenling_edz", "浙江温岭经济开发区", "Wenling EDZ", "331081", ""),
    ("linhai_edz", "浙江临海经济开发区", "Linhai EDZ", "331082", ""),
    ("yuhuan_edz", "浙江玉环经济开发区", "Yuhuan EDZ", "331083", ""),
    ("xianju_edz", "浙江仙居经济开发区", "Xianju EDZ", "331024", ""),
    ("huangyan_edz", "浙江黄岩经济开发区", "Huangyan EDZ", "331003", ""),
    ("longquan_edz", "浙江龙泉经济开发区", "Longquan EDZ", "331181", ""),
    ("qingtian_edz", "浙江青田经济开发区", "Qingtian EDZ", "331121", ""),
    ("jinyun_edz", "浙江缙云经济开发区", "Jinyun EDZ", "331122", ""),
    ("suichang_edz", "浙江遂昌经济开发区", "Suichang EDZ", "331123", ""),
]

CROSSWALK = [
    ("330102", "上城区", "330102", "上城区", "2021-04: old Shangcheng + most of Jianggan form the new Shangcheng (territory enlarged)"),
    ("330103", "下城区", "330105", "拱墅区", "2021-04: Xiacheng abolished, merged with Gongshu into the new Gongshu"),
    ("330104", "江干区", "330102", "上城区", "2021-04: Jianggan abolished; all but Xiasha/Baiyang streets -> new Shangcheng"),
    ("330104", "江干区", "330114", "钱塘区", "2021-04: Jianggan's Xiasha and Baiyang streets (Hangzhou ETDZ) -> new Qiantang"),
    ("330105", "拱墅区", "330105", "拱墅区", "2021-04: new Gongshu = old Gongshu + Xiacheng (territory enlarged)"),
    ("330109", "萧山区", "330109", "萧山区", "2021-04: Xiaoshan keeps code; loses Hezhuang/Yipeng/Xinwan/Linjiang/Qianjin streets"),
    ("330109", "萧山区", "330114", "钱塘区", "2021-04: Xiaoshan's Hezhuang/Yipeng/Xinwan/Linjiang/Qianjin streets (Dajiangdong) -> Qiantang"),
    ("330110", "余杭区", "330110", "余杭区", "2021-04: Yuhang keeps code and its western part (Future Sci-Tech City, Liangzhu, Pingyao ...)"),
    ("330110", "余杭区", "330113", "临平区", "2021-04: Yuhang's eastern part (Linping, Donghu, Nanyuan, Xingqiao, Yunhe, Qiaosi, Chongxian, Tangqi) -> new Linping"),
]


def reconcile(units):
    """Final GDP: A kept; city residual closed as documented (see SOURCES.md)."""
    out = {}
    prior_sum = {}
    for city, target in CITY_GDP.items():
        rows = [u for u in units if u[3] == city]
        fixed = sum(u[5] for u in rows if u[6] == "A")
        free = [u for u in rows if u[6] != "A"]
        free_sum = sum(u[5] for u in free)
        prior_sum[city] = fixed + free_sum
        if city == "hangzhou":
            resid = target - fixed - free_sum
            for u in rows:
                out[u[0]] = u[5] + resid * HANGZHOU_RESIDUAL_HOSTS.get(u[0], 0.0)
        else:
            k = (target - fixed) / free_sum
            for u in rows:
                out[u[0]] = u[5] if u[6] == "A" else u[5] * k
    return out, prior_sum


def main():
    assert len(UNITS) == 90
    gdp, prior_sum = reconcile(UNITS)
    for code, fl in KEY.items():
        assert code in {u[0] for u in UNITS}, code
        for f, s in fl:
            assert f in FIELDS and s in SRC_LABEL, (code, f, s)

    with open(os.path.join(HERE, "counties.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name_zh", "name_en", "city", "type", "gdp_2020_yi", "gdp_estimated",
                    "mountain_26", "gdp_100bn", "key_fields", "key_field_source",
                    "gdp_prior_yi", "gdp_quality"])
        for code, zh, en, city, typ, prior, q, mtn in UNITS:
            g = round(gdp[code], 1)
            fl = KEY.get(code, [])
            fields = ";".join(f for f, _ in fl)
            groups = {}
            for f, s in fl:
                groups.setdefault(s, []).append(f)
            src = "; ".join(f"{SRC_LABEL[s]}: {'/'.join(fs)}" for s, fs in
                            sorted(groups.items(), key=lambda kv: ["d", "dc", "p"].index(kv[0])))
            w.writerow([code, zh, en, city, typ, f"{g:.1f}", 0 if q == "A" else 1, mtn,
                        1 if g >= 1000 else 0, fields, src, f"{prior:.1f}", q])

    with open(os.path.join(HERE, "zones.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["zone_id", "name_zh", "name_en", "level", "kind", "host_county_code", "city", "source_note"])
        city_of = {u[0]: u[3] for u in UNITS}
        for zid, zh, en, lvl, kind, host, note in ZONES:
            src = ("national ETDZ list (22 Zhejiang entries; MOFCOM list as reproduced in a public repo)"
                   if kind == "etdz" else "national hi-tech zone list as recalled (8 in Zhejiang by 2020)")
            w.writerow([zid, zh, en, lvl, kind, host, city_of[host], f"{src}; {note}".rstrip("; ")])
        for zid, zh, en, host, note in PROV:
            src = "provincial EDZ named from memory of the 2018 catalogue (not re-verified)"
            w.writerow([zid, zh, en, "provincial", "etdz", host, city_of[host], f"{src}; {note}".rstrip("; ")])

    with open(os.path.join(HERE, "rezoning_crosswalk.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code_2020", "name_2020_zh", "code_2022", "name_2022_zh", "note"])
        w.writerows(CROSSWALK)

    print("prior sums vs yaml city GDP (before reconciliation):")
    for city, t in CITY_GDP.items():
        print(f"  {city:9s} prior {prior_sum[city]:8.1f}  yaml {t:6d}  gap {t - prior_sum[city]:+8.1f}"
              f" ({(t - prior_sum[city]) / t:+.1%})")


if __name__ == "__main__":
    main()

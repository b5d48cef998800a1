"""Names in stroke order (姓氏笔画, GB/T 13418): congress_office.strokes and its data.

The stroke sequences below were checked against the 现代汉语通用字笔顺规范 numbering
(横1 竖2 撇3 点4 折5: 提 counts as 横, 竖钩 as 竖, 捺 as 点)."""

import json
import random
import time

import pytest

from congress_office.strokes import STROKE_DATA, sorted_by_strokes, stroke_classes, stroke_key

# The hundred most common surnames.
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤"
)


def digits(char):
    return "".join(map(str, stroke_classes()[char]))


@pytest.mark.parametrize(
    ("char", "sequence"),
    [
        ("丁", "12"),  # 横, 竖钩 (a 竖)
        ("王", "1121"),  # the last stroke a 提 (a 横)
        ("小", "234"),
        ("马", "551"),
        ("方", "4153"),
        ("孔", "5215"),
        ("李", "1234521"),  # 木 then 子: 横撇 (折), 竖钩, 横
        ("张", "5153154"),  # 弓 then 长: 撇, 横, 竖提 (折), 捺
        ("陈", "5215234"),
        ("刘", "413422"),
        ("金", "34112431"),
        ("黄", "12212512134"),
        ("熊", "54251135354444"),
        ("張", "51512111534"),  # traditional characters too
        ("陳", "5212511234"),
    ],
)
def test_the_data_holds_each_characters_strokes_as_the_standard_numbers_them(char, sequence):
    assert digits(char) == sequence


def test_the_data_covers_the_common_characters_and_surnames():
    # GB 2312's first level, the 3,755 most common characters, computed from the codec
    # rather than typed here: rows 16 to 55.
    level_one = [
        bytes([row, cell]).decode("gb2312")
        for row in range(0xB0, 0xD8)
        for cell in range(0xA1, 0xFF)
        if (row, cell) <= (0xD7, 0xF9)
    ]
    assert len(level_one) == 3755
    assert [c for c in level_one if c not in stroke_classes()] == []
    assert len(set(COMMON_SURNAMES)) == 100
    assert [c for c in COMMON_SURNAMES if c not in stroke_classes()] == []


def test_the_data_file_is_generated_compact():
    text = STROKE_DATA.read_text(encoding="utf-8")
    data = json.loads(text)
    assert len(data) > 9000
    assert all(set(sequence) <= set("12345") for sequence in data.values())
    assert len(text.encode()) < 300_000


def test_surnames_sort_by_stroke_count_first():
    # 2, 4, 7, 7, 7, 12 and 17 strokes: the example, shuffled.
    names = ["戴", "陈", "丁", "曾", "张", "王", "李"]
    assert sorted_by_strokes(names) == ["丁", "王", "李", "张", "陈", "曾", "戴"]


def test_a_tie_in_count_is_broken_by_the_strokes_in_the_order_heng_shu_pie_dian_zhe():
    # All four strokes: 王 1121 < 毛 3115 < 文 4134 < 方 4153 < 尹 5113 < 孔 5215. By code
    # point the order would be 孔 尹 文 方 毛 王, by pinyin 方 孔 毛 王 文 尹.
    assert sorted_by_strokes(["孔", "方", "尹", "文", "毛", "王"]) == [
        "王",
        "毛",
        "文",
        "方",
        "尹",
        "孔",
    ]
    # Seven strokes each, the first stroke decides: 李 1… < 张 51… < 陈 52….
    assert sorted_by_strokes(["陈", "张", "李"]) == ["李", "张", "陈"]


def test_names_with_the_same_surname_sort_by_the_next_characters():
    # 刚 has 6 strokes and 芳 7: 王刚 first, though 芳 comes first by pinyin.
    assert sorted_by_strokes(["王芳", "王刚", "王"]) == ["王", "王刚", "王芳"]
    assert sorted_by_strokes(["李建国", "丁一", "李建"]) == ["丁一", "李建", "李建国"]


def test_characters_written_alike_sort_by_code_point():
    assert digits("已") == digits("己") == digits("巳")
    assert sorted_by_strokes(["巳", "已", "己"]) == sorted(["巳", "已", "己"])


def test_a_character_without_data_sorts_after_the_known_ones_and_latin_after_han():
    unknown = "\U00030000"  # extension G: Han, not in the data
    assert unknown not in stroke_classes()
    names = ["Smith", "丁" + unknown, "戴", unknown, "2号", "丁"]
    assert sorted_by_strokes(names) == ["丁", "丁" + unknown, "戴", unknown, "2号", "Smith"]


def test_spaces_and_the_middle_dot_do_not_count():
    assert stroke_key(" 阿沛·阿旺晋美 ") == stroke_key("阿沛阿旺晋美")
    assert stroke_key("王 芳") == stroke_key("王芳")


def test_the_sort_is_stable_and_takes_a_key():
    people = [("王芳", 1), ("李", 2), ("王芳", 3)]
    assert sorted_by_strokes(people, key=lambda p: p[0]) == [("王芳", 1), ("王芳", 3), ("李", 2)]


def test_sorting_two_thousand_names_takes_little_time():
    # A figure, not a limit: printed with -s. Names of a surname and one or two characters.
    chars = list(stroke_classes())
    rng = random.Random(13)
    names = [
        rng.choice(COMMON_SURNAMES) + "".join(rng.choices(chars, k=rng.choice((1, 2))))
        for _ in range(2000)
    ]
    stroke_classes()  # loaded already; the figure is the sort alone
    started = time.perf_counter()
    ordered = sorted_by_strokes(names)
    elapsed = time.perf_counter() - started
    print(f"\nsorting 2,000 names in stroke order: {elapsed * 1000:.1f} ms")
    assert [stroke_key(n) for n in ordered] == sorted(stroke_key(n) for n in names)

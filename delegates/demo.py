"""Demo roster: the 13th Congress of Xieqiao Town, its electoral units, delegations and
about 120 delegates with Chinese names. Deterministic, and safe to run again."""

import random
from datetime import date

from congress_office.demo import DemoLogin, demo_user
from congress_office.roles import Role

from .models import Delegate, Delegation, ElectoralUnit, Term

TERM_NAME = "中国共产党海宁市斜桥镇第十三次代表大会"

# (electoral unit, seats, delegation it belongs to)
ELECTORAL_UNITS = [
    ("镇机关党委", 16, "机关代表团"),
    ("镇属事业单位党总支", 14, "机关代表团"),
    ("斜桥村党委", 12, "农村第一代表团"),
    ("庆云村党委", 10, "农村第一代表团"),
    ("华丰村党委", 10, "农村第二代表团"),
    ("新光村党委", 10, "农村第二代表团"),
    ("榨菜园社区党总支", 12, "社区代表团"),
    ("镇教育卫生党总支", 14, "教育卫生代表团"),
    ("镇非公企业党委", 22, "企业代表团"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖沈姚钱陆金顾"
# Given-name characters by gender, so that a name reads as its delegate's gender.
GIVEN = {
    "male": "伟强磊军洋勇杰涛明超刚华建国志海春林文斌东宏建新正荣",
    "female": "芳敏静丽艳娟兰霞红燕玉萍晓丹秀英慧琳雪梅洁婷",
}
POSTS = {
    Delegate.Occupation.LEADING_CADRE: ("镇人民政府", ["副镇长", "党委委员", "办公室主任"]),
    Delegate.Occupation.PROFESSIONAL: ("斜桥镇中心小学", ["教师", "教导主任", "医生"]),
    Delegate.Occupation.ENTERPRISE: ("海宁市斜桥皮革有限公司", ["总经理", "党支部书记"]),
    Delegate.Occupation.FRONTLINE_WORKER: ("海宁市斜桥榨菜厂", ["车间主任", "技术工人"]),
    Delegate.Occupation.FARMER: ("村经济合作社", ["种植大户", "农机手", "村民小组长"]),
    Delegate.Occupation.OTHER: ("榨菜园社区居委会", ["社区工作者", "退休干部"]),
}


def build() -> list[DemoLogin]:
    rng = random.Random(13)
    term, _ = Term.objects.update_or_create(
        name=TERM_NAME,
        defaults={
            "ordinal": 13,
            "level": Term.Level.TOWN,
            "start_date": date(2022, 1, 8),
            "end_date": date(2027, 1, 7),
            "seats": sum(seats for _, seats, _ in ELECTORAL_UNITS),
        },
    )
    delegations = {}
    names = _unique_names(rng, term.seats)
    delegates = []
    for unit_name, seats, delegation_name in ELECTORAL_UNITS:
        unit, _ = ElectoralUnit.objects.update_or_create(
            term=term, name=unit_name, defaults={"seats": seats}
        )
        if delegation_name not in delegations:
            delegations[delegation_name], _ = Delegation.objects.get_or_create(
                term=term, name=delegation_name
            )
        for _seat in range(seats):
            delegates.append(_delegate(rng, term, unit, delegations[delegation_name], names.pop()))
    for delegation in delegations.values():
        delegation.leader = next(d for d in delegates if d.delegation_id == delegation.pk)
        delegation.save(update_fields=["leader"])

    # The demo delegate account belongs to an ordinary member of a rural delegation.
    me = delegates[40]
    user, login = demo_user(username="delegate", role=Role.DELEGATE, first_name=me.name)
    Delegate.objects.filter(term=term, user=user).exclude(pk=me.pk).update(user=None)
    Delegate.objects.filter(pk=me.pk).update(user=user)
    return [login]


def _unique_names(rng, count):
    """`count` distinct (name, gender) pairs; about a third of the delegates are women."""
    names = {}
    while len(names) < count:
        gender = rng.choices(["male", "female"], weights=[68, 32], k=1)[0]
        given = "".join(rng.choice(GIVEN[gender]) for _ in range(rng.choice((1, 2, 2))))
        names.setdefault(rng.choice(SURNAMES) + given, gender)
    return sorted(names.items(), reverse=True)


def _delegate(rng, term, unit, delegation, name_and_gender):
    name, gender = name_and_gender
    occupation = rng.choices(list(POSTS), weights=[25, 20, 15, 15, 15, 10], k=1)[0]
    work_unit, posts = POSTS[occupation]
    delegate, _ = Delegate.objects.update_or_create(
        term=term,
        name=name,
        defaults={
            "gender": gender,
            "ethnicity": rng.choices(["汉族", "回族", "畲族"], weights=[96, 2, 2], k=1)[0],
            "birth_date": date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28)),
            "education": rng.choice(list(Delegate.Education)),
            "occupation": occupation,
            "work_unit": work_unit,
            "post": rng.choice(posts),
            "phone": f"139{rng.randint(10000000, 99999999)}",
            "electoral_unit": unit,
            "delegation": delegation,
        },
    )
    return delegate

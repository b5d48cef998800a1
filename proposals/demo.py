"""Demo handling units of Xieqiao Town, and one unit staff account."""

from congress_office.demo import DemoLogin, demo_user
from congress_office.roles import Role

from .models import HandlingUnit

UNITS = [
    "镇党政办公室",
    "镇经济发展办公室",
    "镇农业农村办公室",
    "镇社会事业办公室",
    "镇城乡建设办公室",
    "镇综合治理办公室",
    "镇财政所",
    "镇教育办公室",
]


def build() -> list[DemoLogin]:
    units = {name: HandlingUnit.objects.get_or_create(name=name)[0] for name in UNITS}
    user, login = demo_user(username="unit", role=Role.UNIT_STAFF, first_name="王科员")
    units["镇教育办公室"].staff.add(user)
    return [login]

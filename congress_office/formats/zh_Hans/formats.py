"""Chinese dates as the office writes them, where Django's own zh_Hans formats fall short (the
rest, 2026年12月18日 and 14:30, are Django's). Django's month-day form pads the month ("01月5日"),
and its Chinese input forms use directives strptime does not know (%n, %j as a day), so a date
typed as 2026年12月18日 was refused."""

MONTH_DAY_FORMAT = "n月j日"

# The first is what the admin's date fields and calendar write; the others are read too.
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y-%m-%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = [
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M:%S",
]

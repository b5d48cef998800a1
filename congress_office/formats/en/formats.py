"""English dates and times as the office writes them: times on the 24-hour clock. Django's
English "11:30 a.m." ended a sentence as "a.m.." ("Voting opens at Dec. 4, 2026, 11:30 a.m..")
and is not how a Chinese office reads a time in either language."""

DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
TIME_FORMAT = "H:i"

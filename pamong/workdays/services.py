"""Working days in the regency's time zone: weekends, national holidays and DayOff rows are off.

Contract (implemented in this module):
- ``is_working_day(day: date) -> bool``
- ``add_working_days(start: datetime, days: int) -> datetime``: the deadline "``days`` working
  days after ``start``" (aware datetime in, aware datetime out).
- ``working_days_between(start: datetime, end: datetime) -> int``
"""

"""Sending notifications.

Contract (implemented in this module):
- ``notify(*, channel, destination, body, key, subject="", user=None) -> Notification``: writes
  the row in the caller's transaction (idempotent by ``key``) and enqueues delivery on commit.
- ``notify_user(*, user, subject, body, key) -> list[Notification]``: to each verified contact
  of the user (email and/or phone), one row per channel, keys derived from ``key``.
"""

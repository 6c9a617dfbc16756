# Weeks start on Monday in Greece (ELOT EN 28601); Django's Greek formats say Sunday. Read by
# the admin's date pickers (Wagtail passes FIRST_DAY_OF_WEEK to them); the rest of Django's
# Greek formats apply unchanged.
FIRST_DAY_OF_WEEK = 1  # Monday

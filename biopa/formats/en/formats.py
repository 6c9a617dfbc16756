# The park's staff and visitors count weeks from Monday in English too (as in Britain and the
# EU); the rest of Django's English formats apply unchanged.
FIRST_DAY_OF_WEEK = 1  # Monday

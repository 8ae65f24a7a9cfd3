"""The demo data generator: an entirely fictional region for trying Schakel out.

`manage.py demo_data` builds the ZVH "Zuid-Holland Zuid" with its ten real
municipalities, real kinds of partner organisations, the five regietafels, a user
for every role and cases in every state, all with fictional persons. It only runs
when settings.DEMO_MODE is on. The demo accounts share one documented password and
one documented TOTP secret (schakel.demo.credentials), which is why they must never
exist outside demo mode.
"""

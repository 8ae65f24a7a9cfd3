"""The published demo API client, known here so the token endpoint can refuse it outside
demo mode (like the demo TOTP key in schakel.accounts.demo_key)."""

DEMO_CLIENT_ID = "schakel-demo-politie"
DEMO_CLIENT_SECRET = "schakel-demo-api-2025"

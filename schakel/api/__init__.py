"""The partner REST API (PRODUCT.md section 16) and the beheer pages of its clients.

A partner system signs in with OAuth 2.0 client credentials. Each client is bound to one
organisation and acts through its own service account, a ketenpartner of that
organisation, so schakel.access.policy decides what it sees exactly as for a person.
"""

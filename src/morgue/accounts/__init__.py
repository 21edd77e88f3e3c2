"""Readers', editors' and admins' accounts: sign-up, sign-in, consent, roles."""

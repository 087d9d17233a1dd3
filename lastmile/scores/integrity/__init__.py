"""Integrity checks (anti-gaming): each check in ``checks`` reads the audit log and the concerns
and returns ``Flag``s with evidence; ``services.integrity_scan`` stores them as rows."""

"""Readers' error reports and the editors' desk: review, approve, reject, on the record."""

"""Lastmile (最后一公里): grassroots concern handling, measured."""

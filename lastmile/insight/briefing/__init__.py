"""民情分析会 briefing: the data for one area and period (``data``), and its PDF and .xlsx."""

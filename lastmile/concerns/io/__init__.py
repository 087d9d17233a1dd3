"""Spreadsheets in and out: read CSV/XLSX message-board exports, map and validate their columns,
import them through the intake services, and export any concern list to .xlsx.

``reading`` opens a file into rows of cells, ``mapping`` turns headers and cells into checked
rows, ``importer`` validates a whole file and hands the good rows to
``concerns.services.imports`` (the only writer), ``export`` writes a scoped list to a workbook.
"""

"""Import and export of the catalog in the layout of GB/T 39046—2020 Table 4:
one sheet of items (事项) and one of materials (申请材料), with the standard's
Chinese field names as column headers."""

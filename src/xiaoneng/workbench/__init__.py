"""The signed-in desk (工作台) face: each role's workbench, duties and the
organisation chart. A face: it may read any app below it, through selectors."""

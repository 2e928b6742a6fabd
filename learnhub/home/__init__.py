"""The home page (工作台)."""

"""A year of demo history for the demo city, generated through the real case
actions under `travel_to` (`xiaoneng demo-history`)."""

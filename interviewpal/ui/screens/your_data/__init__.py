"""The parts of Settings' "Your data" section (composed in ``ui/screens/data_settings.py``)."""

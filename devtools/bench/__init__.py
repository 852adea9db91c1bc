"""The national-scale benchmark of SPEC section 11 (``manage.py bench``)."""

"""The scale benchmark of issue 11: national-scale data (generate.py) served by gunicorn in
production mode and driven at 10 concurrent users per page (run.py). ``make benchmark-scale``."""

"""skillgap: what the backend job market asks for, and what a learner should learn next."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/skillgap/skillgap"

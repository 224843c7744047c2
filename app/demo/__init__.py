"""A realistic demo clinic (New York time, eight therapists, 300 clients, about three months
of sessions around `now`), deterministic for a given seed."""

from app.demo.builder import build_demo_clinic
from app.demo.plans import DEMO_TIMEZONE, DEMO_USERS
from app.demo.sign_ins import DemoSignIn, demo_sign_ins

__all__ = ["DEMO_TIMEZONE", "DEMO_USERS", "DemoSignIn", "build_demo_clinic", "demo_sign_ins"]

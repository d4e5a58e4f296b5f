"""Invented ads for the duplicate tests: one ad in several guises, and ads that only look alike."""

from __future__ import annotations

ABOUT = (
    "About Lumen Robotics: we build fleet software for warehouse robots. Our team of forty "
    "engineers works from Lisbon, Tallinn and home. "
)
BENEFITS = (
    "Benefits: 30 days of paid leave, a learning budget, a yearly team retreat and a home "
    "office allowance."
)
BACKEND_CORE = (
    "As a Backend Engineer you will design the services that plan routes for thousands of "
    "robots every hour. You will own APIs written in Python and Go, keep our PostgreSQL and "
    "Redis clusters healthy, and stream telemetry through Kafka. "
    "Requirements: four years building distributed systems in production; strong SQL; "
    "experience with Docker and Kubernetes; clear written communication. "
    "Nice to have: Terraform, gRPC, and an interest in robotics or logistics. "
)
FRONTEND_CORE = (
    "As a Frontend Engineer you will craft the dashboards operators use to watch their "
    "fleets live. You will build interfaces in TypeScript and React, design charts that stay "
    "readable at a glance, and work with designers on accessibility. "
    "Requirements: three years of modern frontend work; CSS you are proud of; testing with "
    "Playwright. Nice to have: WebGL, Storybook and a feel for product design. "
)
OTHER_AD = (
    "Quietwater Analytics seeks a Site Reliability Engineer to run our billing platform on "
    "AWS. You will automate everything with Ansible, tune Nginx, own on-call runbooks and "
    "help the team move batch jobs from cron to Airflow. We value calm incident response, "
    "good postmortems, and Linux depth. Salary 80k to 95k GBP, hybrid in Leeds."
)

# the greenhouse original
ORIGINAL = ABOUT + BACKEND_CORE + BENEFITS
# the same ad re-posted elsewhere: different footer, reflowed whitespace, entities escaped
REPOSTED = (
    ABOUT.replace(" and ", " &amp; ").replace(": ", ":\n\n")
    + "  "
    + BACKEND_CORE.replace(". ", ".\n")
    + BENEFITS
    + "\n\nLumen Robotics is an equal opportunity employer. Apply by email to jobs at "
    "lumen dot example, quoting ref HN-42. Recruiters: no thanks."
)
# the same text with only spacing, case and escaping changed: an exact duplicate
RESPACED = ORIGINAL.replace(" ", "  ").replace("Robotics", "ROBOTICS").replace("'", "&#39;")
# another role at the same company, sharing its about and benefits paragraphs
SIBLING_ROLE = ABOUT + FRONTEND_CORE + BENEFITS

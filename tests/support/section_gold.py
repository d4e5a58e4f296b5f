"""Invented gold ads for training and scoring the section model in tests."""

from __future__ import annotations

# invented ads in the shapes the policy describes; each skill's label is the policy's
SECTION_GOLD_ADS = [
    ("Requirements:\n- Python\n- PostgreSQL\n\nNice to have:\n- Kafka\n",
     {"python": "required", "postgresql": "required", "kafka": "preferred"}),
    ("We use Go and Redis. Experience with Docker is a plus.",
     {"go": "other", "redis": "other", "docker": "preferred"}),
    ("You have strong Java skills. Bonus: Terraform.\nOur stack: Java, MySQL.",
     {"java": "required", "terraform": "preferred", "mysql": "other"}),
    ("What you bring:\n- Rust\n- Linux\nPerks: we run on AWS.",
     {"rust": "required", "linux": "required", "aws": "other"}),
]  # fmt: skip

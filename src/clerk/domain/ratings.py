"""好差评: the five levels, the reason tags the evaluator offers, which ratings are poor."""

from __future__ import annotations

# Best first, as the evaluator shows them.
LEVELS = {
    "very_satisfied": "非常满意",
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "dissatisfied": "不满意",
    "very_dissatisfied": "非常不满意",
}
# 满意 or better: what the satisfaction rate (满意率) counts.
SATISFIED_LEVELS = ("very_satisfied", "satisfied")
# 不满意 or worse opens a follow-up (整改) for the manager.
POOR_LEVELS = ("dissatisfied", "very_dissatisfied")

GOOD_REASONS = ("服务热情", "办事高效", "一次办成", "解释清楚")
POOR_REASONS = ("等候时间长", "材料要求不清楚", "服务态度差", "需要多次跑动", "系统故障")

# Working days to call the applicant back and put the cause right (some provinces: 15).
FOLLOW_UP_WORKING_DAYS = 15


def is_poor(level: str) -> bool:
    return level in POOR_LEVELS

"""The hall's set-up as the use cases look it up: categories by letter, windows by number."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.domain.errors import NotFound
from clerk.services.accounts import Actor, Role, require
from clerk.settings import Settings
from clerk.storage.models.queue import QueueCategory, QueueWindow


def load_rules(settings: Settings) -> rules.QueueRules:
    return rules.QueueRules(
        alert_minutes=settings.get_int("queue.wait_alert_minutes"),
        max_recalls=settings.get_int("queue.max_recalls"),
    )


def category_named(session: Session, prefix: str) -> QueueCategory:
    category = session.scalar(
        select(QueueCategory).where(QueueCategory.prefix == rules.normalise_prefix(prefix))
    )
    if category is None or not category.active:
        raise NotFound(f"没有“{prefix}”类业务，请检查排队设置。")
    return category


def no_window(number: str) -> NotFound:
    return NotFound(f"未设置 {number} 号窗口，请系统管理员在排队设置中添加。")


def window_numbered(session: Session, number: str) -> QueueWindow:
    window = session.scalar(select(QueueWindow).where(QueueWindow.number == number.strip()))
    if window is None or not window.active:
        raise no_window(number)
    return window


def my_window(session: Session, actor: Actor) -> QueueWindow:
    """The actor's window, for someone who works at one."""
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    return window_numbered(session, actor.window_no)

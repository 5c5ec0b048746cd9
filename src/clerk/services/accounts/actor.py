"""Who is signed in, and the role checks every service runs before it acts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from clerk.domain.errors import PermissionDenied


class Role(StrEnum):
    CLERK = "clerk"
    MANAGER = "manager"
    ADMIN = "admin"


ROLE_NAMES = {Role.CLERK: "窗口人员", Role.MANAGER: "大厅负责人", Role.ADMIN: "系统管理员"}


@dataclass(frozen=True)
class Actor:
    """The signed-in person at one window; passed to every service call."""

    account_id: int
    username: str
    display_name: str
    staff_no: str
    role: Role
    window_no: str

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)


def require(actor: Actor, *roles: Role) -> None:
    """Raise PermissionDenied unless the actor has one of ``roles``."""
    if actor.role not in roles:
        names = "、".join(ROLE_NAMES[r] for r in roles)
        raise PermissionDenied(f"此操作仅限{names}。", f"{actor.username} is {actor.role}")

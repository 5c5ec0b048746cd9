"""Secrets (hall database password, the hall's register key) live in the OS keyring only."""

from __future__ import annotations

import logging

import keyring
import keyring.errors

from clerk.domain.errors import ClerkError

log = logging.getLogger(__name__)

SERVICE = "clerk"


def get_secret(name: str) -> str | None:
    """The secret, or None when it was never set or this machine has no keyring at all."""
    try:
        return keyring.get_password(SERVICE, name)
    except keyring.errors.NoKeyringError:
        log.warning("no OS keyring on this machine: secret %s not available", name)
        return None
    except keyring.errors.KeyringError as exc:
        raise ClerkError("无法读取系统密钥环，请联系信息技术人员。", repr(exc)) from exc


def set_secret(name: str, value: str) -> None:
    try:
        keyring.set_password(SERVICE, name, value)
    except keyring.errors.KeyringError as exc:
        raise ClerkError("无法写入系统密钥环，请联系信息技术人员。", repr(exc)) from exc

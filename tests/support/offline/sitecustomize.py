"""Refuse every non-loopback network connection in this Python process (tests only).

Put this folder on ``PYTHONPATH`` of a notebook kernel so that a notebook which tries to reach
the internet fails loudly instead of passing on a machine that happens to be online.
"""

import ipaddress
import socket

_original_connect = socket.socket.connect


def _is_local(address):
    if isinstance(address, str):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        msg = f"network access blocked in tests: {address!r}"
        raise OSError(msg)
    return _original_connect(self, address)


socket.socket.connect = _guarded_connect

_original_connect_ex = socket.socket.connect_ex


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        return 111  # ECONNREFUSED
    return _original_connect_ex(self, address)


socket.socket.connect_ex = _guarded_connect_ex

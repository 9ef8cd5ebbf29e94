"""Where the caption page can be reached from: the machine's own addresses, for a bind beyond loopback.

``0.0.0.0`` (or ``::``) is not an address anyone can open; the kiosk names the real ones instead
(``http://192.0.2.7:8080/``), read from the kernel without any new dependency: IPv4 addresses per interface
(``SIOCGIFADDR``) and IPv6 ones from ``/proc/net/if_inet6``.
"""

from __future__ import annotations

import contextlib
import socket
import struct
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path

SIOCGIFADDR = 0x8915
"""Linux ioctl: an interface's IPv4 address."""
IFNAMSIZ = 16
"""Longest interface name the kernel takes, its terminating NUL included."""
IFREQ_SIZE = 256
"""Bytes of the buffer handed to the ioctl (more than ``struct ifreq`` needs)."""
IFREQ_ADDR = slice(20, 24)
"""Where the IPv4 address sits in the answer (``ifr_addr.sin_addr``)."""
IF_INET6 = Path("/proc/net/if_inet6")
IPV6_HEX_DIGITS = 32
WILDCARDS = {"0.0.0.0", "::", ""}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def format_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _ipv4_addresses() -> list[IPv4Address]:
    try:
        import fcntl  # POSIX only: on other systems the wildcard is named as it is
    except ImportError:
        return []
    found: list[IPv4Address] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = struct.pack(f"{IFREQ_SIZE}s", name.encode()[: IFNAMSIZ - 1])
            with contextlib.suppress(OSError):  # an interface without an IPv4 address
                answer = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)
                found.append(IPv4Address(answer[IFREQ_ADDR]))
    return found


def _ipv6_addresses() -> list[IPv6Address]:
    try:
        lines = IF_INET6.read_text(encoding="ascii").splitlines()
    except OSError:
        return []
    found: list[IPv6Address] = []
    for line in lines:
        digits = line.split()[0] if line.split() else ""
        if len(digits) == IPV6_HEX_DIGITS:
            address = IPv6Address(int(digits, 16))
            if not address.is_link_local:  # needs a zone (%eth0) to be opened: not worth naming
                found.append(address)
    return found


def reachable_hosts(host: str) -> list[str]:
    """The addresses a server bound to ``host`` answers on: ``host`` itself, or for a wildcard every address of
    this machine (IPv4 first, then IPv6 for ``::``), loopback last. Falls back to ``[host]``."""
    if host not in WILDCARDS:
        return [host]
    addresses: list[IPv4Address | IPv6Address] = list(_ipv4_addresses())
    if ":" in host:
        addresses += _ipv6_addresses()
    ordered = sorted(dict.fromkeys(addresses), key=lambda a: (a.is_loopback, a.version))
    return [str(a) for a in ordered] or [host]

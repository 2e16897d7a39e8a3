"""Where a server of the game listens: loopback or not, a port already taken, this machine's addresses.

Shared by `trainer serve` and the workshop's voting room. Headless, standard library only.
"""

from __future__ import annotations

import errno
import ipaddress
import socket


def is_loopback(host: str) -> bool:
    """`host` is this machine only (`localhost`, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def port_taken(host: str, port: int) -> bool:
    """Something already listens on `host:port` (a bind, as the server would do it, fails with
    "address in use"). Other errors (a name that does not resolve) are left to the server to report."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return False
    for family, kind, proto, _, address in infos[:1]:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                return error.errno == errno.EADDRINUSE
    return False


def in_use_message(command: str, host: str, port: int, flag: str = "--port") -> str:
    """The one line said when the port is taken (`flag` names the option that chooses another)."""
    return f"trainer {command}: port {port} on {host} is already in use; choose another with {flag}, e.g. {flag} {port + 1}"


def machine_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (what phones on the same network could
    reach), best effort: from the host name and the route a datagram socket would take."""
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
            found.append(str(probe.getsockname()[0]))
    except OSError:
        pass
    unique: list[str] = []
    for address in found:
        if address not in unique and not is_loopback(address):
            unique.append(address)
    return unique

"""Which address phones can reach the laptop on, and a port to listen on.

No packet leaves the machine to find out. On every system, connecting a UDP socket looks
up the route out and names the address it would send from, without sending anything. On
Linux the interfaces' own names and addresses and the kernel's default route are read as
well, so the choice can skip container and VPN interfaces and say which interface it is.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

DEFAULT_PORT = 8765
PORT_ATTEMPTS = 20

# Interfaces of containers, VMs and VPN plumbing: phones in the room never reach these.
_VIRTUAL_PREFIXES = (
    "docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "cni", "flannel", "lxc", "lxd",
    "podman", "kube", "tailscale", "zt", "utun", "tun", "tap",
)


@dataclass(frozen=True)
class Interface:
    name: str
    address: str


def _is_virtual(name: str) -> bool:
    return name.startswith(_VIRTUAL_PREFIXES)


def choose_interface(
    interfaces: list[Interface], default_route: str | None, outgoing: str | None = None,
) -> Interface | None:
    """The interface phones should use, or None when only loopback is up.

    Container and VPN interfaces come last, then the interface of the default route (by
    name, or by the address the route goes out from) is preferred, then private (RFC
    1918) addresses; never loopback or link-local.
    """
    candidates = []
    for interface in interfaces:
        try:
            address = ipaddress.IPv4Address(interface.address)
        except ValueError:
            continue
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            continue
        on_default_route = interface.name == default_route or interface.address == outgoing
        rank = (_is_virtual(interface.name), not on_default_route, not address.is_private)
        candidates.append((rank, interface))
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def default_route_interface(route_table: Path = Path("/proc/net/route")) -> str | None:
    """The interface of the IPv4 default route, from the kernel's table (Linux)."""
    try:
        lines = route_table.read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) > 2 and fields[1] == "00000000":
            return fields[0]
    return None


def _interface_address(name: str) -> str | None:
    """The IPv4 address of one interface (Linux SIOCGIFADDR)."""
    import fcntl  # not on Windows, and other systems number their ioctls differently

    SIOCGIFADDR = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
        except OSError:
            return None
    return socket.inet_ntoa(packed[20:24])


def local_interfaces() -> list[Interface]:
    found = []
    if sys.platform.startswith("linux"):
        for _, name in socket.if_nameindex():
            address = _interface_address(name)
            if address:
                found.append(Interface(name, address))
    if not found:
        # Not Linux, or no permission: the addresses the host name resolves to (and
        # phone_interface adds the route probe's).
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        except OSError:
            infos = []
        found = [Interface("", info[4][0]) for info in infos]
    return found


# TEST-NET-1 (RFC 5737): routed like any address beyond the room, and never answered.
_ROUTE_PROBE = ("192.0.2.1", 9)


def outgoing_address() -> str | None:
    """The address this machine would send from by its default route, on any system:
    connecting a UDP socket only looks the route up, it sends no packet."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_ROUTE_PROBE)
            return probe.getsockname()[0]
        except OSError:  # no route out at all, as on a room network without a gateway
            return None


def phone_interface(
    default_route: Callable[[], str | None] = default_route_interface,
    outgoing_route: Callable[[], str | None] = outgoing_address,
) -> Interface | None:
    """The laptop's interface on the room's network (its name is empty where the system
    does not tell it), or None when only loopback is up. The two route probes are
    arguments so that another system's answers can be tried on this one."""
    interfaces = local_interfaces()
    outgoing = outgoing_route()
    if outgoing and all(interface.address != outgoing for interface in interfaces):
        interfaces.append(Interface("", outgoing))
    return choose_interface(interfaces, default_route(), outgoing)


def lan_address(interface: Callable[[], Interface | None] = phone_interface) -> str:
    """The laptop's address on the room's network; loopback if it has none."""
    chosen = interface()
    return chosen.address if chosen else "127.0.0.1"


def bind_socket(host: str, port: int, attempts: int = PORT_ATTEMPTS) -> socket.socket:
    """A listening socket on `port`, or on the next free one after it."""
    last_error: OSError | None = None
    for candidate in range(port, port + attempts):
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError as error:
            sock.close()
            if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            last_error = error
            continue
        sock.listen(2048)
        sock.set_inheritable(True)
        return sock
    raise OSError(
        errno.EADDRINUSE,
        f"ports {port} to {port + attempts - 1} are all taken; choose another with --port",
    ) from last_error

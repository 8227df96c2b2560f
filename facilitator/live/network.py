"""Which address phones can reach the laptop on, and a port to listen on.

No packet leaves the machine to find out: the addresses come from the interfaces
themselves, and the default route (read from the kernel's table) says which one is the
room's network.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

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


def choose_address(interfaces: list[Interface], default_route: str | None) -> str | None:
    """The address phones should use, or None when only loopback is up.

    Container and VPN interfaces come last, then the interface of the default route is
    preferred, then private (RFC 1918) addresses; never loopback or link-local.
    """
    candidates = []
    for interface in interfaces:
        try:
            address = ipaddress.IPv4Address(interface.address)
        except ValueError:
            continue
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            continue
        rank = (
            _is_virtual(interface.name),
            interface.name != default_route,
            not address.is_private,
        )
        candidates.append((rank, interface.address))
    return min(candidates)[1] if candidates else None


def _default_route_interface(route_table: Path = Path("/proc/net/route")) -> str | None:
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
    try:
        import fcntl
    except ImportError:  # Windows: local_interfaces() falls back to the host name
        return None
    SIOCGIFADDR = 0x8915
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
        except OSError:
            return None
    return socket.inet_ntoa(packed[20:24])


def local_interfaces() -> list[Interface]:
    found = []
    for _, name in socket.if_nameindex():
        address = _interface_address(name)
        if address:
            found.append(Interface(name, address))
    if not found:
        # Not Linux, or no permission: the addresses the host name resolves to.
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        except OSError:
            infos = []
        found = [Interface("", info[4][0]) for info in infos]
    return found


def lan_address() -> str:
    """The laptop's address on the room's network; loopback if it has none."""
    return choose_address(local_interfaces(), _default_route_interface()) or "127.0.0.1"


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
